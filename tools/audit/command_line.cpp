#include "tools/audit/command_line.hpp"

#include "events/codec.hpp"

#include <algorithm>
#include <charconv>

namespace passerelle::audit {

namespace {

failure usage_error(std::string message) {
  return failure{ec::invalid_argument, std::move(message)};
}

} // namespace

std::optional<std::string_view> command_line::get(std::string_view name) const {
  if (auto i = options.find(name); i != options.end())
    return std::string_view{i->second};
  return std::nullopt;
}

result<command_line>
parse_command_line(std::span<const std::string> args,
                   std::span<const std::string_view> known) {
  command_line out;
  for (auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (!arg.starts_with("-") || arg == "-") {
      out.positionals.push_back(arg);
      continue;
    }
    std::string_view text{arg};
    if (!text.starts_with("--"))
      return usage_error("unknown option " + arg);
    text.remove_prefix(2);
    auto eq = text.find('=');
    auto name = text.substr(0, eq);
    if (std::find(known.begin(), known.end(), name) == known.end())
      return usage_error("unknown option --" + std::string{name});
    if (eq == std::string_view::npos)
      return usage_error("--" + std::string{name} + " needs a value (--" +
                         std::string{name} + "=VALUE)");
    auto [_, added] = out.options.emplace(std::string{name},
                                          std::string{text.substr(eq + 1)});
    if (!added)
      return usage_error("--" + std::string{name} + " given more than once");
  }
  return out;
}

result<int64_t> parse_time_option(std::string_view name,
                                  std::string_view text) {
  if (auto ns = events::parse_utc(text))
    return *ns;
  std::string msg{"--"};
  msg.append(name);
  msg.append(" is not an RFC 3339 time (e.g. 2026-03-01T10:00:00Z): ");
  msg.append(text);
  return usage_error(std::move(msg));
}

result<uint64_t> parse_count_option(std::string_view name,
                                    std::string_view text) {
  uint64_t value = 0;
  auto end = text.data() + text.size();
  auto [ptr, err] = std::from_chars(text.data(), end, value);
  if (text.empty() || err != std::errc{} || ptr != end) {
    std::string msg{"--"};
    msg.append(name);
    msg.append(" is not a non-negative integer: ");
    msg.append(text);
    return usage_error(std::move(msg));
  }
  return value;
}

} // namespace passerelle::audit
