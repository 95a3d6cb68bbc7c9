#include "tools/bench/store/stats.hpp"

#include <algorithm>
#include <cmath>

namespace passerelle::bench {

uint64_t quantile(std::vector<uint64_t>& samples, double q) {
  if (samples.empty())
    return 0;
  auto rank = static_cast<size_t>(std::ceil(q * samples.size()));
  auto i = samples.begin() + (rank == 0 ? 0 : rank - 1);
  std::nth_element(samples.begin(), i, samples.end());
  return *i;
}

spread spread_of(std::vector<double> runs) {
  if (runs.empty())
    return {};
  std::sort(runs.begin(), runs.end());
  auto n = runs.size();
  auto median = n % 2 ? runs[n / 2] : (runs[n / 2 - 1] + runs[n / 2]) / 2;
  return {median, runs.front(), runs.back()};
}

} // namespace passerelle::bench
