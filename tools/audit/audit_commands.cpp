#include "tools/audit/audit_commands.hpp"

#include "events/codec.hpp"
#include "events/registry.hpp"
#include "gateway/version.hpp"
#include "storage/keys.hpp"
#include "tools/audit/event_json.hpp"
#include "tools/audit/store_access.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace passerelle::audit {

namespace {

constexpr std::string_view tool_usage =
    R"(usage: passerelle-audit <command> [--name=value ...]

Reads a Passerelle event store read-only (safe while the gateway runs).

commands:
  verify   check every stream chain and the global chain
  dump     print events as JSON lines, filtered
  state    rebuild the aggregate of a stream as of a time

`passerelle-audit <command> --help` lists the options of a command;
`passerelle-audit --version` prints the version.
Exit status: 0 ok, 1 broken log or nothing found, 2 usage or store error.
)";

constexpr std::string_view verify_usage =
    R"(usage: passerelle-audit verify [--data-dir=DIR]

Walks every stream chain (hashes, sequence, envelope) and the global chain.
Prints one summary line and exits 0 when intact; prints
`BROKEN tenant=T stream=S seq=N position=P: reason` and exits 1 otherwise.

  --data-dir=DIR   gateway data dir (store in DIR/store) or a store dir;
                   default ./var
)";

constexpr std::string_view dump_usage =
    R"(usage: passerelle-audit dump [--data-dir=DIR] [filters...]

Prints events as JSON lines in global order. Filters combine with AND.

  --data-dir=DIR        gateway data dir or store dir; default ./var
  --tenant=T            events of tenant T
  --stream=S            stream S exactly; a trailing * matches a prefix
                        (e.g. --stream='device/*')
  --type=T              events of type T (e.g. device_provisioned)
  --actor=A             events caused by A (e.g. admin:tok-1)
  --since=TIME          events at or after TIME (RFC 3339)
  --until=TIME          events at or before TIME (RFC 3339)
  --from-position=N     events at global position N or later
  --limit=N             at most N events
)";

constexpr std::string_view state_usage =
    R"(usage: passerelle-audit state <stream> [--tenant=T] [--at=TIME]
                              [--data-dir=DIR]

Rebuilds the aggregate of <stream> (e.g. device/001565aabbcc) with the
gateway's own apply code and prints it as JSON with its version.

  --tenant=T       tenant of the stream; default "default"
  --at=TIME        state as of TIME (RFC 3339): the events of the stream up
                   to the first one stamped after TIME; default all events
  --data-dir=DIR   gateway data dir or store dir; default ./var
)";

constexpr std::array<std::string_view, 1> verify_options{"data-dir"};

constexpr std::array<std::string_view, 9> dump_options{
    "data-dir", "tenant", "stream",        "type", "actor",
    "since",    "until",  "from-position", "limit"};

constexpr std::array<std::string_view, 3> state_options{"data-dir", "tenant",
                                                        "at"};

std::string unowned_stream(const std::string& stream) {
  return "no aggregate owns stream " + stream + " (known: device/<mac>)";
}

exit_status complain(std::ostream& err, std::string_view message,
                     exit_status status) {
  err << "passerelle-audit: " << message << '\n';
  return status;
}

/// Parses the arguments of a command; nothing when the command is done
/// (help printed or usage error reported) and `status` says how.
std::optional<command_line> parse_args(std::span<const std::string> args,
                                       std::span<const std::string_view> known,
                                       std::string_view usage,
                                       std::ostream& out, std::ostream& err,
                                       exit_status& status) {
  auto cl = parse_command_line(args, known);
  if (!cl) {
    status = complain(err, cl.error().message, exit_status::usage);
    return std::nullopt;
  }
  if (cl->help) {
    out << usage;
    status = exit_status::ok;
    return std::nullopt;
  }
  return std::move(*cl);
}

std::string data_dir_of(const command_line& cl) {
  return std::string{cl.get("data-dir").value_or(default_data_dir)};
}

} // namespace

std::string describe_intact(const storage::verify_report& report,
                            std::chrono::nanoseconds elapsed) {
  auto secs = std::chrono::duration<double>(elapsed).count();
  auto rate = secs > 0 ? static_cast<double>(report.events) / secs : 0.0;
  char buf[160];
  std::snprintf(buf, sizeof(buf),
                "OK events=%llu streams=%llu positions=%llu elapsed=%.3fs "
                "rate=%.0f events/s",
                static_cast<unsigned long long>(report.events),
                static_cast<unsigned long long>(report.streams),
                static_cast<unsigned long long>(report.positions), secs, rate);
  return buf;
}

std::string describe_broken(const storage::broken_link& link) {
  std::string out{"BROKEN tenant="};
  out += link.tenant;
  out += " stream=";
  out += link.stream;
  out += " seq=";
  out += std::to_string(link.seq);
  out += " position=";
  out += std::to_string(link.position);
  out += ": ";
  out += link.reason;
  return out;
}

exit_status verify_log(storage::event_store& store, std::ostream& out) {
  auto start = std::chrono::steady_clock::now();
  auto report = storage::verify(store);
  auto elapsed = std::chrono::steady_clock::now() - start;
  if (report.first_broken) {
    out << describe_broken(*report.first_broken) << '\n';
    return exit_status::failed;
  }
  out << describe_intact(report, elapsed) << '\n';
  return exit_status::ok;
}

result<uint64_t> dump_events(const storage::event_store& store,
                             const event_filter& f, std::ostream& out,
                             size_t page) {
  page = std::max<size_t>(page, 1);
  uint64_t printed = 0;
  auto want_more = [&] { return !f.limit || printed < *f.limit; };
  // One named stream is read by sequence, which is its global order too.
  auto by_stream = f.single_stream();
  uint64_t next = by_stream ? 1 : f.from_position;
  while (want_more()) {
    auto chunk = by_stream ? store.read(*f.tenant, f.stream->text, next, page)
                           : store.read_all(next, page);
    if (!chunk)
      return chunk.error();
    for (auto& x : *chunk) {
      if (!want_more())
        break;
      if (!matches(f, x))
        continue;
      out << to_json_line(x) << '\n';
      ++printed;
    }
    if (!out)
      return failure{ec::storage_failure, "cannot write the output"};
    if (chunk->size() < page)
      break;
    next = (by_stream ? chunk->back().seq : chunk->back().position) + 1;
  }
  return printed;
}

result<nlohmann::json> rebuild_state(const storage::event_store& store,
                                     const state_query& q) {
  if (!events::known_stream(q.stream))
    return failure{ec::invalid_argument, unowned_stream(q.stream)};
  std::vector<events::envelope> folded;
  uint64_t next = 1;
  for (bool past_at = false; !past_at;) {
    auto chunk = store.read(q.tenant, q.stream, next, default_page);
    if (!chunk)
      return chunk.error();
    // The state as of a time is a prefix of the stream: stop at the first
    // event stamped later, even if a skewed clock stamped a successor earlier.
    for (auto& x : *chunk) {
      if (q.at_ns && x.timestamp_ns > *q.at_ns) {
        past_at = true;
        break;
      }
      folded.push_back(std::move(x));
    }
    if (chunk->size() < default_page)
      break;
    next = folded.back().seq + 1;
  }
  if (folded.empty()) {
    auto at = q.at_ns.value_or(
        std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    return failure{ec::not_found, "no events for " + q.stream + " at " +
                                      events::format_utc(at) + " (tenant " +
                                      q.tenant + ")"};
  }
  auto state = events::rebuild(q.stream, folded);
  if (!state)
    return state.error();
  (*state)["tenant"] = q.tenant;
  (*state)["stream"] = q.stream;
  (*state)["as_of"] =
      events::format_utc(q.at_ns.value_or(folded.back().timestamp_ns));
  return state;
}

exit_status verify_command(std::span<const std::string> args, std::ostream& out,
                           std::ostream& err) {
  auto status = exit_status::ok;
  auto cl = parse_args(args, verify_options, verify_usage, out, err, status);
  if (!cl)
    return status;
  if (!cl->positionals.empty())
    return complain(err, "verify takes no argument", exit_status::usage);
  auto store = open_read_only(data_dir_of(*cl));
  if (!store)
    return complain(err, store.error().message, exit_status::usage);
  return verify_log(**store, out);
}

exit_status dump_command(std::span<const std::string> args, std::ostream& out,
                         std::ostream& err) {
  auto status = exit_status::ok;
  auto cl = parse_args(args, dump_options, dump_usage, out, err, status);
  if (!cl)
    return status;
  if (!cl->positionals.empty())
    return complain(err, "dump takes no argument; filter with --stream=",
                    exit_status::usage);
  auto filter = parse_filter(*cl);
  if (!filter)
    return complain(err, filter.error().message, exit_status::usage);
  auto store = open_read_only(data_dir_of(*cl));
  if (!store)
    return complain(err, store.error().message, exit_status::usage);
  auto printed = dump_events(**store, *filter, out);
  if (!printed)
    return complain(err, printed.error().message, exit_status::failed);
  return exit_status::ok;
}

exit_status state_command(std::span<const std::string> args, std::ostream& out,
                          std::ostream& err) {
  auto status = exit_status::ok;
  auto cl = parse_args(args, state_options, state_usage, out, err, status);
  if (!cl)
    return status;
  if (cl->positionals.size() != 1)
    return complain(err, "state takes one stream, e.g. device/001565aabbcc",
                    exit_status::usage);
  state_query q;
  q.stream = cl->positionals.front();
  q.tenant = std::string{cl->get("tenant").value_or("default")};
  if (!storage::valid_tenant(q.tenant) || !storage::valid_stream(q.stream))
    return complain(err, "bad tenant or stream name", exit_status::usage);
  if (!events::known_stream(q.stream))
    return complain(err, unowned_stream(q.stream), exit_status::usage);
  if (auto at = cl->get("at")) {
    auto ns = parse_time_option("at", *at);
    if (!ns)
      return complain(err, ns.error().message, exit_status::usage);
    q.at_ns = *ns;
  }
  auto store = open_read_only(data_dir_of(*cl));
  if (!store)
    return complain(err, store.error().message, exit_status::usage);
  auto state = rebuild_state(**store, q);
  if (!state)
    return complain(err, state.error().message,
                    state.error().code == ec::invalid_argument
                        ? exit_status::usage
                        : exit_status::failed);
  out << state->dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << '\n';
  return exit_status::ok;
}

exit_status run(std::span<const std::string> args, std::ostream& out,
                std::ostream& err) {
  if (args.empty()) {
    err << tool_usage;
    return exit_status::usage;
  }
  auto& command = args.front();
  auto rest = args.subspan(1);
  if (command == "--help" || command == "-h" || command == "help") {
    out << tool_usage;
    return exit_status::ok;
  }
  if (command == "--version") {
    out << "passerelle-audit " << passerelle::version << '\n';
    return exit_status::ok;
  }
  if (command == "verify")
    return verify_command(rest, out, err);
  if (command == "dump")
    return dump_command(rest, out, err);
  if (command == "state")
    return state_command(rest, out, err);
  return complain(
      err, "unknown command " + command + " (try passerelle-audit --help)",
      exit_status::usage);
}

} // namespace passerelle::audit
