#include "actors/registrar_core.hpp"

#include "actors/registrar_restore.hpp"

#include "sip/auth/challenge.hpp"
#include "sip/auth/verify.hpp"
#include "sip/registrar/register_request.hpp"
#include "sip/registrar/response.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/classify.hpp"

#include <cstdio>
#include <utility>

namespace passerelle {

namespace {

using namespace sip;
using inbound = transport::inbound_message;
using clock_type = std::chrono::system_clock;

/// The largest number of live server transactions (UDP ones live 32 s
/// after their answer, RFC 3261 17.2.2 timer J).
constexpr size_t max_transactions = 1 << 20;

void send(registrar_core& core, const received& r, message_builder reply) {
  auto status = reply.status();
  auto bytes = std::move(reply).str();
  if (r.txn) { // RFC 3261 17.2.2: retransmissions get this answer again
    // Except a challenge: a retransmitted REGISTER may as well get a
    // fresh one, and keeping every 401 for 32 s doubled the registrar's
    // memory at 100k phones (BENCHMARKS.md). The answer to credentials
    // is kept: handled twice, its nonce count would read as a replay.
    if (status == 401)
      core.transactions.respond_once(*r.txn, std::move(bytes), *core.hub);
    else
      core.transactions.respond(*r.txn, status, std::move(bytes), *core.hub,
                                std::chrono::steady_clock::now());
    return;
  }
  core.hub->send(transport::reply_target(r.in), std::move(bytes));
}

std::string_view param_value(const std::vector<generic_param>& ps,
                             std::string_view name) {
  const auto* p = param_named(ps, name);
  return p != nullptr ? std::string_view{p->value} : std::string_view{};
}

/// Hashes what tells a request from any other (see `tag_for`), the fields
/// apart; nothing when one of them is missing or does not parse.
std::optional<std::size_t> request_key_hash(const message& m) {
  const auto* via = m.top_via();
  const auto* from = m.from();
  const auto* cseq = m.cseq();
  const auto* call_id = m.find(header_id::call_id);
  if (!via || !*via || !from || !*from || !cseq || !*cseq || !call_id)
    return std::nullopt;
  std::size_t h = 0;
  auto fold = [&h](std::string_view piece) {
    h = (h ^ std::hash<std::string_view>{}(piece)) * 0x100000001b3;
  };
  fold(param_value((*via)->params, "branch"));
  fold((*via)->host);
  fold(param_value((*from)->params, "tag"));
  fold(call_id->raw_value);
  fold((*cseq)->method);
  fold(m.request_uri());
  h ^= (std::size_t{(*cseq)->number} << 16) ^ (*via)->port.value_or(0);
  return h;
}

/// The To tag of every answer to `r` (RFC 3261 8.2.6.2, 19.3): the same
/// for a retransmission, which the transaction layer does not always
/// absorb (a challenge is not kept; a stateless answer has no
/// transaction), and different for any other request. A hash of what
/// tells requests apart: the RFC 3261 17.2.3 key (top Via branch and
/// sent-by, CSeq method) with the Call-ID and CSeq number the table adds,
/// the From tag and Request-URI of the RFC 2543 key: a tenth of the bytes,
/// which a request lacking those fields hashes instead.
std::string tag_for(const received& r) {
  auto h = request_key_hash(*r.msg);
  if (!h)
    h = std::hash<std::string_view>{}(r.in.bytes);
  return std::to_string(*h & 0xffffffffff);
}

registrar::arrival arrival_of(const inbound& in) {
  registrar::arrival a;
  a.transport = to_registrar(in.transport);
  a.source = {in.source_ip, in.source_port};
  a.connection_id = in.connection_id;
  return a;
}

int64_t to_ns(clock_type::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             t.time_since_epoch())
      .count();
}

void challenge(registrar_core& core, const received& r, bool stale) {
  auth::challenge_params p;
  p.realm = core.settings.realm;
  p.nonce =
      core.nonces.issue(core.settings.realm, clock_type::now(), ++core.salt);
  p.stale = stale;
  // RFC 3261 10.3 step 3; one challenge per algorithm, preferred first.
  auto reply = make_response(*r.msg, 401, {}, tag_for(r));
  for (auto a : core.settings.algorithms)
    reply.add(header_id::www_authenticate, auth::challenge_value(p, a));
  send(core, r, std::move(reply));
}

/// Counts a failed authentication and logs it with the source.
void record_failure(registrar_core& core, const received& r,
                    const std::string& user, std::string_view why) {
  auto now = clock_type::now();
  std::fprintf(stderr, "sip auth failed: user=%s ip=%s transport=%s (%.*s)\n",
               user.c_str(), r.in.source_ip.c_str(),
               std::string{transport::to_string(r.in.transport)}.c_str(),
               static_cast<int>(why.size()), why.data());
  core.by_ip.record_failure(r.in.source_ip, now);
  core.by_account.record_failure(user, now);
}

void answer(registrar_core& core, const received& r, int status,
            std::string_view reason) {
  send(core, r, make_response(*r.msg, status, reason, tag_for(r)));
}

/// Runs once the account is known: verify, then the RFC 3261 10.3 steps.
/// `account` is the kept entry, or a passing one for a user not kept.
registrar_step_ptr finish_register(registrar_core& core, received_ptr r,
                                   const std::string& user,
                                   account_entry& account) {
  auto now = clock_type::now();
  auth::digest_context ctx{r->msg->method(), r->msg->request_uri(),
                           core.settings.realm, std::nullopt};
  std::optional<auth::account_ha1> decoy;
  if (!account.exists)
    decoy = auth::decoy_account(core.settings.decoy_secret, user,
                                core.settings.realm);
  auto ha1 =
      decoy ? auth::ha1_view{*decoy}
            : auth::ha1_view{user, account.ha1.md5(), account.ha1.sha256()};
  auto v = auth::verify(*r->creds, ctx, ha1, core.nonces, core.counters, now);
  switch (v.outcome) {
  case auth::auth_outcome::ok:
    break;
  case auth::auth_outcome::stale:
    challenge(core, *r, true);
    return nullptr;
  case auth::auth_outcome::malformed:
    answer(core, *r, 400,
           "Bad Authorization Header (" + std::string{v.detail} + ")");
    return nullptr;
  default:
    record_failure(core, *r, user, v.detail);
    challenge(core, *r, false);
    return nullptr;
  }
  if (!account.exists) { // a decoy can only match by accident: refuse anyway
    challenge(core, *r, false);
    return nullptr;
  }
  core.by_account.record_success(user, now);
  core.by_ip.record_success(r->in.source_ip, now);
  auto req = registrar::extract_register(*r->msg, arrival_of(r->in));
  if (auto* bad = std::get_if<registrar::request_rejection>(&req)) {
    send(core, *r,
         registrar::make_register_rejection(*r->msg, *bad, tag_for(*r)));
    return nullptr;
  }
  auto& reg = std::get<registrar::register_request>(req);
  reg.aor = user; // bindings are keyed by device
  auto decision = registrar::process_register(account.bindings, reg, now,
                                              core.settings.policy);
  auto stores =
      std::any_of(decision.changes.begin(), decision.changes.end(),
                  [](const auto& c) { return registrar::is_event(c.kind); });
  if (decision.accepted() && stores) {
    auto step = std::make_shared<registrar_step>();
    step->what = registrar_step::kind::commit;
    step->request = std::move(r);
    step->user = user;
    step->decision = std::move(decision);
    step->incarnation = account.incarnation;
    return step;
  }
  auto reply =
      registrar::make_register_response(*r->msg, decision, now, tag_for(*r));
  if (decision.accepted() && account.incarnation != 0) // kept
    set_bindings(core, user, account, std::move(decision.bindings));
  send(core, *r, std::move(reply));
  return nullptr;
}

registrar_step_ptr handle_register(registrar_core& core, received_ptr r) {
  auto now = clock_type::now();
  if (!core.by_ip.allowed(r->in.source_ip, now)) {
    answer(core, *r, 403, "Too Many Failed Attempts");
    return nullptr;
  }
  auto creds = auth::find_credentials(*r->msg, auth::challenge_kind::origin,
                                      core.settings.realm);
  if (!creds) {
    answer(core, *r, 400, "Bad Authorization Header");
    return nullptr;
  }
  if (!*creds) {
    challenge(core, *r, false);
    return nullptr;
  }
  r->creds = std::move(*creds); // parsed once, kept for the check
  auto user = r->creds->username().value_or("");
  if (!core.by_account.allowed(user, now)) {
    answer(core, *r, 403, "Too Many Failed Attempts");
    return nullptr;
  }
  if (auto kept = core.accounts.find(user); kept != core.accounts.end())
    return finish_register(core, std::move(r), user, kept->second);
  auto mac = events::normalize_mac(user);
  if (!mac || *mac != user) {
    account_entry unknown; // the decoy answers; nothing is kept
    return finish_register(core, std::move(r), user, unknown);
  }
  auto step = std::make_shared<registrar_step>();
  step->what = registrar_step::kind::lookup_account;
  step->request = std::move(r);
  step->user = std::move(user);
  step->epoch = core.epoch;
  return step;
}

void answer_options(registrar_core& core, const received& r) {
  auto reply = make_response(*r.msg, 200, {}, tag_for(r));
  std::string allow;
  for (auto& m : uas_profile::gateway().methods)
    allow += (allow.empty() ? "" : ", ") + m;
  reply.add(header_id::allow, allow);
  send(core, r, std::move(reply));
}

} // namespace

stored_ha1::stored_ha1(std::string_view md5, std::string_view sha256) noexcept {
  if (md5.size() == md5_.size()) {
    std::copy(md5.begin(), md5.end(), md5_.begin());
    md5_size_ = static_cast<std::uint8_t>(md5.size());
  }
  if (sha256.size() == sha256_.size()) {
    std::copy(sha256.begin(), sha256.end(), sha256_.begin());
    sha256_size_ = static_cast<std::uint8_t>(sha256.size());
  }
}

registrar_core::registrar_core(registrar_settings s,
                               std::shared_ptr<sip::transport::transport_hub> h)
    : settings(std::move(s)),
      hub(std::move(h)),
      nonces(settings.nonce_secret),
      by_ip(settings.bans),
      by_account(settings.bans),
      transactions(max_transactions) {}

registrar_step_ptr on_message(registrar_core& core, inbound&& in) {
  auto r = std::make_shared<received>();
  r->in = std::move(in);
  auto kind = r->in.connection_id == 0 ? transport_kind::datagram
                                       : transport_kind::stream;
  // The transport parsed it to stamp the Via: parse again only if not.
  r->msg = r->in.parsed.take(r->in.bytes, kind);
  if (!r->msg) {
    auto parsed = message::parse(std::string_view{r->in.bytes}, {kind});
    if (!parsed)
      return nullptr; // not even a start line: nothing to answer to
    r->msg = std::make_unique<message>(std::move(*parsed));
  }
  auto& msg = *r->msg;
  auto v = classify(msg);
  if (msg.is_response()) {
    if (v.action == disposition::drop) // RFC 3261 8.1.3.3
      return nullptr;
    auto step = std::make_shared<registrar_step>();
    step->what = registrar_step::kind::response;
    step->request = std::move(r);
    return step;
  }
  if (v.action == disposition::drop)
    return nullptr;
  // RFC 4475 3.3.7: credentials in a scheme we lack get a fresh challenge.
  if (v.action == disposition::reject &&
      v.what == problem::unknown_auth_scheme && msg.method() == "REGISTER") {
    challenge(core, *r, false);
    return nullptr;
  }
  if (v.action == disposition::reject) {
    send(core, *r, make_rejection(msg, v, uas_profile::gateway(), tag_for(*r)));
    return nullptr;
  }
  auto method = msg.method();
  if (method == "ACK")
    return nullptr;
  auto admitted = core.transactions.admit(msg, r->in, *core.hub);
  switch (admitted.what) {
  case server_transactions::verdict::absorbed:
    return nullptr; // re-answered, or still being handled
  case server_transactions::verdict::overloaded:
    answer(core, *r, 503, "Service Unavailable");
    return nullptr;
  case server_transactions::verdict::fresh:
    r->txn = admitted.id;
    break;
  case server_transactions::verdict::untracked:
    break;
  }
  if (method == "REGISTER")
    return handle_register(core, std::move(r));
  if (method == "OPTIONS") {
    answer_options(core, *r);
    return nullptr;
  }
  // Known methods whose handling comes with calls (later issues).
  answer(core, *r, 501, {});
  return nullptr;
}

registrar_step_ptr on_account(registrar_core& core, const registrar_step& step,
                              const device_view* view) {
  if (view == nullptr) {
    answer(core, *step.request, 503, "Service Unavailable");
    return nullptr;
  }
  auto found = account_of(view->model);
  // Kept only if provisioned, and if no `forget` ran while we asked (the
  // view might predate a deletion). Another REGISTER may have filled the
  // entry meanwhile: it is at least as fresh.
  if (!found.exists || step.epoch != core.epoch)
    return finish_register(core, step.request, step.user, found);
  auto [entry, added] = core.accounts.try_emplace(step.user);
  if (added) {
    auto bindings = std::exchange(found.bindings, {});
    entry->second = std::move(found);
    entry->second.incarnation = ++core.incarnations;
    set_bindings(core, step.user, entry->second, std::move(bindings));
  }
  return finish_register(core, step.request, step.user, entry->second);
}

void forget(registrar_core& core, const std::string& user) {
  // Its entry in `expiries`, if any, goes stale: no account to match.
  if (auto i = core.accounts.find(user); i != core.accounts.end()) {
    core.binding_count -= i->second.bindings.size();
    core.accounts.erase(i);
  }
  ++core.epoch;
}

void on_committed(registrar_core& core, const registrar_step& step, bool ok) {
  auto& r = *step.request;
  if (!ok) {
    answer(core, r, 500, "Binding Not Stored");
    return;
  }
  // Not if the device was deleted meanwhile (or was never kept).
  if (auto kept = core.accounts.find(step.user);
      kept != core.accounts.end() && step.incarnation != 0 &&
      kept->second.incarnation == step.incarnation)
    set_bindings(core, step.user, kept->second, step.decision.bindings);
  send(core, r,
       registrar::make_register_response(*r.msg, step.decision,
                                         clock_type::now(), tag_for(r)));
}

void set_bindings(registrar_core& core, const std::string& user,
                  account_entry& account, registrar::binding_set bindings) {
  core.binding_count += bindings.size();
  core.binding_count -= account.bindings.size();
  account.bindings = std::move(bindings);
  core.expiries.note(user, registrar::next_expiry(account.bindings),
                     account.expiry_mark);
}

std::vector<std::pair<std::string, registrar::registration_binding>>
sweep(registrar_core& core, registrar::time_point now) {
  std::vector<std::pair<std::string, registrar::registration_binding>> out;
  core.expiries.take_due(
      now, [&](const std::string& user, registrar::time_point at) {
        auto i = core.accounts.find(user);
        if (i == core.accounts.end() || i->second.expiry_mark != at)
          return; // stale: forgotten, or queued again earlier
        auto& account = i->second;
        account.expiry_mark.reset();
        auto swept = registrar::expire(account.bindings, now);
        for (auto& b : swept.expired)
          out.emplace_back(user, std::move(b));
        // Refreshed since it was queued: queued again at its new expiry.
        set_bindings(core, user, account, std::move(swept.kept));
      });
  core.counters.sweep(now);
  core.transactions.tick(std::chrono::steady_clock::now());
  return out;
}

sip::registrar::transport_protocol to_registrar(transport::protocol p) {
  return p == transport::protocol::udp   ? registrar::transport_protocol::udp
         : p == transport::protocol::tcp ? registrar::transport_protocol::tcp
                                         : registrar::transport_protocol::tls;
}

transport::protocol to_transport(sip::registrar::transport_protocol p) {
  return p == registrar::transport_protocol::udp   ? transport::protocol::udp
         : p == registrar::transport_protocol::tcp ? transport::protocol::tcp
                                                   : transport::protocol::tls;
}

registrar_gauges gauges(registrar_core& core) {
  std::lock_guard lock{core.mutex};
  registrar_gauges out;
  out.accounts = core.accounts.size();
  out.bindings = core.binding_count;
  out.expiry_entries = core.expiries.size();
  out.server_transactions = core.transactions.size();
  out.nonce_counters = core.counters.size();
  out.completed_answer_bytes = core.transactions.completed_bytes();
  return out;
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

} // namespace passerelle
