#include "storage/store_metrics.hpp"

#include <cstdio>

namespace passerelle::storage {

void latency_histogram::observe(std::chrono::nanoseconds d) {
  auto secs = std::chrono::duration<double>(d).count();
  size_t i = 0;
  while (i < bounds.size() && secs > bounds[i])
    ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(d.count()),
                    std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void latency_histogram::render(std::string& out, std::string_view name,
                               std::string_view help) const {
  std::string n{name};
  out += "# HELP " + n + " " + std::string{help} + "\n";
  out += "# TYPE " + n + " histogram\n";
  uint64_t cumulative = 0;
  char line[160];
  for (size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    if (i < bounds.size())
      std::snprintf(line, sizeof(line), "%s_bucket{le=\"%g\"} %llu\n",
                    n.c_str(), bounds[i],
                    static_cast<unsigned long long>(cumulative));
    else
      std::snprintf(line, sizeof(line), "%s_bucket{le=\"+Inf\"} %llu\n",
                    n.c_str(), static_cast<unsigned long long>(cumulative));
    out += line;
  }
  std::snprintf(line, sizeof(line), "%s_sum %.9f\n%s_count %llu\n", n.c_str(),
                static_cast<double>(sum_ns_.load()) / 1e9, n.c_str(),
                static_cast<unsigned long long>(count_.load()));
  out += line;
}

namespace {

void counter(std::string& out, const char* name, const char* help,
             const std::atomic<uint64_t>& x, const char* type = "counter") {
  char line[256];
  std::snprintf(line, sizeof(line), "# HELP %s %s\n# TYPE %s %s\n%s %llu\n",
                name, help, name, type, name,
                static_cast<unsigned long long>(x.load()));
  out += line;
}

} // namespace

std::string store_metrics::render() const {
  std::string out;
  counter(out, "passerelle_store_appends_total",
          "Append requests acknowledged.", appends);
  counter(out, "passerelle_store_events_total", "Events written.", events);
  counter(out, "passerelle_store_batches_total",
          "Group-commit batches written.", batches);
  counter(out, "passerelle_store_bytes_total", "Event bytes written.", bytes);
  counter(out, "passerelle_store_conflicts_total",
          "Appends refused for a version conflict.", conflicts);
  counter(out, "passerelle_store_failures_total",
          "Batches RocksDB refused to write.", failures);
  counter(out, "passerelle_store_last_position",
          "Global position of the last written event.", last_position, "gauge");
  commit_latency.render(out, "passerelle_store_commit_seconds",
                        "Time to write and sync one batch.");
  append_latency.render(out, "passerelle_store_append_seconds",
                        "From append request to acknowledgement.");
  return out;
}

} // namespace passerelle::storage
