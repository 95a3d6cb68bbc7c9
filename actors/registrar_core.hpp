#pragma once

#include "actors/interfaces.hpp"
#include "actors/server_transactions.hpp"
#include "sip/auth/digest.hpp"
#include "sip/auth/nonce.hpp"
#include "sip/auth/nonce_counter.hpp"
#include "sip/auth/rate_limiter.hpp"
#include "sip/auth/verify.hpp"
#include "sip/registrar/binding.hpp"
#include "sip/registrar/expiry_schedule.hpp"
#include "sip/registrar/process.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/message.hpp"
#include "sip/transport/inbound_message.hpp"
#include "sip/transport/transport_hub.hpp"
#include "sip/txn/timers.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace passerelle {

/// An account's HA1 values (lowercase hex) kept inline, without a heap
/// block each: 100k accounts felt them. A value of an unexpected length
/// is kept empty, which no answer matches.
class stored_ha1 {
public:
  stored_ha1() = default;
  stored_ha1(std::string_view md5, std::string_view sha256) noexcept;

  std::string_view md5() const noexcept { return {md5_.data(), md5_size_}; }
  std::string_view sha256() const noexcept {
    return {sha256_.data(), sha256_size_};
  }
  bool operator==(const stored_ha1&) const = default;

private:
  std::array<char, 32> md5_{};
  std::array<char, 64> sha256_{};
  std::uint8_t md5_size_ = 0;
  std::uint8_t sha256_size_ = 0;
};

/// What the registrar knows of one account (its username is its key): its
/// HA1 values and its live bindings (the compact registration index of
/// DESIGN.md: a refresh that changes nothing never wakes the device actor).
struct account_entry {
  stored_ha1 ha1;
  bool exists = false;
  sip::registrar::binding_set bindings;
  /// Tells a kept entry from one forgotten and kept again (0: not kept).
  uint64_t incarnation = 0;
  /// When `registrar_core::expiries` holds this account's next sweep.
  sip::registrar::expiry_schedule::mark expiry_mark;
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
  /// T1 and the timers derived from it, for the NOTIFYs we send.
  sip::txn::timer_config timers;
};

/// A received message and the parse over its (owned) bytes.
struct received {
  sip::transport::inbound_message in;
  /// On the heap, as the transport keeps it: handed over, not moved.
  std::unique_ptr<sip::message> msg;
  /// A REGISTER's Digest credentials for our realm, once found: they may
  /// point into `msg`.
  sip::auth::found_credentials creds;
  /// The server transaction answers go through (none: stateless).
  std::optional<sip::txn::transaction_id> txn;
};

using received_ptr = std::shared_ptr<received>;

/// What the core cannot finish alone; the registrar actor completes it
/// with the fleet and comes back to the core.
struct registrar_step {
  enum class kind {
    /// A REGISTER from an account not seen since start: ask its device.
    lookup_account,
    /// An accepted REGISTER whose new or removed bindings must be stored
    /// before the 200.
    commit,
    /// A response, to one of our NOTIFYs perhaps.
    response,
  };
  kind what = kind::response;
  received_ptr request;
  std::string user;
  /// `registrar_core::epoch` when the lookup started.
  uint64_t epoch = 0;
  /// The account entry a commit updates once stored.
  uint64_t incarnation = 0;
  sip::registrar::register_decision decision;
};

using registrar_step_ptr = std::shared_ptr<registrar_step>;

/// The registrar's memory and everything it does without another actor:
/// parsing, retransmission absorption, challenges, digest checks, bans and
/// refreshes that change nothing. The SIP I/O thread runs it directly, so
/// the common messages never cross a thread; the registrar actor runs the
/// rest. Both hold `mutex` while they touch anything in here.
struct registrar_core {
  registrar_core(registrar_settings settings,
                 std::shared_ptr<sip::transport::transport_hub> hub);

  std::mutex mutex;
  registrar_settings settings;
  std::shared_ptr<sip::transport::transport_hub> hub;
  sip::auth::nonce_issuer nonces;
  sip::auth::nonce_counter counters;
  sip::auth::rate_limiter by_ip;
  sip::auth::rate_limiter by_account;
  /// Provisioned devices only, as their device actors tell them (`learn`)
  /// and as the log held them at start: unknown and deleted users are
  /// looked up each time (and cost nothing to keep).
  std::unordered_map<std::string, account_entry> accounts;
  /// Bumped by `forget`: a lookup that started before must not be kept.
  uint64_t epoch = 0;
  /// Last `account_entry::incarnation` handed out.
  uint64_t incarnations = 0;
  /// When the kept accounts' bindings expire, and how many there are:
  /// neither the sweep nor /metrics walks every account under the lock.
  sip::registrar::expiry_schedule expiries;
  size_t binding_count = 0;
  /// RFC 3261 17.2 server transactions of the requests answered here.
  server_transactions transactions;
  uint64_t salt = 0;
};

/// Handles one inbound message; a step for the actor when it needs one.
/// Caller holds `core.mutex`.
registrar_step_ptr on_message(registrar_core& core,
                              sip::transport::inbound_message&& in);

/// Continues a `lookup_account` step once the device is known (`view`) or
/// could not be asked (nothing: 503). Caller holds the lock.
registrar_step_ptr on_account(registrar_core& core, const registrar_step& step,
                              const device_view* view);

/// Finishes a `commit` step: 200 with every binding once stored, else 500.
/// Caller holds the lock.
void on_committed(registrar_core& core, const registrar_step& step, bool ok);

/// Forgets an account (its device was deleted): its next REGISTER is
/// looked up again. Caller holds the lock.
void forget(registrar_core& core, const std::string& user);

/// Replaces a kept account's bindings, keeping `expiries` and
/// `binding_count` current. Caller holds the lock.
void set_bindings(registrar_core& core, const std::string& user,
                  account_entry& account, sip::registrar::binding_set bindings);

/// Drops the bindings expired at `now` from memory and returns them, per
/// account, for the actor to record; visits only the accounts due.
/// Caller holds the lock.
std::vector<std::pair<std::string, sip::registrar::registration_binding>> sweep(
    registrar_core& core,
    sip::registrar::time_point now = sip::registrar::time_point::clock::now());

/// The same transport as the transports and the registrar name it.
sip::registrar::transport_protocol to_registrar(sip::transport::protocol p);
sip::transport::protocol to_transport(sip::registrar::transport_protocol p);

/// How much the registrar holds in memory, for /metrics.
struct registrar_gauges {
  size_t accounts = 0;
  size_t bindings = 0;
  /// Entries in the expiry schedule (about one per account with bindings).
  size_t expiry_entries = 0;
  size_t server_transactions = 0;
  size_t nonce_counters = 0;
  size_t completed_answer_bytes = 0;
};

/// Counts what the core holds; takes the lock.
registrar_gauges gauges(registrar_core& core);

/// A binding as the device aggregate stores it.
events::registration_binding
to_event(const sip::registrar::registration_binding& b);

} // namespace passerelle

// Steps stay inside one process: no serializer needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(passerelle::registrar_step_ptr)
