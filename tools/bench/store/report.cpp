#include "tools/bench/store/report.hpp"

#include "tools/bench/store/stats.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace passerelle::bench {

namespace {

/// A rate or count, short: 950, 12.3k, 1.25M.
std::string short_number(double x) {
  char buf[32];
  if (x >= 1e6)
    std::snprintf(buf, sizeof(buf), "%.2fM", x / 1e6);
  else if (x >= 1e4)
    std::snprintf(buf, sizeof(buf), "%.1fk", x / 1e3);
  else if (x >= 100)
    std::snprintf(buf, sizeof(buf), "%.0f", x);
  else
    std::snprintf(buf, sizeof(buf), "%.1f", x);
  return buf;
}

template <class Run>
using field = std::function<double(const Run&)>;

/// "median (min–max)" of one field over the runs.
template <class Run>
std::string median_range(const std::vector<Run>& runs, const field<Run>& f) {
  std::vector<double> xs;
  for (auto& run : runs)
    xs.push_back(f(run));
  auto s = spread_of(std::move(xs));
  return short_number(s.median)
      .append(" (")
      .append(short_number(s.min))
      .append("–")
      .append(short_number(s.max))
      .append(")");
}

/// Median of one field over the runs, short.
template <class Run>
std::string median_only(const std::vector<Run>& runs, const field<Run>& f) {
  std::vector<double> xs;
  for (auto& run : runs)
    xs.push_back(f(run));
  return short_number(spread_of(std::move(xs)).median);
}

const char* mode_name(storage::durability x) {
  return x == storage::durability::sync ? "sync" : "nosync";
}

double per_batch(const append_result& r) {
  return r.batches ? static_cast<double>(r.events) / r.batches : 0;
}

/// A note on how busy other processes kept the machine.
std::string disturbance(double max_other_cores) {
  char buf[96];
  std::snprintf(buf, sizeof(buf),
                "\nOther processes: at most %.2f cores busy during a run.\n",
                max_other_cores);
  return buf;
}

} // namespace

std::string append_table(const std::vector<append_runs>& rows) {
  std::string out =
      "| mode | writers | events/s | events/CPU-s | p50 µs | p99 µs "
      "| events/batch | batches/s | in commit |\n"
      "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  using run = append_result;
  for (auto& row : rows) {
    auto& rs = row.runs;
    char busy[16];
    std::vector<double> shares;
    for (auto& r : rs)
      shares.push_back(r.commit_busy * 100);
    std::snprintf(busy, sizeof(busy), "%.0f%%", spread_of(shares).median);
    out.append("| ")
        .append(mode_name(row.cfg.mode))
        .append(" | ")
        .append(std::to_string(row.cfg.writers))
        .append(" | ")
        .append(median_range<run>(rs, [](auto& r) { return r.events_per_s; }))
        .append(" | ")
        .append(
            median_only<run>(rs, [](auto& r) { return r.events_per_cpu_s; }))
        .append(" | ")
        .append(median_range<run>(rs, [](auto& r) { return r.p50_us; }))
        .append(" | ")
        .append(median_range<run>(rs, [](auto& r) { return r.p99_us; }))
        .append(" | ")
        .append(median_only<run>(rs, per_batch))
        .append(" | ")
        .append(
            median_only<run>(rs, [](auto& r) { return r.batches / r.seconds; }))
        .append(" | ")
        .append(busy)
        .append(" |\n");
  }
  uint64_t failed = 0;
  double others = 0;
  for (auto& row : rows)
    for (auto& r : row.runs) {
      failed += r.failures;
      others = std::max(others, r.other_cores);
    }
  out += disturbance(others);
  if (failed > 0)
    out.append("\n**")
        .append(std::to_string(failed))
        .append(" appends failed (timeout or store error).**\n");
  return out;
}

std::string replay_table(const replay_runs& rows) {
  using run = replay_result;
  auto& rs = rows.runs;
  auto line = [&](const std::string& phase, const field<run>& f) {
    return std::string{"| "}
        .append(phase)
        .append(" | ")
        .append(median_range<run>(rs, f))
        .append(" |\n");
  };
  std::string out = "| phase | events/s |\n|---|--:|\n";
  auto batch = std::to_string(rows.cfg.batch);
  out += line(std::string{"write: stage/commit, nosync, "}.append(batch).append(
                  " appends per commit"),
              [](auto& r) { return r.write_per_s; });
  out += line("verify: hashes, chains, envelope and CBOR decode",
              [](auto& r) { return r.verify_per_s; });
  out += line(
      std::string{"read_all: pages of "}.append(std::to_string(rows.cfg.page)),
      [](auto& r) { return r.read_all_per_s; });
  double others = 0;
  for (auto& r : rs)
    others = std::max(others, r.other_cores);
  out += disturbance(others);
  return out;
}

nlohmann::json to_json(const std::vector<append_runs>& append,
                       const replay_runs& replay) {
  nlohmann::json out{{"append", nlohmann::json::array()},
                     {"replay", nlohmann::json::array()}};
  for (auto& row : append)
    for (auto& r : row.runs)
      out["append"].push_back({{"mode", mode_name(row.cfg.mode)},
                               {"writers", row.cfg.writers},
                               {"seconds", r.seconds},
                               {"appends", r.appends},
                               {"failures", r.failures},
                               {"events_per_s", r.events_per_s},
                               {"events_per_cpu_s", r.events_per_cpu_s},
                               {"p50_us", r.p50_us},
                               {"p99_us", r.p99_us},
                               {"batches", r.batches},
                               {"events", r.events},
                               {"commit_busy", r.commit_busy},
                               {"other_cores", r.other_cores}});
  for (auto& r : replay.runs)
    out["replay"].push_back({{"events", r.events},
                             {"streams", replay.cfg.streams},
                             {"disk_bytes", r.disk_bytes},
                             {"write_per_s", r.write_per_s},
                             {"verify_per_s", r.verify_per_s},
                             {"read_all_per_s", r.read_all_per_s},
                             {"other_cores", r.other_cores}});
  return out;
}

} // namespace passerelle::bench
