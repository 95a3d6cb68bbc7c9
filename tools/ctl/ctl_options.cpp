#include "tools/ctl/ctl_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>

namespace passerelle::ctl {

namespace {

/// A DHCP option carries at most 255 bytes (RFC 2132 2; we do not rely on
/// RFC 3396 long options, which phones may not reassemble).
constexpr size_t max_option_bytes = 255;

constexpr std::array<std::string_view, 6> languages{"en", "es", "ja",
                                                    "de", "fr", "pt"};

constexpr std::array<std::string_view, 6> dhcp_flags{
    "url", "lang", "tenant", "ntp", "utc-offset", "format"};

/// `--<flag>: <parts...>`, the one-line reason a value was refused.
usage_error refuse(std::string_view flag,
                   std::initializer_list<std::string_view> parts) {
  usage_error err{"--"};
  err.reason.append(flag);
  err.reason.append(": ");
  for (auto part : parts)
    err.reason.append(part);
  return err;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Printable ASCII, space excluded.
bool is_visible(char c) {
  return c > ' ' && c < 0x7f;
}

/// Visible characters RFC 3986 allows somewhere in a URI.
bool is_url_char(char c) {
  constexpr std::string_view excluded = "\"<>\\^`{|}";
  return is_visible(c) && excluded.find(c) == std::string_view::npos;
}

char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (to_lower(text[i]) != prefix[i])
      return false;
  return true;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), is_digit))
    return false;
  unsigned value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value >= 1 && value <= 65535;
}

bool is_host_name(std::string_view host) {
  auto ok = [](char c) { return is_alnum(c) || c == '-' || c == '.'; };
  return !host.empty() && host.front() != '.' && host.front() != '-' &&
         std::all_of(host.begin(), host.end(), ok);
}

/// `host[:port]` or `[v6-literal][:port]`.
bool is_authority(std::string_view authority) {
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1)
      return false;
    auto literal = authority.substr(1, close - 1);
    auto ok = [](char c) {
      return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'f') ||
             c == ':' || c == '.';
    };
    if (!std::all_of(literal.begin(), literal.end(), ok))
      return false;
    auto rest = authority.substr(close + 1);
    if (rest.empty())
      return true;
    return rest.front() == ':' && is_port(rest.substr(1));
  }
  auto colon = authority.find(':');
  if (colon != std::string_view::npos && !is_port(authority.substr(colon + 1)))
    return false;
  return is_host_name(authority.substr(0, colon));
}

/// Dotted-quad IPv4, decimal, no leading zeros.
bool is_ipv4(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    auto dot = text.find('.');
    if ((dot == std::string_view::npos) != (i == 3))
      return false;
    auto part = text.substr(0, dot);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), is_digit) ||
        (part.size() > 1 && part.front() == '0'))
      return false;
    unsigned value = 0;
    std::from_chars(part.data(), part.data() + part.size(), value);
    if (value > 255)
      return false;
    text.remove_prefix(i == 3 ? text.size() : dot + 1);
  }
  return true;
}

} // namespace

std::optional<std::string_view> parsed_flags::get(std::string_view name) const {
  if (auto i = values.find(name); i != values.end())
    return std::string_view{i->second};
  return std::nullopt;
}

checked<parsed_flags> parse_flags(std::span<const std::string> args,
                                  std::span<const std::string_view> known) {
  parsed_flags out;
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      if (arg.starts_with("-") && arg != "-")
        return usage_error{"unknown option " + arg};
      out.positionals.push_back(arg);
      continue;
    }
    std::string_view text{arg};
    text.remove_prefix(2);
    auto eq = text.find('=');
    auto name = text.substr(0, eq);
    if (std::find(known.begin(), known.end(), name) == known.end())
      return usage_error{std::string{"unknown option --"}.append(name)};
    if (eq == std::string_view::npos)
      return refuse(name, {"needs a value (--", name, "=VALUE)"});
    auto [_, added] =
        out.values.emplace(std::string{name}, std::string{text.substr(eq + 1)});
    if (!added)
      return refuse(name, {"given more than once"});
  }
  return out;
}

checked<std::string> check_url(std::string_view text) {
  std::string_view rest;
  if (starts_with_nocase(text, "http://"))
    rest = text.substr(7);
  else if (starts_with_nocase(text, "https://"))
    rest = text.substr(8);
  else
    return refuse("url", {"must start with http:// or https://"});
  if (!std::all_of(text.begin(), text.end(), is_url_char))
    return refuse("url", {"has a space or a character URLs cannot hold"});
  if (rest.find_first_of("?#") != std::string_view::npos)
    return refuse("url", {"cannot have a query or fragment: path segments "
                          "are appended to it"});
  auto authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos)
    return refuse("url", {"cannot carry a user name or password"});
  if (!is_authority(authority))
    return refuse("url", {"needs a host name or address, and a port in "
                          "1-65535 if any: \"",
                          authority, "\""});
  std::string out{text};
  while (out.ends_with('/'))
    out.pop_back();
  return out;
}

checked<std::string> check_lang(std::string_view text) {
  std::string lang;
  for (char c : text)
    lang.push_back(to_lower(c));
  if (std::find(languages.begin(), languages.end(), lang) == languages.end())
    return refuse(
        "lang", {"must be one of en, es, ja, de, fr, pt, not \"", text, "\""});
  return lang;
}

checked<std::string> check_tenant(std::string_view text) {
  if (text.empty())
    return refuse("tenant", {"empty"});
  if (!std::all_of(text.begin(), text.end(), is_visible))
    return refuse("tenant", {"must be printable ASCII without spaces"});
  if (text.find('/') != std::string_view::npos)
    return refuse("tenant", {"cannot contain '/'"});
  return std::string{text};
}

checked<std::vector<std::string>> check_ntp(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    auto comma = text.find(',');
    auto item = trim_spaces(text.substr(0, comma));
    if (!is_ipv4(item))
      return refuse("ntp", {"not an IPv4 address: \"", item, "\""});
    out.emplace_back(item);
    if (comma == std::string_view::npos)
      break;
    text.remove_prefix(comma + 1);
  }
  if (out.size() * 4 > max_option_bytes)
    return refuse("ntp", {"too many addresses for one DHCP option (63 at "
                          "most)"});
  return out;
}

checked<int32_t> check_utc_offset(std::string_view text) {
  auto digits = text.starts_with('+') ? text.substr(1) : text;
  int64_t value = 0;
  auto end = digits.data() + digits.size();
  auto [ptr, err] = std::from_chars(digits.data(), end, value);
  bool too_big = err == std::errc::result_out_of_range;
  if (digits.empty() || digits.starts_with("+") || ptr != end ||
      (err != std::errc{} && !too_big))
    return refuse("utc-offset",
                  {"not an integer number of seconds: \"", text, "\""});
  if (too_big || value < -43200 || value > 50400)
    return refuse("utc-offset", {"must be within -43200..50400 seconds "
                                 "(UTC-12 to UTC+14), not ",
                                 text});
  return static_cast<int32_t>(value);
}

checked<snippet_format> check_format(std::string_view text) {
  if (text == "isc")
    return snippet_format::isc;
  if (text == "kea")
    return snippet_format::kea;
  if (text == "dnsmasq")
    return snippet_format::dnsmasq;
  if (text == "all")
    return snippet_format::all;
  return refuse("format",
                {"must be isc, kea, dnsmasq or all, not \"", text, "\""});
}

std::span<const std::string_view> dhcp_flag_names() {
  return dhcp_flags;
}

checked<dhcp_invocation> make_dhcp_invocation(const parsed_flags& flags) {
  if (!flags.positionals.empty())
    return usage_error{"unexpected argument \"" + flags.positionals.front() +
                       "\" (dhcp takes only --flags)"};
  dhcp_invocation out;
  auto url_text = flags.get("url");
  if (!url_text)
    return refuse("url", {"missing, e.g. --url=http://gw.example.net:8080"});
  auto url = check_url(*url_text);
  if (!url)
    return url.error();
  out.request.base_url = std::move(*url);
  if (auto text = flags.get("tenant")) {
    auto tenant = check_tenant(*text);
    if (!tenant)
      return tenant.error();
    out.request.tenant = std::move(*tenant);
  }
  if (auto text = flags.get("lang")) {
    auto lang = check_lang(*text);
    if (!lang)
      return lang.error();
    out.request.lang = std::move(*lang);
  }
  if (auto text = flags.get("ntp")) {
    auto ntp = check_ntp(*text);
    if (!ntp)
      return ntp.error();
    out.request.ntp_servers = std::move(*ntp);
  }
  if (auto text = flags.get("utc-offset")) {
    auto offset = check_utc_offset(*text);
    if (!offset)
      return offset.error();
    out.request.utc_offset = *offset;
  }
  if (auto text = flags.get("format")) {
    auto format = check_format(*text);
    if (!format)
      return format.error();
    out.format = *format;
  }
  auto longest = make_provisioning_urls(out.request).cisco.size();
  if (longest > max_option_bytes)
    return refuse("url",
                  {"with --tenant and --lang the Cisco URL takes ",
                   std::to_string(longest), " bytes; a DHCP option holds 255"});
  return out;
}

} // namespace passerelle::ctl
