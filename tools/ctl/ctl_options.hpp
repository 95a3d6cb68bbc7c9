#pragma once

#include "tools/ctl/dhcp_snippets.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace passerelle::ctl {

/// Process exit status: 0 done, 2 the command line is wrong.
enum class exit_status : int { ok = 0, usage = 2 };

/// Why a command line was refused, in one line naming the flag.
struct usage_error {
  std::string reason;
};

/// A checked value, or the reason it was refused.
template <class T>
class checked {
public:
  checked(T value) : state_(std::move(value)) {
    // nop
  }

  checked(usage_error error) : state_(std::move(error)) {
    // nop
  }

  explicit operator bool() const noexcept { return state_.index() == 0; }

  T& operator*() { return std::get<0>(state_); }

  const T& operator*() const { return std::get<0>(state_); }

  const T* operator->() const { return &std::get<0>(state_); }

  const usage_error& error() const { return std::get<1>(state_); }

private:
  std::variant<T, usage_error> state_;
};

/// The flags of one subcommand: `--name=value` pairs and positionals.
struct parsed_flags {
  /// Values by flag name without the dashes, e.g. `utc-offset`.
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::string> positionals;
  /// `--help` or `-h` was given.
  bool help = false;

  /// The value of a flag, if given.
  std::optional<std::string_view> get(std::string_view name) const;
};

/// Splits `args` (the subcommand excluded). Every flag must be one of
/// `known`, take its value after `=`, and appear at most once.
checked<parsed_flags> parse_flags(std::span<const std::string> args,
                                  std::span<const std::string_view> known);

/// Checks `--url`: http:// or https://, a host, an optional port and path,
/// no query or fragment. Returns it without trailing slashes.
checked<std::string> check_url(std::string_view text);

/// Checks `--lang` against en, es, ja, de, fr, pt; returns it lowercase.
checked<std::string> check_lang(std::string_view text);

/// Checks `--tenant`: printable ASCII without space or '/'.
checked<std::string> check_tenant(std::string_view text);

/// Checks `--ntp`: a comma-separated list of dotted-quad IPv4 addresses.
checked<std::vector<std::string>> check_ntp(std::string_view text);

/// Checks `--utc-offset`: whole seconds in [-43200, 50400] (UTC-12..+14).
checked<int32_t> check_utc_offset(std::string_view text);

/// Checks `--format`: isc, kea, dnsmasq or all.
checked<snippet_format> check_format(std::string_view text);

/// The flags `passerelle-ctl dhcp` takes, for `parse_flags`.
std::span<const std::string_view> dhcp_flag_names();

/// A validated request and the chosen format.
struct dhcp_invocation {
  dhcp_request request;
  snippet_format format = snippet_format::all;
};

/// Checks every flag of `passerelle-ctl dhcp`; `--url` is required and the
/// longest URL must fit in one DHCP option (255 bytes).
checked<dhcp_invocation> make_dhcp_invocation(const parsed_flags& flags);

} // namespace passerelle::ctl
