#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/timer_set.hpp"
#include "sip/txn/timers.hpp"

namespace passerelle::sip::txn {

/// Non-INVITE server transaction (RFC 3261 17.2.2, Figure 8).
///
/// Pure: every input returns the effects to perform, timers included.
class non_invite_server {
public:
  /// States of Figure 8.
  enum class state { trying, proceeding, completed, terminated };

  /// Builds an idle transaction; start feeds it the request.
  non_invite_server(const timer_config& config, transport_kind transport);

  /// Passes the request that created the transaction to the TU
  /// (RFC 3261 17.2.2). Only the first call has an effect.
  effects start(message_handle request);

  /// Feeds a retransmission of the request.
  effects on_request(message_handle request);

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
    tu_provisional,
    tu_final,
    timer_j,
    transport_error,
  };

  effects step(event ev, message_handle msg);
  void in_trying(event ev, message_handle msg, effects& out);
  void in_proceeding(event ev, message_handle msg, effects& out);
  void in_completed(event ev, effects& out);
  void on_tu_final(message_handle msg, effects& out);
  void terminate(effects& out);

  timer_config config_;
  transport_kind transport_;
  state state_ = state::trying;
  bool started_ = false;
  /// Latest provisional response from the TU.
  message_handle provisional_{};
  /// The final response from the TU.
  message_handle final_{};
  timer_set timers_;
};

} // namespace passerelle::sip::txn
