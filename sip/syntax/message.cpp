#include "sip/syntax/message.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/header_block.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"

#include <algorithm>

namespace passerelle::sip {

namespace {

constexpr auto npos = std::string_view::npos;

bool starts_with_sip_version(std::string_view line) {
  return line.size() >= 4 && iequals(line.substr(0, 4), "SIP/");
}

} // namespace

std::string header_field::value() const {
  return unfold(raw_value);
}

std::string_view header_field::value_view(std::string& scratch) const {
  // The same test `unfold` makes before its copying fast path.
  if (raw_value.find('\r') == npos)
    return trim(raw_value);
  scratch = unfold(raw_value);
  return scratch;
}

result<message> message::parse(std::string_view bytes, parse_options opts) {
  // Made in place and returned by name: no move of the message.
  result<message> out{std::in_place};
  if (auto err = out->split(bytes, opts))
    out = *err;
  return out;
}

std::optional<syntax_error> message::split(std::string_view bytes,
                                           const parse_options& opts) {
  std::size_t pos = 0;
  // RFC 3261 7.5: CRLFs before the start line are ignored.
  while (bytes.substr(pos, 2) == "\r\n")
    pos += 2;
  if (pos >= bytes.size())
    return syntax_error::empty;
  // One pass over the header section: each CRLF ends the start line, a
  // header field (unless a fold follows, RFC 3261 7.3.1) or, when another
  // follows at once, the section.
  auto line_end = detail::next_crlf(bytes, pos);
  if (line_end == npos)
    return syntax_error::truncated;
  transport_ = opts.transport;
  headers_.reserve(16);
  auto end = line_end; // the CRLF last found
  while (bytes.substr(end + 2, 2) != "\r\n") {
    auto field_begin = end + 2;
    end = detail::logical_line_end(bytes, field_begin);
    if (end == bytes.size())
      return syntax_error::truncated;
    add_field(bytes.substr(field_begin, end - field_begin));
  }
  start_line_ = bytes.substr(pos, line_end - pos);
  if (auto err = split_start_line())
    return err;
  auto body_start = end + 4;
  if (auto err = frame_body(bytes.substr(body_start), opts))
    return err;
  auto body_end = body_start + body_.size();
  bytes_ = bytes.substr(pos, body_end - pos);
  consumed_ = body_end;
  max_size_ = opts.max_size;
  if (bytes_.size() > opts.max_size)
    add_defect(message_defect::too_large);
  return std::nullopt;
}

std::optional<syntax_error> message::split_start_line() {
  const auto& sl = start_line_;
  if (starts_with_sip_version(sl)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    request_ = false;
    auto sp = sl.find(' ');
    if (sp == npos)
      return syntax_error::bad_start_line;
    part1_ = sl.substr(0, sp);
    auto rest = sl.substr(sp + 1);
    auto sp2 = rest.find(' ');
    part2_ = rest.substr(0, sp2);
    part3_ = sp2 == npos ? std::string_view{} : rest.substr(sp2 + 1);
    return std::nullopt;
  }
  // Request-Line = Method SP Request-URI SP SIP-Version; split leniently
  // here, checked by strict_request_line().
  auto first = sl.find(' ');
  auto last = sl.rfind(' ');
  if (first == npos || first == last)
    return syntax_error::bad_start_line;
  part1_ = sl.substr(0, first);
  part2_ = sl.substr(first + 1, last - first - 1);
  part3_ = sl.substr(last + 1);
  return std::nullopt;
}

void message::add_field(std::string_view line) {
  header_field f;
  f.line = line;
  if (detail::split_field(f.line, f.name, f.raw_value))
    f.id = lookup_header(f.name);
  else {
    f.name = f.raw_value = {};
    add_defect(message_defect::bad_header_line);
  }
  add_field(f);
}

void message::add_field(const header_field& f) {
  auto i = static_cast<std::size_t>(f.id);
  if (counts_[i]++ == 0)
    firsts_[i] = static_cast<std::uint32_t>(headers_.size() + 1);
  headers_.push_back(f);
}

std::optional<syntax_error> message::frame_body(std::string_view rest,
                                                const parse_options& opts) {
  std::optional<std::uint32_t> length;
  auto n = count(header_id::content_length);
  if (n > 1) {
    add_defect(message_defect::content_length_repeated);
  } else if (n == 1) {
    auto v = parse_content_length(find(header_id::content_length)->value());
    if (v)
      length = *v;
    else
      add_defect(message_defect::content_length_invalid);
  }
  if (opts.transport == transport_kind::stream) {
    // RFC 3261 18.3: on a stream the header is mandatory.
    if (n == 0)
      add_defect(message_defect::content_length_missing);
    if (!length) {
      body_ = {};
      return std::nullopt;
    }
    if (*length > rest.size())
      return syntax_error::truncated;
    body_ = rest.substr(0, *length);
    return std::nullopt;
  }
  // RFC 3261 18.3: a datagram without Content-Length ends its body at the
  // end of the datagram; octets past Content-Length are discarded.
  if (length && *length <= rest.size()) {
    body_ = rest.substr(0, *length);
    return std::nullopt;
  }
  if (length)
    add_defect(message_defect::content_length_overflow);
  body_ = rest;
  return std::nullopt;
}

std::optional<int> message::status_code() const noexcept {
  if (request_ || part2_.size() != 3 || !chars::all_of(part2_, chars::digit))
    return std::nullopt;
  return (part2_[0] - '0') * 100 + (part2_[1] - '0') * 10 + (part2_[2] - '0');
}

bool message::strict_request_line() const noexcept {
  auto clean = [](std::string_view s) {
    return !s.empty() && s.find(' ') == npos && s.find('\t') == npos;
  };
  return request_ && clean(part1_) && clean(part2_) && clean(part3_);
}

const header_field* message::find(std::string_view name) const noexcept {
  auto id = lookup_header(name);
  if (id != header_id::unknown)
    return find(id);
  for (const auto& h : headers_)
    if (h.id == header_id::unknown && !h.name.empty() && iequals(h.name, name))
      return &h;
  return nullptr;
}

std::optional<std::string> message::value(header_id id) const {
  auto h = find(id);
  return h ? std::optional{h->value()} : std::nullopt;
}

std::optional<std::string> message::value(std::string_view name) const {
  auto h = find(name);
  return h ? std::optional{h->value()} : std::nullopt;
}

std::optional<std::string_view>
message::value_view(header_id id, std::string& scratch) const {
  auto h = find(id);
  return h ? std::optional{h->value_view(scratch)} : std::nullopt;
}

std::vector<std::string> message::values(header_id id) const {
  std::vector<std::string> out;
  auto n = count(id);
  if (n == 0)
    return out;
  out.reserve(n);
  for (auto i = firsts_[static_cast<std::size_t>(id)] - 1; i < headers_.size();
       ++i)
    if (headers_[i].id == id)
      out.push_back(headers_[i].value());
  return out;
}

std::vector<std::string> message::list(header_id id) const {
  std::vector<std::string> out;
  if (count(id) == 0)
    return out;
  std::string scratch;
  for (auto i = firsts_[static_cast<std::size_t>(id)] - 1; i < headers_.size();
       ++i) {
    if (headers_[i].id != id)
      continue;
    for_each_list_element(headers_[i].value_view(scratch),
                          [&](std::string_view item) {
                            out.emplace_back(item);
                            return true;
                          });
  }
  return out;
}

bool message::rebase(std::string_view was, std::string_view now,
                     const buffer_edit& edit) {
  auto begin = edit.offset;
  auto end = edit.offset + edit.replaced;
  bool ok = true;
  // A view before the edit keeps its offset, one after it moves with the
  // octets, one around it (the edited field's value and line, the whole
  // message) grows or shrinks with it. A view that starts right where
  // octets are inserted could be either: the caller parses again.
  auto move = [&](std::string_view& v) {
    if (v.data() == nullptr)
      return false;
    auto from = static_cast<std::size_t>(v.data() - was.data());
    auto to = from + v.size();
    auto size = v.size();
    bool around = false;
    bool inserted_before = edit.replaced == 0 && from == begin && size > 0;
    if (from >= end && (from > begin || edit.replaced > 0)) {
      from = from - edit.replaced + edit.inserted;
    } else if (from <= begin && to >= end && !inserted_before) {
      size = size - edit.replaced + edit.inserted;
      around = true;
    } else if (to > begin) {
      ok = false;
    }
    v = now.substr(from, size);
    return around;
  };
  move(start_line_);
  move(part1_);
  move(part2_);
  move(part3_);
  std::array<bool, header_id_count> touched{};
  for (auto& h : headers_) {
    move(h.name);
    move(h.raw_value);
    if (move(h.line))
      touched[static_cast<std::size_t>(h.id)] = true;
  }
  move(body_);
  move(bytes_);
  forget_parsed(touched);
  consumed_ = consumed_ - edit.replaced + edit.inserted;
  defects_ &= static_cast<std::uint8_t>(
      ~static_cast<std::uint8_t>(message_defect::too_large));
  if (bytes_.size() > max_size_)
    add_defect(message_defect::too_large);
  return ok;
}

std::string message::serialize() const {
  std::string out;
  out.reserve(bytes_.size());
  out += start_line_;
  out += "\r\n";
  for (const auto& h : headers_) {
    out += h.line;
    out += "\r\n";
  }
  out += "\r\n";
  out += body_;
  return out;
}

} // namespace passerelle::sip
