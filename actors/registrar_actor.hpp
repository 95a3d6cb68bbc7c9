#pragma once

#include "actors/interfaces.hpp"
#include "sip/auth/digest.hpp"
#include "sip/auth/nonce.hpp"
#include "sip/auth/nonce_counter.hpp"
#include "sip/auth/rate_limiter.hpp"
#include "sip/auth/verify.hpp"
#include "sip/registrar/binding.hpp"
#include "sip/registrar/process.hpp"
#include "sip/transport/inbound_message.hpp"
#include "sip/transport/transport_hub.hpp"

#include "actors/device_notify.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/typed_response_promise.hpp>

#include <random>

#include <memory>
#include <string>
#include <unordered_map>

// Transport messages stay inside one process: no serializer needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(passerelle::sip::transport::inbound_message)

namespace passerelle {

/// The SIP front door for requests to the gateway itself (DESIGN.md,
/// "Runtime shape"): REGISTER with digest authentication, OPTIONS, and the
/// RFC 3261 answers for everything else.
using registrar_actor = caf::typed_actor<
    // A message from a transport, to answer through the hub.
    caf::reacts_to<atom::sip_in, sip::transport::inbound_message>,
    // Internal: drops bindings that expired.
    caf::reacts_to<atom::tick>,
    // The live bindings of a device (by MAC), with current expiries:
    // fresher than the stored ones, which refreshes do not touch.
    caf::replies_to<atom::get, std::string>::with<
        std::vector<events::registration_binding>>,
    // Sends (mac, command, vendor) — restart or resync — to the device's
    // registered contact over its own connection; replies with the outcome.
    caf::replies_to<atom::notify, std::string, std::string,
                    std::string>::with<events::command_outcome>,
    // Internal: retransmits or times out a pending NOTIFY (branch, try).
    caf::reacts_to<atom::resend, std::string, uint32_t>>;

/// What the registrar knows of one account: its HA1 values and its live
/// bindings (the compact registration index of DESIGN.md: a refresh that
/// changes nothing never wakes the device actor).
struct account_entry {
  sip::auth::account_ha1 ha1;
  bool exists = false;
  sip::registrar::binding_set bindings;
};

struct registrar_settings {
  std::string realm;
  /// HMAC secrets, random per start.
  std::string nonce_secret;
  std::string decoy_secret;
  sip::registrar::registrar_policy policy;
  /// Challenges offered, in order: SHA-256 then MD5 by default (RFC 8760).
  std::vector<sip::auth::digest_algorithm> algorithms{
      sip::auth::digest_algorithm::sha256, sip::auth::digest_algorithm::md5};
  /// Where phones reach us, for the Via of requests we send.
  std::string via_host = "127.0.0.1";
  uint16_t sip_port = 5060;
  uint16_t sips_port = 5061;
  /// Bans per source IP and per account.
  sip::auth::rate_limit_policy bans;
};

/// The final answer of a recent REGISTER transaction (empty while it is
/// still being handled).
struct cached_answer {
  std::string bytes;
  std::chrono::steady_clock::time_point until;
};

/// A NOTIFY we sent and are waiting on (a client transaction, RFC 3261
/// 17.1.2).
struct pending_notify {
  notify_request request;
  sip::registrar::registration_binding binding;
  std::string user;
  std::string command;
  bool auth_tried = false;
  caf::typed_response_promise<events::command_outcome> promise;
};

struct registrar_state {
  fleet_actor fleet;
  std::shared_ptr<sip::transport::transport_hub> hub;
  registrar_settings settings;
  std::unique_ptr<sip::auth::nonce_issuer> nonces;
  sip::auth::nonce_counter counters;
  sip::auth::rate_limiter by_ip;
  sip::auth::rate_limiter by_account;
  std::unordered_map<std::string, account_entry> accounts;
  std::unordered_map<std::string, cached_answer> answered;
  std::unordered_map<std::string, pending_notify> notifies;
  std::mt19937_64 rng{std::random_device{}()};
  uint64_t salt = 0;

  static inline const char* name = "registrar";
};

registrar_actor::behavior_type
registrar_impl(registrar_actor::stateful_pointer<registrar_state> self,
               fleet_actor fleet,
               std::shared_ptr<sip::transport::transport_hub> hub,
               registrar_settings settings);

} // namespace passerelle
