#include "http/front_request.hpp"

#include "http/provisioning/request_path.hpp"

#include <array>

namespace passerelle::http {

namespace {

/// The segment characters provisioning::parse_request_path accepts, and
/// '/': httplib would see the same path (it decodes only `%XX`).
bool is_path_char(char c) {
  return c == '/' || provisioning::is_segment_char(c);
}

bool is_provisioning_path(std::string_view path) {
  if (path.empty() || path.front() != '/')
    return false;
  for (char c : path)
    if (!is_path_char(c))
      return false;
  // Paths the other routes own, and their neighbours.
  for (auto prefix : {"/api", "/healthz", "/metrics", "/phone"})
    if (path.starts_with(prefix))
      return false;
  return true;
}

bool ifind(std::string_view text, std::string_view word) {
  for (size_t i = 0; i + word.size() <= text.size(); ++i)
    if (iequals(text.substr(i, word.size()), word))
      return true;
  return false;
}

/// Fields that leave a provisioning answer as it is, when they appear at
/// most once (User-Agent is read; the rest are ignored by every route).
constexpr std::array<std::string_view, 11> ignored_fields{"Host",
                                                          "User-Agent",
                                                          "Accept",
                                                          "Accept-Language",
                                                          "Cache-Control",
                                                          "Pragma",
                                                          "Connection",
                                                          "Keep-Alive",
                                                          "If-Modified-Since",
                                                          "If-None-Match",
                                                          "Accept-Encoding"};

bool field_allowed(const request_head& head, const header_field& f) {
  if (iequals(f.name, "Content-Length"))
    return f.value == "0" && count_fields(head, f.name) == 1;
  if (iequals(f.name, "Accept-Encoding"))
    // httplib compresses text answers for gzip and br.
    return !ifind(f.value, "gzip") && !ifind(f.value, "br") &&
           !ifind(f.value, "deflate");
  if (iequals(f.name, "User-Agent"))
    // httplib 0.11 percent-decodes field values.
    return f.value.find('%') == std::string_view::npos &&
           count_fields(head, f.name) == 1;
  for (auto name : ignored_fields)
    if (iequals(f.name, name))
      return true;
  return false;
}

} // namespace

std::optional<phone_get> front_takes(const request_head& head) {
  if (head.method != "GET" || !is_provisioning_path(head.target))
    return std::nullopt;
  phone_get out;
  out.path = head.target;
  for (auto& f : head.fields) {
    if (!field_allowed(head, f))
      return std::nullopt;
    // field_allowed lets through only one User-Agent.
    if (iequals(f.name, "User-Agent"))
      out.user_agent = f.value;
  }
  return out;
}

} // namespace passerelle::http
