#include "actors/server_transactions.hpp"

#include "sip/syntax/address.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/via.hpp"

#include <algorithm>

namespace passerelle {

namespace {

using namespace sip;

sip::txn::table_config config_for(std::size_t max) {
  sip::txn::table_config c;
  c.max_transactions = max;
  return c;
}

std::optional<std::string_view> tag_of(const result<address>* addr) {
  if (addr == nullptr || !*addr)
    return std::nullopt;
  const auto* tag = param_named((*addr)->params, "tag");
  return tag != nullptr ? std::string_view{tag->value} : std::string_view{};
}

std::string_view branch_of(const via& top) {
  const auto* branch = param_named(top.params, "branch");
  return branch != nullptr ? std::string_view{branch->value}
                           : std::string_view{};
}

/// Writes `host[:port]` lower-cased into `out`, as the key compares it.
void write_sent_by(const via& top, std::string& out) {
  out = sip::to_lower(top.host);
  if (top.port) {
    out.push_back(':');
    out.append(std::to_string(*top.port));
  }
}

std::uint64_t key_of(sip::txn::transaction_id id) {
  return static_cast<std::uint64_t>(id);
}

void put_field(std::string& out, std::string_view field) {
  auto n = static_cast<std::uint32_t>(field.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof(n));
  out.append(field);
}

/// The RFC 3261 17.2.3 key of a request other than ACK (`txn_key`'s
/// fields, read straight from the summary, whose sent-by is lower-cased),
/// as one string: each field prefixed with its length, so that no two keys
/// pack alike.
std::string pack(const sip::txn::request_summary& s) {
  std::string out;
  out.reserve(s.branch.size() + s.sent_by.size() + s.method.size() +
              s.call_id.size() + 24);
  put_field(out, s.branch);
  put_field(out, s.sent_by);
  put_field(out, s.method);
  put_field(out, s.call_id);
  out.append(reinterpret_cast<const char*>(&s.cseq_number),
             sizeof(s.cseq_number));
  return out;
}

} // namespace

std::optional<sip::txn::request_summary> summarize(const message& msg,
                                                   summary_text& text) {
  // The top Via and CSeq as classify parsed them (kept on the message).
  const auto* top = msg.top_via();
  const auto* cseq = msg.cseq();
  const auto* call_id = msg.find(header_id::call_id);
  if (top == nullptr || cseq == nullptr || call_id == nullptr || !*top ||
      !*cseq)
    return std::nullopt;
  sip::txn::request_summary s;
  s.method = msg.method();
  s.branch = branch_of(**top);
  // The RFC 2543 key (no magic cookie) is the only one that needs the
  // tags, the top Via and the Request-URI (RFC 3261 17.2.3).
  if (!sip::txn::has_magic_cookie(s.branch)) {
    auto from_tag = tag_of(msg.from());
    auto to_tag = tag_of(msg.to());
    if (!from_tag || !to_tag)
      return std::nullopt;
    s.from_tag = *from_tag;
    s.to_tag = *to_tag;
    s.top_via =
        first_list_element(*msg.value_view(header_id::via, text.top_via));
    s.request_uri = msg.request_uri();
  }
  write_sent_by(**top, text.sent_by);
  s.sent_by = text.sent_by;
  s.call_id = call_id->value_view(text.call_id);
  s.cseq_number = (*cseq)->number;
  s.cseq_method = (*cseq)->method;
  return s;
}

server_transactions::server_transactions(std::size_t max)
    : table_(config_for(max)),
      completed_(config_for(max).timers.timeout(), max) {}

server_transactions::admission
server_transactions::admit(const message& msg,
                           const transport::inbound_message& in,
                           transport::transport_hub& hub) {
  auto method = msg.method();
  if (method == "ACK" || method == "INVITE")
    return {};
  summary_text text;
  auto summary = summarize(msg, text);
  if (!summary)
    return {};
  auto kind = in.transport == transport::protocol::udp
                  ? sip::txn::transport_kind::unreliable
                  : sip::txn::transport_kind::reliable;
  std::string key;
  if (kind == sip::txn::transport_kind::unreliable &&
      sip::txn::has_magic_cookie(summary->branch)) {
    key = pack(*summary);
    completed_answers::answer kept;
    if (completed_.find(key, kept)) { // Completed: send the answer again
      hub.send(kept.to, std::string{kept.bytes});
      return {verdict::absorbed, {}};
    }
  }
  // The request itself is never asked for again: handle 0.
  auto out = table_.on_request(*summary, sip::txn::message_handle{0}, kind);
  switch (out.disposition) {
  case sip::txn::request_disposition::created: {
    auto& r = records_[key_of(out.id)];
    r.to = transport::reply_target(in);
    r.key = std::move(key);
    perform(out.id, out.out, &hub, clock::now());
    return {verdict::fresh, out.id};
  }
  case sip::txn::request_disposition::matched:
    perform(out.id, out.out, &hub, clock::now());
    return {verdict::absorbed, out.id};
  case sip::txn::request_disposition::overloaded:
    return {verdict::overloaded, {}};
  case sip::txn::request_disposition::unmatched_ack:
    break;
  }
  return {};
}

void server_transactions::respond(sip::txn::transaction_id id, int status,
                                  std::string bytes,
                                  transport::transport_hub& hub,
                                  clock::time_point now) {
  auto i = records_.find(key_of(id));
  if (i == records_.end())
    return;
  auto& r = i->second;
  // A final answer on UDP: keep what the Completed state needs, drop the
  // machine (timer J is the same for all, `completed_` ends them).
  if (status >= 200 && !r.key.empty() &&
      completed_.keep(r.key, r.to, bytes, now)) {
    send_and_forget(i, id, std::move(bytes), hub);
    return;
  }
  r.last_response = std::move(bytes);
  // The message handle is the transaction's own: one response kept.
  auto out = table_.on_tu_response(id, status,
                                   sip::txn::message_handle{key_of(id)}, {});
  perform(id, out, &hub, now);
}

void server_transactions::respond_once(sip::txn::transaction_id id,
                                       std::string bytes,
                                       transport::transport_hub& hub) {
  auto i = records_.find(key_of(id));
  if (i == records_.end())
    return;
  send_and_forget(i, id, std::move(bytes), hub);
}

void server_transactions::send_and_forget(record_map::iterator i,
                                          sip::txn::transaction_id id,
                                          std::string bytes,
                                          transport::transport_hub& hub) {
  hub.send(i->second.to, std::move(bytes));
  table_.forget(id);
  records_.erase(i);
}

void server_transactions::tick(clock::time_point now) {
  completed_.expire(now);
  while (!timers_.empty() && timers_.begin()->first <= now) {
    auto due = timers_.begin()->second;
    timers_.erase(timers_.begin());
    // Timers only end transactions here (J): nothing is sent.
    perform(due.id, table_.on_timer(due.id, due.timer, due.gen), nullptr, now);
  }
}

void server_transactions::perform(sip::txn::transaction_id id,
                                  const sip::txn::effects& out,
                                  transport::transport_hub* hub,
                                  clock::time_point now) {
  for (auto& effect : out) {
    auto i = records_.find(key_of(id));
    if (i == records_.end())
      return;
    if (std::holds_alternative<sip::txn::send_message>(effect) ||
        std::holds_alternative<sip::txn::retransmit>(effect)) {
      if (hub != nullptr && !i->second.last_response.empty())
        hub->send(i->second.to, i->second.last_response);
    } else if (auto* arm = std::get_if<sip::txn::arm_timer>(&effect)) {
      timers_.emplace(now + arm->delay, armed{id, arm->timer, arm->gen});
    } else if (std::holds_alternative<sip::txn::terminated>(effect)) {
      records_.erase(i);
    }
    // pass_to_tu: the caller handles a fresh request itself; the other
    // effects belong to client and INVITE transactions.
  }
}

} // namespace passerelle
