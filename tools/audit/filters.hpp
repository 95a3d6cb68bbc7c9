#pragma once

#include "events/envelope.hpp"
#include "tools/audit/command_line.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::audit {

/// A `--stream` value: an exact name, or a prefix when it ends in `*`
/// (`device/*`).
struct stream_pattern {
  std::string text;
  bool prefix = false;

  static stream_pattern parse(std::string_view pattern);

  bool matches(std::string_view stream) const;
};

/// Which events `dump` prints. Every criterion that is set must hold (AND).
struct event_filter {
  std::optional<std::string> tenant;
  std::optional<stream_pattern> stream;
  std::optional<std::string> type;
  std::optional<std::string> actor;
  /// Inclusive bounds on the event timestamp, UTC nanoseconds.
  std::optional<int64_t> since_ns;
  std::optional<int64_t> until_ns;
  /// First global position to look at.
  uint64_t from_position = 1;
  /// Most events to print.
  std::optional<uint64_t> limit;

  /// Whether the filter names exactly one stream of one tenant, so that
  /// only that stream needs reading.
  bool single_stream() const;
};

/// Builds the filter from `dump` options (names as in `dump --help`).
result<event_filter> parse_filter(const command_line& cl);

/// Whether an event passes every criterion except `limit`.
bool matches(const event_filter& f, const events::envelope& x);

} // namespace passerelle::audit
