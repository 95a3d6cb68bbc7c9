// passerelle-bench-store: appends/s through the store actor and replay
// speed of a large log. Prints Markdown tables; see BENCHMARKS.md.

#include "actors/errors.hpp"
#include "tools/bench/store/append_bench.hpp"
#include "tools/bench/store/replay_bench.hpp"
#include "tools/bench/store/report.hpp"
#include "tools/bench/store/workload.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace passerelle;
using namespace passerelle::bench;

namespace {

constexpr const char* usage =
    "usage: passerelle-bench-store [options]\n"
    "  --seconds S       duration of each append run (3)\n"
    "  --runs N          repetitions of every measurement (3)\n"
    "  --writers LIST    concurrent writers, comma-separated (1,16,256)\n"
    "  --modes LIST      durability modes (sync,nosync)\n"
    "  --events N        events in the replay log (1000000)\n"
    "  --streams N       streams in the replay log (10000)\n"
    "  --batch N         appends per commit when writing it (1000)\n"
    "  --page N          events per read_all page (10000)\n"
    "  --only WHAT       append or replay\n"
    "  --dir PATH        parent of the temporary stores (./bench-store.tmp)\n"
    "  --json FILE       also write every run as JSON to FILE\n";

struct options {
  append_config append;
  replay_config replay;
  size_t runs = 3;
  std::vector<size_t> writers{1, 16, 256};
  std::vector<storage::durability> modes{storage::durability::sync,
                                         storage::durability::nosync};
  bool run_append = true;
  bool run_replay = true;
  std::string json_file;
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in{text};
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(item);
  return out;
}

/// Applies one `--name value` option; false when it is not known.
bool apply_option(options& o, std::string_view name, const std::string& v) {
  auto number = [&] { return std::strtoull(v.c_str(), nullptr, 10); };
  if (name == "--seconds")
    o.append.duration = std::chrono::milliseconds(
        static_cast<int64_t>(std::strtod(v.c_str(), nullptr) * 1000));
  else if (name == "--runs")
    o.runs = number();
  else if (name == "--events")
    o.replay.events = number();
  else if (name == "--streams")
    o.replay.streams = number();
  else if (name == "--batch")
    o.replay.batch = number();
  else if (name == "--page")
    o.replay.page = number();
  else if (name == "--dir")
    o.append.dir = o.replay.dir = v;
  else if (name == "--json")
    o.json_file = v;
  else if (name == "--only" && (v == "append" || v == "replay"))
    (v == "append" ? o.run_replay : o.run_append) = false;
  else if (name == "--writers") {
    o.writers.clear();
    for (auto& x : split(v))
      o.writers.push_back(std::strtoull(x.c_str(), nullptr, 10));
  } else if (name == "--modes") {
    o.modes.clear();
    for (auto& x : split(v))
      if (x == "sync" || x == "nosync")
        o.modes.push_back(x == "sync" ? storage::durability::sync
                                      : storage::durability::nosync);
      else
        return false;
  } else
    return false;
  return true;
}

std::optional<options> parse(int argc, char** argv) {
  options o;
  o.append.dir = o.replay.dir = "bench-store.tmp";
  for (int i = 1; i + 1 < argc; i += 2)
    if (!apply_option(o, argv[i], argv[i + 1]))
      return std::nullopt;
  if (argc % 2 == 0 || o.runs == 0 || o.replay.streams == 0 ||
      o.replay.batch == 0 || o.replay.page == 0)
    return std::nullopt;
  return o;
}

bool report_failure(const failure& f) {
  std::fprintf(stderr, "failed: %s: %s\n", to_string(f.code),
               f.message.c_str());
  return false;
}

bool bench_appends(caf::actor_system& sys, const options& o,
                   std::vector<append_runs>& rows) {
  for (auto mode : o.modes)
    for (auto writers : o.writers) {
      auto cfg = o.append;
      cfg.mode = mode;
      cfg.writers = writers;
      rows.push_back({cfg, {}});
    }
  // Runs interleave the configurations so drift hits them all alike.
  for (size_t run = 1; run <= o.runs; ++run)
    for (auto& row : rows) {
      auto r = run_append(sys, row.cfg);
      if (!r)
        return report_failure(r.error());
      std::fprintf(stderr,
                   "append %s x%zu run %zu: %.0f events/s (other processes: "
                   "%.2f cores)\n",
                   row.cfg.mode == storage::durability::sync ? "sync"
                                                             : "nosync",
                   row.cfg.writers, run, r->events_per_s, r->other_cores);
      row.runs.push_back(*r);
    }
  return true;
}

bool bench_replay(const options& o, replay_runs& out) {
  out.cfg = o.replay;
  for (size_t run = 1; run <= o.runs; ++run) {
    auto r = run_replay(o.replay);
    if (!r)
      return report_failure(r.error());
    std::fprintf(stderr,
                 "replay run %zu: verify %.0f events/s (other processes: "
                 "%.2f cores)\n",
                 run, r->verify_per_s, r->other_cores);
    out.runs.push_back(*r);
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]} == "--help") {
      std::fputs(usage, stdout);
      return 0;
    }
  auto opts = parse(argc, argv);
  if (!opts) {
    std::fputs(usage, stderr);
    return 2;
  }
  std::filesystem::create_directories(opts->append.dir);
  caf::actor_system_config cfg;
  register_error_category(cfg);
  caf::actor_system sys{cfg};
  std::vector<append_runs> append;
  replay_runs replay;
  if (opts->run_append && !bench_appends(sys, *opts, append))
    return 1;
  if (opts->run_replay && !bench_replay(*opts, replay))
    return 1;
  auto sample = device_append(0, 0, 1);
  std::printf("Envelope of one device_provisioned event: %zu bytes.\n\n",
              envelope_size(sample));
  if (!append.empty())
    std::printf("Appends through the store actor, %.1f s per run, %zu runs; "
                "median (min–max):\n\n%s\n",
                opts->append.duration.count() / 1e3, opts->runs,
                append_table(append).c_str());
  if (!replay.runs.empty())
    std::printf("Replay of %llu events over %llu streams, %zu runs; "
                "median (min–max):\n\n%s",
                static_cast<unsigned long long>(opts->replay.events),
                static_cast<unsigned long long>(opts->replay.streams),
                opts->runs, replay_table(replay).c_str());
  if (!opts->json_file.empty())
    std::ofstream{opts->json_file} << to_json(append, replay).dump(2) << '\n';
  return 0;
}
