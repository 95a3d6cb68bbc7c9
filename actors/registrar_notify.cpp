#include "actors/registrar_notify.hpp"

#include "actors/errors.hpp"
#include "sip/syntax/via.hpp"

#include <caf/stateful_actor.hpp>

#include <algorithm>

namespace passerelle {

namespace {

using namespace sip;

constexpr auto notify_t1 = std::chrono::milliseconds{500};
constexpr uint32_t notify_tries = 5; // about 7.5 s in all (timer F is 32 s)

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

void send_notify(registrar_self self, const pending_notify& p,
                 uint32_t attempt) {
  self->state.core->hub->send(target_of(p.binding), render_notify(p.request));
  auto wait = notify_t1 * (1u << std::min<uint32_t>(attempt, 3));
  self->delayed_send(self, wait, atom::resend_v, p.request.branch, attempt + 1);
}

void finish_notify(registrar_self self, const std::string& branch,
                   std::string outcome, int status) {
  auto i = self->state.notifies.find(branch);
  if (i == self->state.notifies.end())
    return;
  i->second.promise.deliver(
      events::command_outcome{i->second.command, std::move(outcome), status});
  self->state.notifies.erase(i);
}

} // namespace

caf::result<events::command_outcome> start_notify(registrar_self self,
                                                  const std::string& mac,
                                                  const std::string& command,
                                                  const std::string& vendor) {
  auto& st = self->state;
  auto event = notify_event(vendor, command);
  if (event.empty())
    return make_error(ec::invalid_argument, "unknown command " + command);
  pending_notify p;
  auto& r = p.request;
  {
    std::lock_guard lock{st.core->mutex};
    auto& core = *st.core;
    auto account = core.accounts.find(mac);
    if (account == core.accounts.end() || account->second.bindings.empty())
      return events::command_outcome{command, "not_registered", 0};
    // The most recently refreshed binding.
    auto& bindings = account->second.bindings;
    auto best = std::max_element(bindings.begin(), bindings.end(),
                                 [](const auto& a, const auto& b) {
                                   return a.expires_at < b.expires_at;
                                 });
    p.binding = *best;
    r.to = "<sip:" + mac + "@" + core.settings.realm + ">";
    r.via_host = core.settings.via_host;
    auto tls = best->transport == registrar::transport_protocol::tls;
    r.via_port = tls ? core.settings.sips_port : core.settings.sip_port;
    r.domain = core.settings.realm;
  }
  p.user = mac;
  p.command = command;
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
  r.event = event;
  p.promise = self->make_response_promise<events::command_outcome>();
  auto promise = p.promise;
  auto branch = r.branch;
  st.notifies.emplace(branch, std::move(p));
  send_notify(self, st.notifies[branch], 0);
  return promise;
}

void resend_notify(registrar_self self, const std::string& branch,
                   uint32_t attempt) {
  auto i = self->state.notifies.find(branch);
  if (i == self->state.notifies.end())
    return; // answered meanwhile
  if (attempt >= notify_tries)
    return finish_notify(self, branch, "no_answer", 0);
  if (i->second.binding.transport != registrar::transport_protocol::udp) {
    // Reliable transports are not retransmitted; just wait longer.
    auto wait = notify_t1 * (1u << std::min<uint32_t>(attempt, 3));
    self->delayed_send(self, wait, atom::resend_v, branch, attempt + 1);
    return;
  }
  send_notify(self, i->second, attempt);
}

void on_notify_response(registrar_self self, const received& r) {
  auto via_text = r.msg->value(header_id::via);
  if (!via_text)
    return;
  auto via = parse_via(*via_text);
  if (!via || !via->branch())
    return;
  auto& st = self->state;
  auto i = st.notifies.find(*via->branch());
  if (i == st.notifies.end())
    return; // not ours, or a retransmitted answer
  auto status = r.msg->status_code().value_or(0);
  if (status < 200)
    return;
  auto& p = i->second;
  if ((status == 401 || status == 407) && !p.auth_tried) {
    // Cisco MPP challenges NOTIFY: answer with the line's credentials.
    std::string md5;
    std::string sha256;
    {
      std::lock_guard lock{st.core->mutex};
      // Not if the device was deleted meanwhile: nothing to answer with.
      if (auto kept = st.core->accounts.find(p.user);
          kept != st.core->accounts.end()) {
        md5 = kept->second.ha1.md5();
        sha256 = kept->second.ha1.sha256();
      }
    }
    std::optional<std::string> answer;
    if (!md5.empty() || !sha256.empty())
      answer = answer_challenge(*r.msg, p.request, p.user, md5, sha256,
                                random_hex(self, 16));
    if (answer) {
      auto moved = std::move(p);
      st.notifies.erase(i);
      moved.auth_tried = true;
      moved.request.authorization = *answer;
      moved.request.cseq += 1;
      moved.request.branch = "z9hG4bK" + random_hex(self, 16);
      auto branch = moved.request.branch;
      st.notifies.emplace(branch, std::move(moved));
      send_notify(self, st.notifies[branch], 0);
      return;
    }
  }
  finish_notify(self, i->first, status < 300 ? "accepted" : "rejected", status);
}

} // namespace passerelle
