#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/timer_set.hpp"
#include "sip/txn/timers.hpp"

#include <chrono>
#include <optional>

namespace passerelle::sip::txn {

/// INVITE server transaction (RFC 3261 17.2.1, Figure 7; RFC 6026 7.1).
///
/// Pure: every input returns the effects to perform, timers included.
class invite_server {
public:
  /// States of Figure 7, plus Accepted when RFC 6026 is enabled.
  enum class state { proceeding, completed, confirmed, accepted, terminated };

  /// Builds an idle transaction; start feeds it the INVITE.
  invite_server(const timer_config& config, transport_kind transport);

  /// Passes the INVITE that created the transaction to the TU and arms the
  /// 100 Trying timer (RFC 3261 17.2.1). Only the first call has an effect.
  effects start(message_handle request);

  /// Feeds a retransmission of the INVITE.
  effects on_request(message_handle request);

  /// Feeds an ACK matched to this transaction (RFC 3261 17.2.3).
  effects on_ack(message_handle ack);

  /// Feeds a response the TU sends through this transaction.
  effects on_tu_response(int status, message_handle response);

  /// Feeds a timer callback; stale generations are ignored.
  effects on_timer(timer_id id, generation gen);

  /// Feeds a fatal transport error (RFC 3261 17.2.4).
  effects on_transport_error();

  /// Returns the current state.
  state current_state() const noexcept { return state_; }

  /// Returns whether the transaction reached Terminated.
  bool is_terminated() const noexcept { return state_ == state::terminated; }

private:
  /// Inputs, classified before the (state, event) switch.
  enum class event {
    request,
    ack,
    tu_provisional,
    tu_success,
    tu_failure,
    timer_trying,
    timer_g,
    timer_h,
    timer_i,
    timer_l,
    transport_error,
  };

  effects step(event ev, message_handle msg);
  void in_proceeding(event ev, message_handle msg, effects& out);
  void in_completed(event ev, effects& out);
  void in_confirmed(event ev, effects& out);
  void in_accepted(event ev, message_handle msg, effects& out);
  void resend_provisional(effects& out);
  void on_tu_final(event ev, message_handle msg, effects& out);
  void terminate(effects& out);

  timer_config config_;
  transport_kind transport_;
  state state_ = state::proceeding;
  bool started_ = false;
  /// Whether the transaction itself sent a 100 Trying.
  bool trying_sent_ = false;
  /// Latest provisional response from the TU.
  std::optional<message_handle> provisional_;
  /// The 300-699 final response from the TU.
  message_handle final_{};
  std::chrono::milliseconds interval_{};
  timer_set timers_;
};

} // namespace passerelle::sip::txn
