#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/timer_set.hpp"
#include "sip/txn/timers.hpp"

#include <chrono>

namespace passerelle::sip::txn {

/// INVITE client transaction (RFC 3261 17.1.1, Figure 5; RFC 6026 7.2).
///
/// Pure: every input returns the effects to perform, timers included.
class invite_client {
public:
  /// States of Figure 5, plus Accepted when RFC 6026 is enabled.
  enum class state { calling, proceeding, completed, accepted, terminated };

  /// Builds an idle transaction; on_tu_request starts it.
  invite_client(const timer_config& config, transport_kind transport);

  /// Sends the TU's INVITE and arms timers A and B (RFC 3261 17.1.1.2).
  /// Only the first call has an effect.
  effects on_tu_request(message_handle request);

  /// Feeds a response matched to this transaction (RFC 3261 17.1.3).
  effects on_response(int status, message_handle response);

  /// Feeds a timer callback; stale generations are ignored.
  effects on_timer(timer_id id, generation gen);

  /// Feeds a fatal transport error (RFC 3261 17.1.4).
  effects on_transport_error();

  /// Returns the current state.
  state current_state() const noexcept { return state_; }

  /// Returns whether the transaction reached Terminated.
  bool is_terminated() const noexcept { return state_ == state::terminated; }

private:
  /// Inputs, classified before the (state, event) switch.
  enum class event {
    provisional,
    success,
    failure,
    timer_a,
    timer_b,
    timer_d,
    timer_m,
    transport_error,
  };

  effects step(event ev, message_handle msg);
  void in_calling(event ev, message_handle msg, effects& out);
  void in_proceeding(event ev, message_handle msg, effects& out);
  void in_completed(event ev, effects& out);
  void in_accepted(event ev, message_handle msg, effects& out);
  void on_final(event ev, message_handle msg, effects& out);
  void terminate(effects& out);

  timer_config config_;
  transport_kind transport_;
  state state_ = state::calling;
  bool started_ = false;
  message_handle request_{};
  std::chrono::milliseconds interval_{};
  timer_set timers_;
};

} // namespace passerelle::sip::txn
