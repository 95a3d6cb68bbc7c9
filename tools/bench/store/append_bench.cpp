#include "tools/bench/store/append_bench.hpp"

#include "actors/store_actor.hpp"
#include "tools/bench/store/cpu_usage.hpp"
#include "tools/bench/store/stats.hpp"
#include "tools/bench/store/workload.hpp"

#include <caf/actor_system.hpp>
#include <caf/after.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::bench {

namespace {

using clock_type = std::chrono::steady_clock;

/// What a writer sends back when its deadline has passed.
struct writer_report {
  uint64_t appends = 0;
  uint64_t failures = 0;
  std::vector<uint64_t> latencies_ns;
};

template <class Inspector>
auto inspect(Inspector& f, writer_report& x) {
  return f(x.appends, x.failures, x.latencies_ns);
}

struct writer_state {
  store_actor store;
  caf::actor reporter;
  /// The next append; its expected version follows each acknowledgement.
  storage::append_request next;
  clock_type::time_point deadline;
  writer_report report;

  static inline const char* name = "bench_writer";
};

using writer_ptr = caf::stateful_actor<writer_state>*;

constexpr auto append_timeout = std::chrono::seconds(30);

void finish(writer_ptr self) {
  self->send(self->state.reporter, std::move(self->state.report));
  self->quit();
}

void append_next(writer_ptr self) {
  auto sent = clock_type::now();
  self->request(self->state.store, append_timeout, atom::append_v,
                self->state.next)
      .then(
          [self, sent](const storage::append_ack& ack) {
            auto& st = self->state;
            auto now = clock_type::now();
            st.report.latencies_ns.push_back(
                static_cast<uint64_t>((now - sent).count()));
            ++st.report.appends;
            st.next.expected_version = ack.last_seq;
            if (now < st.deadline)
              append_next(self);
            else
              finish(self);
          },
          [self](const caf::error&) {
            ++self->state.report.failures;
            finish(self);
          });
}

/// Appends one event at a time to its own stream until the deadline. The
/// pending request keeps the actor alive; it needs no behaviour.
caf::behavior writer_impl(writer_ptr self, store_actor store,
                          caf::actor reporter, storage::append_request first,
                          clock_type::time_point deadline) {
  auto& st = self->state;
  st.store = std::move(store);
  st.reporter = std::move(reporter);
  st.next = std::move(first);
  st.deadline = deadline;
  st.report.latencies_ns.reserve(1 << 14);
  append_next(self);
  return {};
}

/// A sample's value in Prometheus text, e.g. `<name> 1.5` (0 when absent).
double metric_value(const std::string& text, std::string_view name) {
  auto line = std::string{"\n"};
  line.append(name).append(" ");
  auto at = text.find(line);
  return at == std::string::npos
             ? 0
             : std::strtod(text.c_str() + at + line.size(), nullptr);
}

std::string dir_name(const append_config& cfg) {
  auto mode = cfg.mode == storage::durability::sync ? "sync" : "nosync";
  return std::string{"append-"}.append(mode).append("-").append(
      std::to_string(cfg.writers));
}

} // namespace

result<append_result> run_append(caf::actor_system& sys,
                                 const append_config& cfg) {
  auto dir = fresh_dir(cfg.dir, dir_name(cfg));
  auto opened = storage::event_store::open(dir.string(), {cfg.mode, "node-1"});
  if (!opened)
    return opened.error();
  auto store = std::shared_ptr<storage::event_store>(std::move(*opened));
  auto store_hdl = spawn_store(sys, store);
  caf::scoped_actor self{sys};
  auto reporter = caf::actor_cast<caf::actor>(self);
  auto cpu_start = sample_cpu();
  auto start = clock_type::now();
  auto deadline = start + cfg.duration;
  for (size_t i = 0; i < cfg.writers; ++i)
    sys.spawn(writer_impl, store_hdl, reporter, device_append(i, 0, 0),
              deadline);
  append_result out;
  std::vector<uint64_t> latencies;
  bool stuck = false;
  for (size_t i = 0; i < cfg.writers && !stuck; ++i)
    self->receive(
        [&](writer_report& r) {
          out.appends += r.appends;
          out.failures += r.failures;
          latencies.insert(latencies.end(), r.latencies_ns.begin(),
                           r.latencies_ns.end());
        },
        caf::after(cfg.duration + 2 * append_timeout) >> [&] { stuck = true; });
  out.seconds =
      std::chrono::duration<double>(clock_type::now() - start).count();
  auto cpu_end = sample_cpu();
  self->send_exit(store_hdl, caf::exit_reason::user_shutdown);
  self->wait_for(store_hdl);
  if (stuck)
    return failure{ec::timeout, "a writer did not report"};
  auto& m = store->metrics();
  out.batches = m.batches.load();
  out.events = m.events.load();
  auto commit_s =
      metric_value(m.render(), "passerelle_store_commit_seconds_sum");
  out.commit_busy = commit_s / out.seconds;
  out.events_per_s = static_cast<double>(out.appends) / out.seconds;
  auto cpu = cpu_end.process_s - cpu_start.process_s;
  out.events_per_cpu_s = cpu > 0 ? static_cast<double>(out.appends) / cpu : 0;
  out.other_cores = other_cores(cpu_start, cpu_end, out.seconds);
  out.p50_us = static_cast<double>(quantile(latencies, 0.50)) / 1e3;
  out.p99_us = static_cast<double>(quantile(latencies, 0.99)) / 1e3;
  store.reset();
  std::filesystem::remove_all(dir);
  return out;
}

} // namespace passerelle::bench
