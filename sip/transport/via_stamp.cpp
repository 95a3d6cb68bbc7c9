#include "sip/transport/via_stamp.hpp"

#include "sip/syntax/host.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/via.hpp"

#include <asio/ip/address.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace passerelle::sip::transport {

namespace {

bool is_lws(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Returns whether the sent-by host names exactly the source address.
bool same_address(std::string_view host, std::string_view source_ip) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::error_code ec1;
  std::error_code ec2;
  auto a = asio::ip::make_address(std::string(host), ec1);
  auto b = asio::ip::make_address(std::string(source_ip), ec2);
  return !ec1 && !ec2 && a == b;
}

// Returns the end of a param value starting at `i`: the next ';' outside
// a quoted string.
std::size_t value_end(std::string_view e, std::size_t i) {
  bool quoted = false;
  for (; i < e.size(); ++i) {
    if (quoted && e[i] == '\\')
      ++i;
    else if (e[i] == '"')
      quoted = !quoted;
    else if (!quoted && e[i] == ';')
      break;
  }
  return std::min(i, e.size());
}

// One via-param as offsets into its element.
struct param_span {
  std::size_t name_begin = 0;
  std::size_t name_end = 0;
  bool has_value = false;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

// Reads the via-param whose SEMI is at `pos`: SEMI name [EQUAL value],
// with SWS allowed around both separators (RFC 3261 25.1). Returns where
// the next one's SEMI may be.
std::size_t read_param(std::string_view e, std::size_t pos, param_span& p) {
  auto i = pos + 1;
  while (i < e.size() && is_lws(e[i]))
    ++i;
  p = param_span{};
  p.name_begin = i;
  while (i < e.size() && !is_lws(e[i]) && e[i] != '=' && e[i] != ';')
    ++i;
  p.name_end = i;
  while (i < e.size() && is_lws(e[i]))
    ++i;
  if (i >= e.size() || e[i] != '=')
    return value_end(e, i);
  ++i;
  while (i < e.size() && is_lws(e[i]))
    ++i;
  p.has_value = true;
  p.value_begin = i;
  i = value_end(e, i);
  auto end = i;
  while (end > p.value_begin && is_lws(e[end - 1]))
    --end;
  p.value_end = end;
  return i;
}

// A textual edit of the element: replace `erase` bytes at `at` by
// `prefix` then `value`.
struct edit {
  std::size_t at = 0;
  std::size_t erase = 0;
  std::string_view prefix;
  std::string_view value;

  std::size_t size() const noexcept { return prefix.size() + value.size(); }
};

// At most one edit for rport and one for received.
struct edit_plan {
  std::array<edit, 2> edits;
  std::size_t count = 0;

  void add(const edit& e) { edits[count++] = e; }
};

// Plans the edits `fix` makes to `element`: the first rport and the first
// received get their values, received is appended when absent. `port`
// holds the rport value as text.
edit_plan plan_edits(std::string_view element, const via_fixup& fix,
                     std::string_view port) {
  edit_plan plan;
  bool rport_done = !fix.rport;
  bool received_done = !fix.received;
  // sent-protocol and sent-by hold no ';': the first one starts the
  // parameters.
  auto pos = element.find(';');
  while (pos < element.size() && !(rport_done && received_done)) {
    param_span p;
    auto next = read_param(element, pos, p);
    auto name = element.substr(p.name_begin, p.name_end - p.name_begin);
    std::string_view value;
    if (!rport_done && iequals(name, "rport")) {
      rport_done = true;
      value = port;
    } else if (!received_done && iequals(name, "received")) {
      received_done = true;
      value = *fix.received;
    } else {
      pos = next;
      continue;
    }
    if (p.has_value)
      plan.add({p.value_begin, p.value_end - p.value_begin, {}, value});
    else
      plan.add({p.name_end, 0, "=", value});
    pos = next;
  }
  if (!received_done)
    plan.add({element.size(), 0, ";received=", *fix.received});
  return plan;
}

// Gives `top` the values `plan_edits` writes for `fix`, as parsing the
// stamped top Via would read them, when that is certain: a received that
// is an IPv4 address (a token) and an rport value in 1-65535. Else the top
// Via is parsed again when asked for.
bool stamp_parsed(via& top, const via_fixup& fix) {
  if (!fix.received || !is_ipv4(*fix.received) ||
      (fix.rport && *fix.rport == 0))
    return false;
  bool rport_done = !fix.rport;
  bool received_done = false;
  for (auto& p : top.params) {
    std::string value;
    if (!rport_done && iequals(p.name, "rport")) {
      rport_done = true;
      value = std::to_string(*fix.rport);
    } else if (!received_done && iequals(p.name, "received")) {
      received_done = true;
      value = *fix.received;
    } else {
      continue;
    }
    p.value = std::move(value);
    p.has_value = true;
    p.quoted = false;
  }
  if (!received_done)
    top.params.push_back({"received", *fix.received, true, false});
  return true;
}

} // namespace

via_fixup compute_via_fixup(const message& request, std::string_view source_ip,
                            std::uint16_t source_port) {
  via_fixup fix;
  if (!request.is_request())
    return fix;
  const auto* field = request.find(header_id::via);
  if (field == nullptr)
    return fix;
  // Without a fold in the value the message's kept top Via is this very
  // parse (and classify reads it again): parse only a folded one here.
  std::optional<result<via>> folded;
  const auto* top = request.top_via();
  if (field->raw_value.find('\r') != std::string_view::npos)
    top = &folded.emplace(
        parse_via(unfold(first_list_element(field->raw_value))));
  if (!*top)
    return fix;
  // RFC 3581 4: rport asks for both parameters, received even when it
  // equals the sent-by host.
  if ((*top)->has_rport()) {
    fix.rport = source_port;
    fix.received = std::string(source_ip);
  } else if (!same_address((*top)->host, source_ip)) {
    // RFC 3261 18.2.1: a domain name or another address in sent-by.
    fix.received = std::string(source_ip);
  }
  return fix;
}

stamped_bytes stamp_via(std::string_view bytes, const message& request,
                        const via_fixup& fix) {
  const auto* field = request.find(header_id::via);
  if (fix.empty() || field == nullptr)
    return {std::string(bytes), std::nullopt};
  auto element = first_list_element(field->raw_value);
  const char* begin = bytes.data();
  const char* end = begin + bytes.size();
  if (element.empty() || element.data() < begin ||
      element.data() + element.size() > end)
    return {std::string(bytes), std::nullopt};
  auto base = static_cast<std::size_t>(element.data() - begin);
  std::array<char, 8> port{};
  std::size_t port_size = 0;
  if (fix.rport)
    port_size = static_cast<std::size_t>(
        std::to_chars(port.begin(), port.end(), *fix.rport).ptr - port.data());
  auto plan = plan_edits(element, fix, {port.data(), port_size});
  if (plan.count == 0)
    return {std::string(bytes), std::nullopt};
  // In order of position; of two edits at one spot the one planned first
  // goes first, which puts rport's value before an appended received.
  auto& edits = plan.edits;
  if (plan.count == 2 && edits[1].at < edits[0].at)
    std::swap(edits[0], edits[1]);
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t span_end = 0;
  for (std::size_t i = 0; i < plan.count; ++i) {
    added += edits[i].size();
    removed += edits[i].erase;
    span_end = std::max(span_end, base + edits[i].at + edits[i].erase);
  }
  stamped_bytes out;
  out.bytes.reserve(bytes.size() + added - removed);
  std::size_t copied = 0;
  for (std::size_t i = 0; i < plan.count; ++i) {
    auto at = base + edits[i].at;
    out.bytes.append(bytes.substr(copied, at - copied));
    out.bytes.append(edits[i].prefix).append(edits[i].value);
    copied = at + edits[i].erase;
  }
  out.bytes.append(bytes.substr(copied));
  // The span of the old bytes the edits cover, and its new length.
  buffer_edit span{base + edits[0].at, 0, 0};
  span.replaced = span_end - span.offset;
  span.inserted = span.replaced + added - removed;
  out.edit = span;
  return out;
}

void stamp_top_via(inbound_message& m, bool rewrite) {
  // The options the registrar parses with: the parse is handed on.
  parse_options opts;
  opts.transport = m.transport == protocol::udp ? transport_kind::datagram
                                                : transport_kind::stream;
  auto parsed = message::parse(m.bytes, opts);
  if (!parsed)
    return;
  if (parsed->is_request())
    m.top_via = compute_via_fixup(*parsed, m.source_ip, m.source_port);
  if (rewrite && !m.top_via.empty()) {
    // compute_via_fixup parsed the top Via when unfolded: kept, and
    // updated below rather than parsed again.
    std::optional<result<via>> top;
    if (parsed->find(header_id::via)->raw_value.find('\r') ==
        std::string_view::npos)
      top.emplace(parsed->take_top_via());
    auto stamped = stamp_via(m.bytes, *parsed, m.top_via);
    bool moved =
        stamped.edit && parsed->rebase(m.bytes, stamped.bytes, *stamped.edit);
    m.bytes = std::move(stamped.bytes);
    m.via_stamped = true;
    if (!moved)
      return;
    if (top && stamp_parsed(**top, m.top_via))
      parsed->keep_top_via(std::move(*top));
  }
  m.parsed.keep(std::move(*parsed));
}

} // namespace passerelle::sip::transport
