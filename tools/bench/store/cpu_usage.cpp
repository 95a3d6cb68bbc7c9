#include "tools/bench/store/cpu_usage.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace passerelle::bench {

namespace {

double process_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

/// Busy seconds from the first line of /proc/stat (0 when unreadable).
double machine_seconds() {
  std::ifstream in{"/proc/stat"};
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0,
                     irq = 0, softirq = 0, steal = 0;
  if (!(in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >>
        softirq >> steal))
    return 0;
  auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return static_cast<double>(user + nice + system + irq + softirq + steal) /
         ticks;
}

} // namespace

cpu_sample sample_cpu() {
  return {process_seconds(), machine_seconds()};
}

double other_cores(const cpu_sample& from, const cpu_sample& to,
                   double wall_s) {
  if (wall_s <= 0 || to.machine_s == 0)
    return 0;
  auto other =
      (to.machine_s - from.machine_s) - (to.process_s - from.process_s);
  return other > 0 ? other / wall_s : 0;
}

} // namespace passerelle::bench
