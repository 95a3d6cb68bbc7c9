#pragma once

#include "tools/bench/store/append_bench.hpp"
#include "tools/bench/store/replay_bench.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace passerelle::bench {

/// Every run of one append configuration.
struct append_runs {
  append_config cfg;
  std::vector<append_result> runs;
};

/// Every run of the replay benchmark.
struct replay_runs {
  replay_config cfg;
  std::vector<replay_result> runs;
};

/// Markdown table of the append benchmark: medians with (min–max).
std::string append_table(const std::vector<append_runs>& rows);

/// Markdown table of the replay benchmark: medians with (min–max).
std::string replay_table(const replay_runs& rows);

/// Every run of both benchmarks, unsummarised.
nlohmann::json to_json(const std::vector<append_runs>& append,
                       const replay_runs& replay);

} // namespace passerelle::bench
