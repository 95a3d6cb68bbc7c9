#pragma once

#include "actors/completed_answers.hpp"
#include "sip/syntax/message.hpp"
#include "sip/transport/inbound_message.hpp"
#include "sip/transport/transport_hub.hpp"
#include "sip/txn/transaction_table.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace passerelle {

/// Text a request summary points into besides the request: what has no
/// view in it as the summary needs it.
struct summary_text {
  /// The top Via's sent-by, lower-cased.
  std::string sent_by;
  /// Unfolded values, for a folded Call-ID or top Via.
  std::string call_id;
  std::string top_via;
};

/// What `txn::transaction_table` reads from a request (RFC 3261 17.2.3);
/// nothing when the headers it needs do not parse. The tags, top Via and
/// Request-URI are filled only when the branch lacks the magic cookie:
/// only the RFC 2543 key uses them. Views into `msg` and `text`.
std::optional<sip::txn::request_summary> summarize(const sip::message& msg,
                                                   summary_text& text);

/// The RFC 3261 17.2 server transactions of the requests the gateway
/// answers itself (all but INVITE and ACK): the pure transaction table,
/// plus what its effects ask for: each transaction's last response and
/// where it goes, and its timers. Non-INVITE server transactions only arm
/// timer J (64*T1 on UDP, when they may be forgotten), so a coarse clock
/// (`tick`) is enough. Once a UDP transaction has its final answer, only
/// its key, answer and target are kept (`completed_answers`): all the
/// Completed state needs. Not thread-safe: the registrar core's lock
/// guards it.
class server_transactions {
public:
  using clock = std::chrono::steady_clock;

  /// At most `max` live transactions; a request beyond gets 503.
  explicit server_transactions(std::size_t max);

  enum class verdict {
    fresh,      ///< A new transaction: handle the request, answer via it.
    absorbed,   ///< A retransmission, re-answered if answered already.
    overloaded, ///< Table full: answer statelessly (503).
    untracked,  ///< Not for a server transaction here (ACK, INVITE, or
                ///< headers the table needs are missing).
  };

  struct admission {
    verdict what = verdict::untracked;
    sip::txn::transaction_id id{};
  };

  /// Matches `msg`, received as `in`, to its transaction or creates one.
  admission admit(const sip::message& msg,
                  const sip::transport::inbound_message& in,
                  sip::transport::transport_hub& hub);

  /// Sends response `bytes` (with its status) through transaction `id`.
  void respond(sip::txn::transaction_id id, int status, std::string bytes,
               sip::transport::transport_hub& hub, clock::time_point now);

  /// Sends final response `bytes` for transaction `id` and drops the
  /// transaction: a retransmission of its request is then handled as new
  /// (for answers not worth keeping, such as a registrar's challenge).
  void respond_once(sip::txn::transaction_id id, std::string bytes,
                    sip::transport::transport_hub& hub);

  /// Fires the timers due by `now`; forgets terminated transactions.
  void tick(clock::time_point now);

  /// Live transactions (completed ones included).
  std::size_t size() const noexcept {
    return records_.size() + completed_.size();
  }

  /// Bytes holding the answers of completed transactions.
  std::size_t completed_bytes() const noexcept { return completed_.bytes(); }

private:
  struct record {
    sip::transport::send_target to;
    std::string last_response;
    /// The RFC 3261 key, packed; empty when the answer is not to be moved
    /// to `completed_` (reliable transports, RFC 2543 branches).
    std::string key;
  };

  struct armed {
    sip::txn::transaction_id id;
    sip::txn::timer_id timer;
    sip::txn::generation gen;
  };

  /// Live transactions by id, as `key_of` packs it.
  using record_map = std::unordered_map<std::uint64_t, record>;

  void perform(sip::txn::transaction_id id, const sip::txn::effects& out,
               sip::transport::transport_hub* hub, clock::time_point now);

  /// Sends `bytes` to the target of transaction `id` (record `i`) and drops
  /// the transaction, whose answer `completed_` keeps or nobody does.
  void send_and_forget(record_map::iterator i, sip::txn::transaction_id id,
                       std::string bytes, sip::transport::transport_hub& hub);

  sip::txn::transaction_table table_;
  record_map records_;
  std::multimap<clock::time_point, armed> timers_;
  completed_answers completed_;
};

} // namespace passerelle
