#include "actors/registrar_actor.hpp"

#include "actors/errors.hpp"
#include "sip/auth/challenge.hpp"
#include "sip/registrar/register_request.hpp"
#include "sip/registrar/response.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/via.hpp"

#include <caf/stateful_actor.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace passerelle {

namespace {

using self_ptr = registrar_actor::stateful_pointer<registrar_state>;
using namespace sip;
using inbound = transport::inbound_message;
using clock_type = std::chrono::system_clock;

constexpr auto fleet_timeout = std::chrono::seconds{10};
constexpr auto tick_interval = std::chrono::seconds{5};
/// Timer J for unreliable transports (RFC 3261 17.2.2): 64 * T1.
constexpr auto answer_lifetime = std::chrono::seconds{32};

/// A received message and the parse over its (owned) bytes.
struct received {
  inbound in;
  std::optional<message> msg;
  /// Identifies the server transaction, for absorbing retransmissions.
  std::string txn_key;
};

using received_ptr = std::shared_ptr<received>;

void send(self_ptr self, const received& r, const message_builder& reply) {
  auto bytes = reply.str();
  // A retransmitted first REGISTER may as well get a fresh challenge; the
  // answer to credentials must be repeated, or the replayed nonce count
  // would read as an attack.
  if (!r.txn_key.empty() && bytes.starts_with("SIP/2.0 401")) {
    self->state.answered.erase(r.txn_key);
  } else if (!r.txn_key.empty()) {
    // RFC 3261 17.2.2: the final answer is re-sent to retransmissions.
    auto& cached = self->state.answered[r.txn_key];
    cached.bytes = bytes;
    cached.until = std::chrono::steady_clock::now() + answer_lifetime;
  }
  self->state.hub->send(transport::reply_target(r.in), std::move(bytes));
}

/// RFC 3261 17.2.3, for REGISTER: top Via (with branch), CSeq, Call-ID and
/// source identify the transaction.
std::string transaction_key(const received& r) {
  auto via = r.msg->value(header_id::via).value_or("");
  auto cseq = r.msg->value(header_id::cseq).value_or("");
  auto call_id = r.msg->value(header_id::call_id).value_or("");
  return via + '|' + cseq + '|' + call_id + '|' + r.in.source_ip + ':' +
         std::to_string(r.in.source_port);
}

/// Answers a retransmission from the cache, or drops it while the first
/// copy is still being handled (Trying). True when it was one.
bool absorbed(self_ptr self, const received& r) {
  auto i = self->state.answered.find(r.txn_key);
  if (i == self->state.answered.end())
    return false;
  if (!i->second.bytes.empty())
    self->state.hub->send(transport::reply_target(r.in), i->second.bytes);
  return true;
}

std::string tag_for(const inbound& in) {
  // Stable per request so a retransmission gets the same To tag.
  return std::to_string(std::hash<std::string>{}(in.bytes) & 0xffffffffff);
}

registrar::arrival arrival_of(const inbound& in) {
  registrar::arrival a;
  a.transport = in.transport == transport::protocol::udp
                    ? registrar::transport_protocol::udp
                : in.transport == transport::protocol::tcp
                    ? registrar::transport_protocol::tcp
                    : registrar::transport_protocol::tls;
  a.source = {in.source_ip, in.source_port};
  a.connection_id = in.connection_id;
  return a;
}

int64_t to_ns(clock_type::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             t.time_since_epoch())
      .count();
}

events::registration_binding
to_event(const registrar::registration_binding& b) {
  events::registration_binding out;
  out.contact = b.contact;
  out.transport = std::string{registrar::to_string(b.transport)};
  out.source = b.source.ip + ":" + std::to_string(b.source.port);
  out.connection = b.connection_id;
  out.expires_at_ns = to_ns(b.expires_at);
  out.user_agent = b.user_agent;
  out.call_id = b.call_id;
  return out;
}

void challenge(self_ptr self, const received& r, bool stale) {
  auto& st = self->state;
  auth::challenge_params p;
  p.realm = st.settings.realm;
  p.nonce = st.nonces->issue(st.settings.realm, clock_type::now(), ++st.salt);
  p.stale = stale;
  // RFC 3261 10.3 step 3; one challenge per algorithm, preferred first.
  auto reply = make_response(*r.msg, 401, {}, tag_for(r.in));
  for (auto a : st.settings.algorithms)
    reply.add(header_id::www_authenticate, auth::challenge_value(p, a));
  send(self, r, reply);
}

/// Counts a failed authentication, logs it with the source, and says
/// whether the source or the account is now banned.
void record_failure(self_ptr self, const received& r, const std::string& user,
                    std::string_view why) {
  auto& st = self->state;
  auto now = clock_type::now();
  std::fprintf(stderr, "sip auth failed: user=%s ip=%s transport=%s (%.*s)\n",
               user.c_str(), r.in.source_ip.c_str(),
               std::string{transport::to_string(r.in.transport)}.c_str(),
               static_cast<int>(why.size()), why.data());
  st.by_ip.record_failure(r.in.source_ip, now);
  st.by_account.record_failure(user, now);
}

void finish_register(self_ptr self, received_ptr r, const std::string& user);

/// Persists what changed, then answers 200 with every binding.
void commit_bindings(self_ptr self, received_ptr r, const std::string& user,
                     registrar::register_decision decision) {
  std::vector<std::pair<bool, events::registration_binding>> work;
  for (auto& c : decision.changes)
    if (registrar::is_event(c.kind))
      work.emplace_back(c.kind != registrar::change_kind::removed,
                        to_event(c.binding));
  auto reply = [self, r, user, decision] {
    self->state.accounts[user].bindings = decision.bindings;
    send(self, *r,
         registrar::make_register_response(*r->msg, decision, clock_type::now(),
                                           tag_for(r->in)));
  };
  if (work.empty())
    return reply();
  auto pending = std::make_shared<size_t>(work.size());
  auto failed = std::make_shared<bool>(false);
  for (auto& [bind, binding] : work) {
    auto on_ok = [pending, failed, reply](const device_view&) {
      if (--*pending == 0 && !*failed)
        reply();
    };
    auto on_error = [self, r, pending, failed](caf::error& err) {
      std::fprintf(stderr, "registration not stored: %s\n",
                   caf::to_string(err).c_str());
      if (!*failed) {
        *failed = true;
        send(self, *r,
             make_response(*r->msg, 500, "Binding Not Stored", tag_for(r->in)));
      }
      --*pending;
    };
    if (bind)
      self->request(self->state.fleet, fleet_timeout, atom::bind_v, user,
                    binding)
          .then(on_ok, on_error);
    else
      self->request(self->state.fleet, fleet_timeout, atom::unbind_v, user,
                    binding.contact, std::string{"unregistered"})
          .then(on_ok, on_error);
  }
}

/// Runs once the account is known: verify, then the RFC 3261 10.3 steps.
void finish_register(self_ptr self, received_ptr r, const std::string& user) {
  auto& st = self->state;
  auto now = clock_type::now();
  auto& account = st.accounts[user];
  auto creds = auth::find_credentials(*r->msg, auth::challenge_kind::origin,
                                      st.settings.realm);
  auth::digest_context ctx{r->msg->method(), r->msg->request_uri(),
                           st.settings.realm, std::nullopt};
  auto ha1 = account.exists ? account.ha1
                            : auth::decoy_account(st.settings.decoy_secret,
                                                  user, st.settings.realm);
  auto v = auth::verify(**creds, ctx, ha1, *st.nonces, st.counters, now);
  switch (v.outcome) {
  case auth::auth_outcome::ok:
    break;
  case auth::auth_outcome::stale:
    return challenge(self, *r, true);
  case auth::auth_outcome::malformed:
    return send(self, *r,
                make_response(*r->msg, 400,
                              "Bad Authorization Header (" +
                                  std::string{v.detail} + ")",
                              tag_for(r->in)));
  default:
    record_failure(self, *r, user, v.detail);
    return challenge(self, *r, false);
  }
  if (!account.exists) // a decoy can only match by accident: refuse anyway
    return challenge(self, *r, false);
  st.by_account.record_success(user, now);
  st.by_ip.record_success(r->in.source_ip, now);
  auto req = registrar::extract_register(*r->msg, arrival_of(r->in));
  if (auto* bad = std::get_if<registrar::request_rejection>(&req))
    return send(
        self, *r,
        registrar::make_register_rejection(*r->msg, *bad, tag_for(r->in)));
  auto& reg = std::get<registrar::register_request>(req);
  reg.aor = user; // bindings are keyed by device
  auto decision = registrar::process_register(account.bindings, reg, now,
                                              st.settings.policy);
  if (!decision.accepted())
    return send(self, *r,
                registrar::make_register_response(*r->msg, decision, now,
                                                  tag_for(r->in)));
  commit_bindings(self, r, user, std::move(decision));
}

void handle_register(self_ptr self, received_ptr r) {
  auto& st = self->state;
  auto now = clock_type::now();
  if (!st.by_ip.allowed(r->in.source_ip, now))
    return send(self, *r,
                make_response(*r->msg, 403, "Too Many Failed Attempts",
                              tag_for(r->in)));
  auto creds = auth::find_credentials(*r->msg, auth::challenge_kind::origin,
                                      st.settings.realm);
  if (!creds)
    return send(self, *r,
                make_response(*r->msg, 400, "Bad Authorization Header",
                              tag_for(r->in)));
  if (!*creds)
    return challenge(self, *r, false);
  auto user = (*creds)->username().value_or("");
  if (!st.by_account.allowed(user, now))
    return send(self, *r,
                make_response(*r->msg, 403, "Too Many Failed Attempts",
                              tag_for(r->in)));
  if (st.accounts.count(user) != 0)
    return finish_register(self, r, user);
  auto mac = events::normalize_mac(user);
  if (!mac || *mac != user) {
    st.accounts[user] = account_entry{}; // unknown: the decoy answers
    return finish_register(self, r, user);
  }
  self->request(st.fleet, fleet_timeout, atom::get_v, user)
      .then(
          [self, r, user](const device_view& v) {
            auto& entry = self->state.accounts[user];
            entry.exists =
                v.model.lifecycle == events::device_lifecycle::provisioned;
            auto& c = v.model.credentials;
            entry.ha1 = {c.username, c.realm, c.ha1_md5, c.ha1_sha256};
            finish_register(self, r, user);
          },
          [self, r](caf::error&) {
            send(self, *r,
                 make_response(*r->msg, 503, "Service Unavailable",
                               tag_for(r->in)));
          });
}

// -- restart and resync: NOTIFY client transactions --------------------------

constexpr auto notify_t1 = std::chrono::milliseconds{500};
constexpr uint32_t notify_tries = 5; // about 7.5 s in all (timer F is 32 s)

std::string random_hex(self_ptr self, size_t digits) {
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
  t.transport = b.transport == registrar::transport_protocol::udp
                    ? transport::protocol::udp
                : b.transport == registrar::transport_protocol::tcp
                    ? transport::protocol::tcp
                    : transport::protocol::tls;
  t.ip = b.source.ip;
  t.port = b.source.port;
  t.connection_id = b.connection_id;
  return t;
}

void send_notify(self_ptr self, const pending_notify& p, uint32_t attempt) {
  self->state.hub->send(target_of(p.binding), render_notify(p.request));
  auto wait = notify_t1 * (1u << std::min<uint32_t>(attempt, 3));
  self->delayed_send(self, wait, atom::resend_v, p.request.branch, attempt + 1);
}

void finish_notify(self_ptr self, const std::string& branch,
                   std::string outcome, int status) {
  auto i = self->state.notifies.find(branch);
  if (i == self->state.notifies.end())
    return;
  i->second.promise.deliver(
      events::command_outcome{i->second.command, std::move(outcome), status});
  self->state.notifies.erase(i);
}

caf::result<events::command_outcome> start_notify(self_ptr self,
                                                  const std::string& mac,
                                                  const std::string& command,
                                                  const std::string& vendor) {
  auto& st = self->state;
  auto event = notify_event(vendor, command);
  if (event.empty())
    return make_error(ec::invalid_argument, "unknown command " + command);
  auto account = st.accounts.find(mac);
  if (account == st.accounts.end() || account->second.bindings.empty())
    return events::command_outcome{command, "not_registered", 0};
  // The most recently refreshed binding.
  auto& bindings = account->second.bindings;
  auto best = std::max_element(
      bindings.begin(), bindings.end(),
      [](const auto& a, const auto& b) { return a.expires_at < b.expires_at; });
  pending_notify p;
  p.binding = *best;
  p.user = mac;
  p.command = command;
  auto& r = p.request;
  r.target_uri = best->contact;
  if (r.target_uri.starts_with("<"))
    r.target_uri = r.target_uri.substr(1, r.target_uri.find('>') - 1);
  r.to = "<sip:" + mac + "@" + st.settings.realm + ">";
  r.via_host = st.settings.via_host;
  auto tls = best->transport == registrar::transport_protocol::tls;
  r.via_port = tls ? st.settings.sips_port : st.settings.sip_port;
  r.transport = tls                                                     ? "TLS"
                : best->transport == registrar::transport_protocol::tcp ? "TCP"
                                                                        : "UDP";
  r.branch = "z9hG4bK" + random_hex(self, 16);
  r.call_id = random_hex(self, 20) + "@passerelle";
  r.from_tag = random_hex(self, 10);
  r.domain = st.settings.realm;
  r.event = event;
  p.promise = self->make_response_promise<events::command_outcome>();
  auto promise = p.promise;
  auto branch = r.branch;
  st.notifies.emplace(branch, std::move(p));
  send_notify(self, st.notifies[branch], 0);
  return promise;
}

/// Timer E and F of RFC 3261 17.1.2 in one: resend over UDP, give up after
/// `notify_tries`.
void resend_notify(self_ptr self, const std::string& branch, uint32_t attempt) {
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

void on_notify_response(self_ptr self, const received& r) {
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
    auto& account = st.accounts[p.user];
    auto answer = answer_challenge(*r.msg, p.request, p.user, account.ha1.md5,
                                   account.ha1.sha256, random_hex(self, 16));
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

void handle(self_ptr self, received_ptr r) {
  auto parsed =
      message::parse(std::string_view{r->in.bytes},
                     {r->in.connection_id == 0 ? transport_kind::datagram
                                               : transport_kind::stream});
  if (!parsed)
    return; // not even a start line: nothing to answer to
  r->msg.emplace(std::move(*parsed));
  auto& msg = *r->msg;
  auto v = classify(msg);
  if (msg.is_response()) {
    if (v.action != disposition::drop) // RFC 3261 8.1.3.3
      on_notify_response(self, *r);
    return;
  }
  if (v.action == disposition::drop)
    return;
  // RFC 4475 3.3.7: credentials in a scheme we lack get a fresh challenge.
  if (v.action == disposition::reject &&
      v.what == problem::unknown_auth_scheme && msg.method() == "REGISTER")
    return challenge(self, *r, false);
  if (v.action == disposition::reject)
    return send(self, *r,
                make_rejection(msg, v, uas_profile::gateway(), tag_for(r->in)));
  auto method = msg.method();
  if (method == "ACK")
    return;
  if (method == "REGISTER") {
    // Reliable transports do not retransmit (RFC 3261 17.2.2, timer J 0).
    if (r->in.transport != transport::protocol::udp)
      return handle_register(self, r);
    r->txn_key = transaction_key(*r);
    if (absorbed(self, *r))
      return;
    // Trying: an empty answer makes retransmissions wait for the real one.
    self->state.answered[r->txn_key].until =
        std::chrono::steady_clock::now() + answer_lifetime;
    return handle_register(self, r);
  }
  if (method == "OPTIONS") {
    auto reply = make_response(msg, 200, {}, tag_for(r->in));
    std::string allow;
    for (auto& m : uas_profile::gateway().methods)
      allow += (allow.empty() ? "" : ", ") + m;
    reply.add(header_id::allow, allow);
    return send(self, *r, reply);
  }
  // Known methods whose handling comes with calls (later issues).
  send(self, *r, make_response(msg, 501, {}, tag_for(r->in)));
}

/// Drops expired bindings and records them on their device.
void sweep(self_ptr self) {
  auto now = clock_type::now();
  for (auto& [user, account] : self->state.accounts) {
    auto swept = registrar::expire(account.bindings, now);
    account.bindings = std::move(swept.kept);
    for (auto& b : swept.expired)
      self->request(self->state.fleet, fleet_timeout, atom::unbind_v, user,
                    b.contact, std::string{"expired"})
          .then([](const device_view&) {},
                [](caf::error& err) {
                  std::fprintf(stderr, "expiry not stored: %s\n",
                               caf::to_string(err).c_str());
                });
  }
  self->state.counters.sweep(now);
  auto steady = std::chrono::steady_clock::now();
  std::erase_if(self->state.answered,
                [&](const auto& kv) { return kv.second.until < steady; });
  self->delayed_send(self, tick_interval, atom::tick_v);
}

} // namespace

registrar_actor::behavior_type
registrar_impl(self_ptr self, fleet_actor fleet,
               std::shared_ptr<transport::transport_hub> hub,
               registrar_settings settings) {
  auto& st = self->state;
  st.fleet = std::move(fleet);
  st.hub = std::move(hub);
  st.nonces = std::make_unique<auth::nonce_issuer>(settings.nonce_secret);
  st.by_ip = auth::rate_limiter{settings.bans};
  st.by_account = auth::rate_limiter{settings.bans};
  st.settings = std::move(settings);
  self->delayed_send(self, tick_interval, atom::tick_v);
  return {
      [self](atom::sip_in, inbound& in) {
        auto r = std::make_shared<received>();
        r->in = std::move(in);
        handle(self, std::move(r));
      },
      [self](atom::tick) { sweep(self); },
      [self](atom::notify, const std::string& mac, const std::string& command,
             const std::string& vendor) {
        return start_notify(self, mac, command, vendor);
      },
      [self](atom::resend, const std::string& branch, uint32_t attempt) {
        resend_notify(self, branch, attempt);
      },
      [self](atom::get, const std::string& user)
          -> caf::result<std::vector<events::registration_binding>> {
        auto i = self->state.accounts.find(user);
        if (i == self->state.accounts.end())
          // Not seen since start: the stored bindings are the best answer.
          return make_error(ec::not_found, "no REGISTER since start");
        std::vector<events::registration_binding> out;
        for (auto& b : i->second.bindings)
          out.push_back(to_event(b));
        return out;
      },
  };
}

} // namespace passerelle
