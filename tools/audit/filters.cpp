#include "tools/audit/filters.hpp"

#include <algorithm>

namespace passerelle::audit {

stream_pattern stream_pattern::parse(std::string_view pattern) {
  if (pattern.ends_with('*'))
    return {std::string{pattern.substr(0, pattern.size() - 1)}, true};
  return {std::string{pattern}, false};
}

bool stream_pattern::matches(std::string_view stream) const {
  return prefix ? stream.starts_with(text) : stream == text;
}

bool event_filter::single_stream() const {
  return tenant && stream && !stream->prefix;
}

result<event_filter> parse_filter(const command_line& cl) {
  event_filter f;
  if (auto v = cl.get("tenant"))
    f.tenant = std::string{*v};
  if (auto v = cl.get("stream"))
    f.stream = stream_pattern::parse(*v);
  if (auto v = cl.get("type"))
    f.type = std::string{*v};
  if (auto v = cl.get("actor"))
    f.actor = std::string{*v};
  if (auto v = cl.get("since")) {
    auto ns = parse_time_option("since", *v);
    if (!ns)
      return ns.error();
    f.since_ns = *ns;
  }
  if (auto v = cl.get("until")) {
    auto ns = parse_time_option("until", *v);
    if (!ns)
      return ns.error();
    f.until_ns = *ns;
  }
  if (f.since_ns && f.until_ns && *f.since_ns > *f.until_ns)
    return failure{ec::invalid_argument, "--since is after --until"};
  if (auto v = cl.get("from-position")) {
    auto n = parse_count_option("from-position", *v);
    if (!n)
      return n.error();
    f.from_position = std::max<uint64_t>(*n, 1);
  }
  if (auto v = cl.get("limit")) {
    auto n = parse_count_option("limit", *v);
    if (!n)
      return n.error();
    f.limit = *n;
  }
  return f;
}

bool matches(const event_filter& f, const events::envelope& x) {
  return (!f.tenant || x.tenant == *f.tenant) &&
         (!f.stream || f.stream->matches(x.stream)) &&
         (!f.type || x.type == *f.type) && (!f.actor || x.actor == *f.actor) &&
         (!f.since_ns || x.timestamp_ns >= *f.since_ns) &&
         (!f.until_ns || x.timestamp_ns <= *f.until_ns) &&
         x.position >= f.from_position;
}

} // namespace passerelle::audit
