#pragma once

namespace passerelle::bench {

/// CPU time used so far by this process and by the whole machine.
struct cpu_sample {
  /// User and system time of this process, in seconds.
  double process_s = 0;
  /// Busy time of every core (all but idle and iowait), in seconds.
  double machine_s = 0;
};

cpu_sample sample_cpu();

/// Cores that other processes kept busy on average between two samples
/// taken `wall_s` apart: how much a run was disturbed.
double other_cores(const cpu_sample& from, const cpu_sample& to, double wall_s);

} // namespace passerelle::bench
