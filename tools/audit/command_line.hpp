#pragma once

#include "events/ec.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::audit {

/// Process exit status of every command: 0 all good, 1 the log says no
/// (broken chain, no events), 2 the request itself is wrong or the store
/// cannot be opened.
enum class exit_status : int { ok = 0, failed = 1, usage = 2 };

/// The arguments of one command: `--name=value` options and positionals.
struct command_line {
  /// Options by name without the dashes, e.g. `data-dir`.
  std::map<std::string, std::string, std::less<>> options;
  std::vector<std::string> positionals;
  /// `--help` or `-h` was given.
  bool help = false;

  /// The value of an option, if given.
  std::optional<std::string_view> get(std::string_view name) const;
};

/// Splits `args` (the command name excluded). Every option takes a value
/// (`--name=value`) and must be one of `known`; a repeated option is
/// refused, since an audit query should never guess which one was meant.
result<command_line>
parse_command_line(std::span<const std::string> args,
                   std::span<const std::string_view> known);

/// Parses an RFC 3339 option value into UTC nanoseconds.
result<int64_t> parse_time_option(std::string_view name, std::string_view text);

/// Parses a decimal count option value (no sign, no suffix).
result<uint64_t> parse_count_option(std::string_view name,
                                    std::string_view text);

} // namespace passerelle::audit
