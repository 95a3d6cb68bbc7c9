#pragma once

#include "events/ec.hpp"
#include "storage/event_store.hpp"
#include "storage/verify.hpp"
#include "tools/audit/command_line.hpp"
#include "tools/audit/filters.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>

namespace passerelle::audit {

// -- building blocks: an open store in, text or values out --------------------

/// Events read from the store per call, so a dump never holds the log.
inline constexpr size_t default_page = 4096;

/// One summary line of an intact log: what was walked and how fast.
std::string describe_intact(const storage::verify_report& report,
                            std::chrono::nanoseconds elapsed);

/// The line naming the first broken link:
/// `BROKEN tenant=<t> stream=<s> seq=<n> position=<p>: <reason>`.
std::string describe_broken(const storage::broken_link& link);

/// Walks every chain and prints the summary or the `BROKEN` line.
exit_status verify_log(storage::event_store& store, std::ostream& out);

/// Prints the events passing `f` as JSON lines in global order, reading
/// `page` events at a time. Returns how many were printed.
result<uint64_t> dump_events(const storage::event_store& store,
                             const event_filter& f, std::ostream& out,
                             size_t page = default_page);

/// Which aggregate `state` rebuilds, and as of when.
struct state_query {
  std::string tenant = "default";
  std::string stream;
  /// Only events up to this UTC instant (inclusive); all when unset.
  std::optional<int64_t> at_ns;
};

/// Rebuilds the aggregate of a stream with the gateway's apply code, as of
/// `at_ns`. Adds `tenant`, `stream` and `as_of` to the aggregate's view.
/// Fails with `invalid_argument` for a stream no aggregate owns and
/// `not_found` when the stream has no event by then.
result<nlohmann::json> rebuild_state(const storage::event_store& store,
                                     const state_query& q);

// -- commands: the arguments after the command name ---------------------------

exit_status verify_command(std::span<const std::string> args, std::ostream& out,
                           std::ostream& err);

exit_status dump_command(std::span<const std::string> args, std::ostream& out,
                         std::ostream& err);

exit_status state_command(std::span<const std::string> args, std::ostream& out,
                          std::ostream& err);

/// The whole tool: `args` is argv without the program name.
exit_status run(std::span<const std::string> args, std::ostream& out,
                std::ostream& err);

} // namespace passerelle::audit
