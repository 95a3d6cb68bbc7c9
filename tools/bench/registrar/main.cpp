// Times, with N accounts each holding one binding and none due: the
// registrar's sweep and gauges, and a walk over every account computing
// its next expiry (the loop the sweep ran before its expiry schedule).
// Usage: passerelle-bench-sweep [accounts...]   (default 100000 1000000)

#include "actors/registrar_core.hpp"
#include "actors/registrar_restore.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace passerelle;

namespace {

using ms = std::chrono::duration<double, std::milli>;

events::device_model device(int i, std::chrono::system_clock::time_point at) {
  char mac[16];
  std::snprintf(mac, sizeof mac, "0015%08x", i);
  events::device_model m;
  m.mac = mac;
  m.lifecycle = events::device_lifecycle::provisioned;
  m.credentials.ha1_md5 = std::string(32, 'a');
  m.credentials.ha1_sha256 = std::string(64, 'b');
  events::registration_binding b;
  b.contact = std::string{"sip:"}.append(mac).append("@10.0.0.1:5060");
  b.transport = "udp";
  b.source = "10.0.0.1:5060";
  b.expires_at_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        at.time_since_epoch())
                        .count();
  m.bindings.push_back(b);
  return m;
}

/// Best of five runs of `f`, in milliseconds.
template <class F>
double best_of_5(F f) {
  double best = 1e300;
  for (int r = 0; r < 5; ++r) {
    auto t = std::chrono::steady_clock::now();
    f();
    best = std::min(best, ms(std::chrono::steady_clock::now() - t).count());
  }
  return best;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes{100000, 1000000};
  if (argc > 1)
    sizes.assign(argc - 1, 0);
  for (int i = 1; i < argc; ++i)
    sizes[i - 1] = std::atoi(argv[i]);
  for (int n : sizes) {
    registrar_core core{registrar_settings{}, nullptr};
    auto later = std::chrono::system_clock::now() + std::chrono::hours{1};
    for (int i = 0; i < n; ++i)
      learn(core, device(i, later));
    size_t expired = 0;
    auto sweep_ms = best_of_5([&] { expired += sweep(core).size(); });
    auto gauges_ms = best_of_5([&] { gauges(core); });
    size_t due = 0;
    auto walk_ms = best_of_5([&] {
      auto now = std::chrono::system_clock::now();
      for (auto& [user, account] : core.accounts)
        if (auto next = sip::registrar::next_expiry(account.bindings);
            next && *next <= now)
          ++due;
    });
    std::printf("accounts %d: sweep %.4f ms, gauges %.4f ms, walk over every "
                "account %.3f ms (best of 5; %zu expired, %zu due)\n",
                n, sweep_ms, gauges_ms, walk_ms, expired, due);
  }
  return 0;
}
