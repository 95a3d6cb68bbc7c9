#include "sip/txn/transaction_table.hpp"

#include <type_traits>
#include <utility>

namespace passerelle::sip::txn {

namespace {

bool is_terminated(const auto& txn) {
  return std::visit([](const auto& m) { return m.is_terminated(); }, txn);
}

} // namespace

transaction_table::transaction_table(const table_config& config)
    : config_(config) {
  // nop
}

template <class Input>
effects transaction_table::dispatch(transaction_id id, Input input) {
  auto pos = entries_.find(id);
  if (pos == entries_.end())
    return {};
  auto out = std::visit(input, pos->second.txn);
  erase_if_terminated(pos);
  return out;
}

request_outcome transaction_table::on_request(const request_summary& req,
                                              message_handle msg,
                                              transport_kind transport) {
  // The key is made once: looked up, then kept by a new transaction.
  auto key = server_key(req);
  auto found = find_server(key, req);
  if (found)
    return feed_server(*found, req, msg);
  // RFC 3261 17.2.3: an ACK matching no transaction (the ACK for a 2xx)
  // goes to the TU core; it never creates a transaction.
  if (req.method == "ACK")
    return {request_disposition::unmatched_ack, {}, {}, {}};
  if (entries_.size() >= config_.max_transactions)
    return {request_disposition::overloaded, {}, {}, {}};
  return create_server(req, msg, transport, std::move(key));
}

response_outcome transaction_table::on_response(const response_summary& rsp,
                                                message_handle msg) {
  // RFC 3261 17.1.3: branch of the top Via and CSeq method.
  auto pos = clients_.find(client_key{rsp.branch, rsp.cseq_method});
  if (pos == clients_.end())
    return {response_disposition::unmatched, {}, {}};
  auto id = pos->second;
  auto out = dispatch(id, [&](auto& m) -> effects {
    if constexpr (requires { m.on_response(rsp.status, msg); })
      return m.on_response(rsp.status, msg);
    else
      return {};
  });
  return {response_disposition::matched, id, std::move(out)};
}

start_outcome transaction_table::start_client(const client_key& key,
                                              message_handle request,
                                              transport_kind transport) {
  // RFC 3261 17.1: the ACK for a 2xx is the TU's, for a non-2xx the
  // INVITE client transaction's.
  if (key.method == "ACK")
    return {start_disposition::not_transactional, {}, {}};
  if (clients_.contains(key))
    return {start_disposition::duplicate, {}, {}};
  if (entries_.size() >= config_.max_transactions)
    return {start_disposition::overloaded, {}, {}};
  auto txn = key.method == "INVITE"
                 ? machine{invite_client{config_.timers, transport}}
                 : machine{non_invite_client{config_.timers, transport}};
  auto id = insert(std::move(txn), key, {});
  auto out = dispatch(id, [&](auto& m) -> effects {
    if constexpr (requires { m.on_tu_request(request); })
      return m.on_tu_request(request);
    else
      return {};
  });
  return {start_disposition::started, id, std::move(out)};
}

effects transaction_table::on_tu_response(transaction_id id, int status,
                                          message_handle response,
                                          std::string_view to_tag) {
  auto pos = entries_.find(id);
  if (pos != entries_.end() && status >= 200)
    pos->second.response_to_tag = std::string{to_tag};
  return dispatch(id, [&](auto& m) -> effects {
    if constexpr (requires { m.on_tu_response(status, response); })
      return m.on_tu_response(status, response);
    else
      return {};
  });
}

effects transaction_table::on_timer(transaction_id id, timer_id timer,
                                    generation gen) {
  return dispatch(id, [&](auto& m) { return m.on_timer(timer, gen); });
}

effects transaction_table::on_transport_error(transaction_id id) {
  return dispatch(id, [](auto& m) { return m.on_transport_error(); });
}

transaction_table::index_key
transaction_table::server_key(const request_summary& req) {
  // RFC 3261 17.2.3: the magic cookie says the branch is unique.
  if (has_magic_cookie(req.branch))
    return make_txn_key(req);
  return make_rfc2543_key(req);
}

std::optional<transaction_id>
transaction_table::find_server(const index_key& key,
                               const request_summary& req) const {
  if (auto* k = std::get_if<txn_key>(&key)) {
    auto pos = servers_.find(*k);
    if (pos == servers_.end())
      return std::nullopt;
    return pos->second;
  }
  // RFC 2543 fallback: an ACK matches the To tag of the response, every
  // other request the To tag of the creating request.
  return find_rfc2543(std::get<rfc2543_key>(key), req.to_tag,
                      req.method == "ACK");
}

std::optional<transaction_id>
transaction_table::find_cancel_target(const request_summary& req) const {
  // RFC 3261 9.2: match the CANCEL as if its method were not CANCEL; the
  // CANCEL copies Request-URI, Call-ID, From, To and CSeq number (9.1).
  auto invite = req;
  invite.method = "INVITE";
  invite.cseq_method = "INVITE";
  if (has_magic_cookie(req.branch)) {
    auto pos = servers_.find(make_txn_key(invite));
    if (pos == servers_.end())
      return std::nullopt;
    return pos->second;
  }
  return find_rfc2543(make_rfc2543_key(invite), req.to_tag, false);
}

std::optional<transaction_id>
transaction_table::find_rfc2543(const rfc2543_key& key, std::string_view to_tag,
                                bool match_response_tag) const {
  auto [first, last] = rfc2543_servers_.equal_range(key);
  for (auto pos = first; pos != last; ++pos) {
    const auto& e = entries_.at(pos->second);
    if (match_response_tag ? e.response_to_tag == to_tag
                           : e.request_to_tag == to_tag)
      return pos->second;
  }
  return std::nullopt;
}

request_outcome transaction_table::feed_server(transaction_id id,
                                               const request_summary& req,
                                               message_handle msg) {
  auto is_ack = req.method == "ACK";
  auto out = dispatch(id, [&](auto& m) -> effects {
    using type = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<type, invite_server>)
      return is_ack ? m.on_ack(msg) : m.on_request(msg);
    else if constexpr (std::is_same_v<type, non_invite_server>)
      return m.on_request(msg);
    else
      return {};
  });
  return {request_disposition::matched, id, {}, std::move(out)};
}

request_outcome transaction_table::create_server(const request_summary& req,
                                                 message_handle msg,
                                                 transport_kind transport,
                                                 index_key key) {
  auto txn = req.method == "INVITE"
                 ? machine{invite_server{config_.timers, transport}}
                 : machine{non_invite_server{config_.timers, transport}};
  std::optional<transaction_id> cancelled;
  if (req.method == "CANCEL")
    cancelled = find_cancel_target(req);
  auto id = insert(std::move(txn), std::move(key), std::string{req.to_tag});
  auto out = dispatch(id, [&](auto& m) -> effects {
    if constexpr (requires { m.start(msg); })
      return m.start(msg);
    else
      return {};
  });
  return {request_disposition::created, id, cancelled, std::move(out)};
}

transaction_id transaction_table::insert(machine txn, index_key key,
                                         std::string to_tag) {
  auto id = transaction_id{next_id_++};
  auto where = std::visit(
      [&](auto& k) -> index_ref {
        using type = std::decay_t<decltype(k)>;
        // Callers look the key up first: it is not in the index yet.
        if constexpr (std::is_same_v<type, client_key>)
          return clients_.emplace(std::move(k), id).first;
        else if constexpr (std::is_same_v<type, txn_key>)
          return servers_.emplace(std::move(k), id).first;
        else
          return rfc2543_servers_.emplace(std::move(k), id);
      },
      key);
  entries_.emplace(
      id, entry{std::move(txn), where, std::move(to_tag), std::nullopt});
  return id;
}

void transaction_table::forget(transaction_id id) {
  if (auto pos = entries_.find(id); pos != entries_.end())
    erase(pos);
}

void transaction_table::erase_if_terminated(entry_map::iterator pos) {
  if (is_terminated(pos->second.txn))
    erase(pos);
}

void transaction_table::erase(entry_map::iterator pos) {
  std::visit(
      [&](auto where) {
        using type = decltype(where);
        if constexpr (std::is_same_v<type, client_index::iterator>)
          clients_.erase(where);
        else if constexpr (std::is_same_v<type, server_index::iterator>)
          servers_.erase(where);
        else
          rfc2543_servers_.erase(where);
      },
      pos->second.where);
  entries_.erase(pos);
}

} // namespace passerelle::sip::txn
