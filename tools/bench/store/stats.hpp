#pragma once

#include <cstdint>
#include <vector>

namespace passerelle::bench {

/// The nearest-rank `q`-quantile of `samples` (0 when empty); reorders them.
uint64_t quantile(std::vector<uint64_t>& samples, double q);

/// Median and range of one measurement repeated over several runs.
struct spread {
  double median = 0;
  double min = 0;
  double max = 0;
};

/// The spread of `runs` (the mean of the middle two for an even count).
spread spread_of(std::vector<double> runs);

} // namespace passerelle::bench
