#include "tools/bench/store/replay_bench.hpp"

#include "storage/event_store.hpp"
#include "storage/verify.hpp"
#include "tools/bench/store/cpu_usage.hpp"
#include "tools/bench/store/workload.hpp"

#include <chrono>
#include <cstdio>
#include <vector>

namespace passerelle::bench {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// Appends `cfg.events` events round-robin over the streams, so each
/// stream's events are spread across the whole log.
failure count_mismatch(const char* what, uint64_t seen, uint64_t expected) {
  char text[128];
  std::snprintf(text, sizeof(text), "%s %llu events, expected %llu", what,
                static_cast<unsigned long long>(seen),
                static_cast<unsigned long long>(expected));
  return {ec::corrupt, text};
}

result<double> write_log(storage::event_store& store,
                         const replay_config& cfg) {
  std::vector<storage::append_request> templates;
  templates.reserve(cfg.streams);
  for (uint64_t s = 0; s < cfg.streams; ++s)
    templates.push_back(device_append(s, 0, 0));
  auto start = clock_type::now();
  for (uint64_t i = 0; i < cfg.events; ++i) {
    auto& req = templates[i % cfg.streams];
    req.expected_version = i / cfg.streams;
    req.timestamp_ns = 1'800'000'000'000'000'000 + static_cast<int64_t>(i);
    if (auto ack = store.stage(req); !ack)
      return ack.error();
    if (store.staged() >= cfg.batch)
      if (auto n = store.commit(); !n)
        return n.error();
  }
  if (auto n = store.commit(); !n)
    return n.error();
  return seconds_since(start);
}

result<double> time_verify(storage::event_store& store, uint64_t expected) {
  auto start = clock_type::now();
  auto report = storage::verify(store);
  auto secs = seconds_since(start);
  if (report.first_broken)
    return failure{ec::corrupt, "verify: " + report.first_broken->reason};
  if (report.events != expected || report.positions != expected)
    return count_mismatch("verify walked", report.events, expected);
  return secs;
}

result<double> time_read_all(storage::event_store& store, uint64_t page,
                             uint64_t expected) {
  auto start = clock_type::now();
  uint64_t from = 1;
  uint64_t seen = 0;
  for (;;) {
    auto chunk = store.read_all(from, page);
    if (!chunk)
      return chunk.error();
    if (chunk->empty())
      break;
    seen += chunk->size();
    from = chunk->back().position + 1;
  }
  auto secs = seconds_since(start);
  if (seen != expected)
    return count_mismatch("read_all returned", seen, expected);
  return secs;
}

uint64_t disk_usage(const std::filesystem::path& dir) {
  uint64_t total = 0;
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      total += entry.file_size();
  return total;
}

} // namespace

result<replay_result> run_replay(const replay_config& cfg) {
  auto dir = fresh_dir(cfg.dir, "replay");
  auto cpu_start = sample_cpu();
  auto start = clock_type::now();
  replay_result out;
  out.events = cfg.events;
  {
    auto store = storage::event_store::open(
        dir.string(), {storage::durability::nosync, "node-1"});
    if (!store)
      return store.error();
    auto secs = write_log(**store, cfg);
    if (!secs)
      return secs.error();
    out.write_per_s = static_cast<double>(cfg.events) / *secs;
  }
  out.disk_bytes = disk_usage(dir);
  // Read back as passerelle-audit would: a fresh, read-only open.
  auto store = storage::event_store::open(
      dir.string(), {storage::durability::nosync, "node-1", true});
  if (!store)
    return store.error();
  auto verify_s = time_verify(**store, cfg.events);
  if (!verify_s)
    return verify_s.error();
  out.verify_per_s = static_cast<double>(cfg.events) / *verify_s;
  auto read_s = time_read_all(**store, cfg.page, cfg.events);
  if (!read_s)
    return read_s.error();
  out.read_all_per_s = static_cast<double>(cfg.events) / *read_s;
  store->reset();
  out.other_cores = other_cores(cpu_start, sample_cpu(), seconds_since(start));
  std::filesystem::remove_all(dir);
  return out;
}

} // namespace passerelle::bench
