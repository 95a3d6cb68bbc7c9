#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/timer_set.hpp"
#include "sip/txn/timers.hpp"

#include <chrono>

namespace passerelle::sip::txn {

/// Non-INVITE client transaction (RFC 3261 17.1.2, Figure 6).
///
/// Pure: every input returns the effects to perform, timers included.
class non_invite_client {
public:
  /// States of Figure 6.
  enum class state { trying, proceeding, completed, terminated };

  /// Builds an idle transaction; on_tu_request starts it.
  non_invite_client(const timer_config& config, transport_kind transport);

  /// Sends the TU's request and arms timers E and F (RFC 3261 17.1.2.2).
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
    final_response,
    timer_e,
    timer_f,
    timer_k,
    transport_error,
  };

  effects step(event ev, message_handle msg);
  void in_trying_or_proceeding(event ev, message_handle msg, effects& out);
  void in_completed(event ev, effects& out);
  void terminate(effects& out);

  timer_config config_;
  transport_kind transport_;
  state state_ = state::trying;
  bool started_ = false;
  message_handle request_{};
  std::chrono::milliseconds interval_{};
  timer_set timers_;
};

} // namespace passerelle::sip::txn
