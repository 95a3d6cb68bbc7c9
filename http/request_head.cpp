#include "http/request_head.hpp"

#include "sip/syntax/chars.hpp"

namespace passerelle::http {

namespace {

/// RFC 9110 5.6.2.
bool is_tchar(char c) {
  return sip::chars::alphanum(c) || sip::chars::in(c, "!#$%&'*+-.^_`|~");
}

bool is_token(std::string_view s) {
  return sip::chars::all_of(s, is_tchar);
}

/// RFC 9112 3.2: the target has no whitespace or control characters.
bool is_target(std::string_view s) {
  return sip::chars::all_of(s, [](char c) { return c > 0x20 && c != 0x7f; });
}

/// RFC 9110 5.5: VCHAR, obs-text, SP and HTAB; no CR, LF or NUL.
bool is_field_value(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u != '\t' && (u < 0x20 || u == 0x7f))
      return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// Reads lines ending in CRLF from the first `limit` bytes.
class line_reader {
public:
  line_reader(std::string_view bytes, size_t limit)
      : window_(bytes.substr(0, limit)), whole_(bytes.size()), limit_(limit) {
    // nop
  }

  head_status next(std::string_view& line) {
    auto lf = window_.find('\n', pos_);
    if (lf == std::string_view::npos)
      return whole_ >= limit_ ? head_status::too_large
                              : head_status::incomplete;
    if (lf == pos_ || window_[lf - 1] != '\r')
      return head_status::malformed; // a bare LF
    line = window_.substr(pos_, lf - 1 - pos_);
    pos_ = lf + 1;
    return head_status::complete;
  }

  size_t position() const { return pos_; }

private:
  std::string_view window_;
  size_t whole_;
  size_t limit_;
  size_t pos_ = 0;
};

/// RFC 9112 3: method SP request-target SP HTTP-version.
bool parse_request_line(std::string_view line, request_head& out) {
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos)
    return false;
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos)
    return false;
  out.method = line.substr(0, sp1);
  out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1")
    out.minor_version = 1;
  else if (version == "HTTP/1.0")
    out.minor_version = 0;
  else
    return false;
  return is_token(out.method) && is_target(out.target);
}

/// RFC 9112 5: field-name ":" OWS field-value OWS.
bool parse_field(std::string_view line, header_field& out) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return false;
  out.name = line.substr(0, colon);
  out.value = trim_ows(line.substr(colon + 1));
  return is_token(out.name) && is_field_value(out.value);
}

} // namespace

head_status parse_request_head(std::string_view bytes, request_head& out,
                               const head_limits& limits) {
  out.fields.clear();
  out.size = 0;
  line_reader lines{bytes, limits.max_size};
  std::string_view line;
  if (auto st = lines.next(line); st != head_status::complete)
    return st;
  if (!parse_request_line(line, out))
    return head_status::malformed;
  for (;;) {
    if (auto st = lines.next(line); st != head_status::complete)
      return st;
    if (line.empty())
      break;
    if (line.front() == ' ' || line.front() == '\t')
      return head_status::malformed; // obs-fold
    if (out.fields.size() >= limits.max_fields)
      return head_status::too_large;
    header_field field;
    if (!parse_field(line, field))
      return head_status::malformed;
    out.fields.push_back(field);
  }
  out.size = lines.position();
  return head_status::complete;
}

const header_field* find_field(const request_head& head,
                               std::string_view name) {
  for (auto& f : head.fields)
    if (iequals(f.name, name))
      return &f;
  return nullptr;
}

size_t count_fields(const request_head& head, std::string_view name) {
  size_t n = 0;
  for (auto& f : head.fields)
    n += iequals(f.name, name) ? 1 : 0;
  return n;
}

bool keeps_alive(const request_head& head) {
  bool close = false;
  bool keep_alive = false;
  for (auto& f : head.fields) {
    if (!iequals(f.name, "Connection"))
      continue;
    auto rest = f.value;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto option = trim_ows(rest.substr(0, comma));
      close = close || iequals(option, "close");
      keep_alive = keep_alive || iequals(option, "keep-alive");
      rest = comma == std::string_view::npos ? std::string_view{}
                                             : rest.substr(comma + 1);
    }
  }
  if (close)
    return false;
  return head.minor_version == 1 || keep_alive;
}

} // namespace passerelle::http
