#include "sip/syntax/scalars.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/text.hpp"

#include <array>

namespace passerelle::sip {

namespace {

result<std::uint64_t> whole_number(std::string_view text, std::uint64_t max) {
  auto t = trim(text);
  if (t.empty())
    return syntax_error::empty;
  return parse_decimal(t, max);
}

int month_number(std::string_view m) {
  static constexpr std::array<std::string_view, 12> names{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == m)
      return static_cast<int>(i) + 1;
  return 0;
}

bool is_weekday(std::string_view d) {
  static constexpr std::array<std::string_view, 7> names{
      "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (auto n : names)
    if (n == d)
      return true;
  return false;
}

// Reads exactly `n` digits at `s[pos]`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size())
    return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!chars::digit(s[i]))
      return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

} // namespace

result<cseq> parse_cseq(std::string_view text) {
  scanner in{trim(text)};
  auto number = in.take_while(chars::digit);
  if (!in.skip_lws())
    return syntax_error::bad_number;
  auto n = parse_decimal(number, 0x7fffffffu);
  if (!n)
    return n.error();
  auto method = in.take_token();
  if (method.empty() || !in.done())
    return syntax_error::bad_token;
  return cseq{static_cast<std::uint32_t>(*n), std::string(method)};
}

result<std::uint8_t> parse_max_forwards(std::string_view text) {
  auto n = whole_number(text, 255);
  if (!n)
    return n.error();
  return static_cast<std::uint8_t>(*n);
}

result<std::uint32_t> parse_delta_seconds(std::string_view text) {
  auto n = whole_number(text, 0xffffffffu);
  if (!n)
    return n.error();
  return static_cast<std::uint32_t>(*n);
}

result<std::uint32_t> parse_content_length(std::string_view text) {
  return parse_delta_seconds(text);
}

bool is_call_id(std::string_view text) noexcept {
  auto at = text.find('@');
  if (at == std::string_view::npos)
    return chars::all_of(text, chars::word);
  return chars::all_of(text.substr(0, at), chars::word) &&
         chars::all_of(text.substr(at + 1), chars::word);
}

result<sip_date> parse_date(std::string_view text) {
  // "Sat, 15 Oct 2005 04:44:56 GMT": fixed layout, 29 characters.
  auto s = trim(text);
  if (s.size() != 29)
    return syntax_error::bad_date;
  sip_date d;
  bool ok = is_weekday(s.substr(0, 3)) && s.substr(3, 2) == ", " &&
            digits(s, 5, 2, d.day) && s[7] == ' ' &&
            (d.month = month_number(s.substr(8, 3))) != 0 && s[11] == ' ' &&
            digits(s, 12, 4, d.year) && s[16] == ' ' &&
            digits(s, 17, 2, d.hour) && s[19] == ':' &&
            digits(s, 20, 2, d.minute) && s[22] == ':' &&
            digits(s, 23, 2, d.second) && s.substr(25) == " GMT";
  if (!ok || d.day < 1 || d.day > 31 || d.hour > 23 || d.minute > 59 ||
      d.second > 60)
    return syntax_error::bad_date;
  return d;
}

bool media_type::covers(std::string_view type_slash_subtype) const {
  auto slash = type_slash_subtype.find('/');
  auto t = type_slash_subtype.substr(0, slash);
  auto st = slash == std::string_view::npos
                ? std::string_view{}
                : type_slash_subtype.substr(slash + 1);
  if (type == "*")
    return subtype == "*";
  return iequals(type, t) && (subtype == "*" || iequals(subtype, st));
}

std::string media_type::essence() const {
  return to_lower(type) + '/' + to_lower(subtype);
}

result<media_type> parse_media_type(std::string_view text) {
  scanner in{text};
  in.skip_lws();
  media_type m;
  m.type = std::string(in.take_token());
  if (m.type.empty() || !in.eat_separator('/'))
    return syntax_error::bad_media_type;
  m.subtype = std::string(in.take_token());
  if (m.subtype.empty())
    return syntax_error::bad_media_type;
  auto params = parse_generic_params(in);
  if (!params)
    return params.error();
  m.params = std::move(*params);
  in.skip_lws();
  if (!in.done())
    return syntax_error::trailing_garbage;
  return m;
}

result<std::vector<std::string>>
parse_option_tags(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (v.empty())
      continue;
    if (!chars::is_token(v))
      return syntax_error::bad_token;
    out.push_back(v);
  }
  return out;
}

} // namespace passerelle::sip
