#include "actors/registrar_notify.hpp"

#include "actors/errors.hpp"
#include "sip/syntax/via.hpp"

#include <caf/stateful_actor.hpp>

#include <algorithm>
#include <variant>

namespace passerelle {

namespace {

using namespace sip;

std::string random_hex(registrar_self self, size_t digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  while (out.size() < digits) {
    auto x = self->state.rng();
    for (int i = 0; i < 16 && out.size() < digits; ++i, x >>= 4)
      out.push_back(hex[x & 0xf]);
  }
  return out;
}

transport::send_target target_of(const registrar::registration_binding& b) {
  transport::send_target t;
  t.transport = to_transport(b.transport);
  t.ip = b.source.ip;
  t.port = b.source.port;
  t.connection_id = b.connection_id;
  return t;
}

txn::transport_kind kind_of(const registrar::registration_binding& b) {
  return b.transport == registrar::transport_protocol::udp
             ? txn::transport_kind::unreliable
             : txn::transport_kind::reliable;
}

/// Stores the outcome on the device, then answers whoever asked; the
/// transaction itself may linger to absorb retransmitted answers.
void finish(registrar_self self, pending_notify& p, std::string outcome,
            int status) {
  if (!p.promise)
    return;
  auto promise = std::move(*p.promise);
  p.promise.reset();
  events::command_outcome result{p.command, std::move(outcome), status};
  self->request(self->state.fleet, caf::infinite, atom::outcome_v, p.user,
                result, p.caller)
      .then([promise,
             result](const device_view&) mutable { promise.deliver(result); },
            [promise](caf::error& err) mutable { promise.deliver(err); });
}

void on_final(registrar_self self, pending_notify& p, const received& r);

/// Performs a transaction's effects in order (RFC 3261 17.1.2); `r` is the
/// response that caused them, if any.
void perform(registrar_self self, const std::string& branch,
             const txn::effects& fx, const received* r = nullptr) {
  for (auto& e : fx) {
    auto& notifies = self->state.notifies;
    auto i = notifies.find(branch);
    if (i == notifies.end())
      return;
    auto& p = i->second;
    if (std::holds_alternative<txn::send_message>(e) ||
        std::holds_alternative<txn::retransmit>(e)) {
      auto hdl = caf::actor_cast<registrar_actor>(self);
      self->state.core->hub->send(
          target_of(p.binding), render_notify(p.request),
          [hdl, branch](std::error_code ec) {
            if (ec)
              caf::anon_send(hdl, atom::unsent_v, branch);
          });
    } else if (auto* t = std::get_if<txn::arm_timer>(&e)) {
      self->delayed_send(self, t->delay, atom::resend_v, branch,
                         static_cast<uint32_t>(t->timer), t->gen);
    } else if (std::holds_alternative<txn::pass_to_tu>(e)) {
      if (r && r->msg->status_code().value_or(0) >= 200)
        on_final(self, p, *r);
    } else if (std::holds_alternative<txn::notify_timeout>(e) ||
               std::holds_alternative<txn::notify_transport_error>(e)) {
      finish(self, p, "no_answer", 0);
    } else if (std::holds_alternative<txn::terminated>(e)) {
      finish(self, p, "no_answer", 0); // nop if the outcome is known
      notifies.erase(i);
    }
  }
}

/// Starts `p` as a new client transaction under its request's branch.
void start(registrar_self self, pending_notify p) {
  auto branch = p.request.branch;
  auto& st = self->state;
  auto [i, added] = st.notifies.try_emplace(branch, std::move(p));
  if (!added) { // a 64-bit random branch collided: p is left as it was
    if (p.promise)
      p.promise->deliver(make_error(ec::conflict, "NOTIFY branch in use"));
    return;
  }
  perform(self, branch, i->second.txn.on_tu_request(txn::message_handle{}));
}

/// Answers a phone's challenge (Cisco MPP challenges NOTIFY) with the
/// line's credentials in a new transaction that takes over the command.
bool retry_with_credentials(registrar_self self, pending_notify& p,
                            const received& r) {
  std::string md5;
  std::string sha256;
  {
    std::lock_guard lock{self->state.core->mutex};
    // Not if the device was deleted meanwhile: nothing to answer with.
    auto& accounts = self->state.core->accounts;
    if (auto kept = accounts.find(p.user); kept != accounts.end()) {
      md5 = kept->second.ha1.md5();
      sha256 = kept->second.ha1.sha256();
    }
  }
  if (md5.empty() && sha256.empty())
    return false;
  auto answer = answer_challenge(*r.msg, p.request, p.user, md5, sha256,
                                 random_hex(self, 16));
  if (!answer)
    return false;
  pending_notify next{self->state.core->settings.timers, kind_of(p.binding)};
  next.request = p.request;
  next.request.authorization = std::move(*answer);
  next.request.cseq += 1;
  next.request.branch = "z9hG4bK" + random_hex(self, 16);
  next.binding = p.binding;
  next.user = p.user;
  next.command = p.command;
  next.caller = p.caller;
  next.auth_tried = true;
  next.promise = std::move(p.promise);
  p.promise.reset();
  start(self, std::move(next));
  return true;
}

void on_final(registrar_self self, pending_notify& p, const received& r) {
  auto status = r.msg->status_code().value_or(0);
  if ((status == 401 || status == 407) && !p.auth_tried && p.promise &&
      retry_with_credentials(self, p, r))
    return;
  finish(self, p, status < 300 ? "accepted" : "rejected", status);
}

} // namespace

caf::result<events::command_outcome> start_notify(registrar_self self,
                                                  const std::string& mac,
                                                  const std::string& command,
                                                  const std::string& vendor,
                                                  const std::string& caller) {
  auto& st = self->state;
  auto event = notify_event(vendor, command);
  if (event.empty())
    return make_error(ec::invalid_argument, "unknown command " + command);
  std::optional<registrar::registration_binding> best;
  notify_request r;
  {
    std::lock_guard lock{st.core->mutex};
    auto& core = *st.core;
    auto account = core.accounts.find(mac);
    if (account != core.accounts.end() && !account->second.bindings.empty()) {
      // The most recently refreshed binding.
      auto& bindings = account->second.bindings;
      best = *std::max_element(bindings.begin(), bindings.end(),
                               [](const auto& a, const auto& b) {
                                 return a.expires_at < b.expires_at;
                               });
      r.to = "<sip:" + mac + "@" + core.settings.realm + ">";
      r.via_host = core.settings.via_host;
      auto tls = best->transport == registrar::transport_protocol::tls;
      r.via_port = tls ? core.settings.sips_port : core.settings.sip_port;
      r.domain = core.settings.realm;
    }
  }
  pending_notify p{st.core->settings.timers,
                   best ? kind_of(*best) : txn::transport_kind::reliable};
  p.user = mac;
  p.command = command;
  p.caller = caller;
  p.promise = self->make_response_promise<events::command_outcome>();
  auto promise = *p.promise;
  if (!best) {
    finish(self, p, "not_registered", 0);
    return promise;
  }
  p.binding = std::move(*best);
  r.target_uri = p.binding.contact;
  if (r.target_uri.starts_with("<"))
    r.target_uri = r.target_uri.substr(1, r.target_uri.find('>') - 1);
  auto proto = p.binding.transport;
  r.transport = proto == registrar::transport_protocol::tls   ? "TLS"
                : proto == registrar::transport_protocol::tcp ? "TCP"
                                                              : "UDP";
  r.branch = "z9hG4bK" + random_hex(self, 16);
  r.call_id = random_hex(self, 20) + "@passerelle";
  r.from_tag = random_hex(self, 10);
  r.event = std::move(event);
  p.request = std::move(r);
  start(self, std::move(p));
  return promise;
}

void on_notify_timer(registrar_self self, const std::string& branch,
                     uint32_t timer, uint64_t gen) {
  auto i = self->state.notifies.find(branch);
  if (i == self->state.notifies.end() || timer >= txn::timer_count)
    return; // ended meanwhile
  perform(self, branch,
          i->second.txn.on_timer(static_cast<txn::timer_id>(timer), gen));
}

void on_notify_unsent(registrar_self self, const std::string& branch) {
  auto i = self->state.notifies.find(branch);
  if (i != self->state.notifies.end())
    perform(self, branch, i->second.txn.on_transport_error());
}

void on_notify_response(registrar_self self, const received& r) {
  auto via_text = r.msg->value(header_id::via);
  if (!via_text)
    return;
  auto via = parse_via(*via_text);
  if (!via || !via->branch())
    return;
  auto branch = std::string{*via->branch()};
  auto i = self->state.notifies.find(branch);
  if (i == self->state.notifies.end())
    return; // not ours, or an answer after the transaction ended
  auto status = r.msg->status_code().value_or(0);
  perform(self, branch, i->second.txn.on_response(status, {}), &r);
}

} // namespace passerelle
