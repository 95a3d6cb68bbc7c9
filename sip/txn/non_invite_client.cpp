#include "sip/txn/non_invite_client.hpp"

#include <algorithm>

namespace passerelle::sip::txn {

non_invite_client::non_invite_client(const timer_config& config,
                                     transport_kind transport)
    : config_(config), transport_(transport) {
  // nop
}

effects non_invite_client::on_tu_request(message_handle request) {
  if (started_)
    return {};
  started_ = true;
  request_ = request;
  effects out{send_message{request}};
  // RFC 3261 17.1.2.2: timer E only where the transport is unreliable.
  if (transport_ == transport_kind::unreliable) {
    interval_ = config_.t1;
    out.emplace_back(timers_.arm(timer_id::e, interval_));
  }
  out.emplace_back(timers_.arm(timer_id::f, config_.timeout()));
  return out;
}

effects non_invite_client::on_response(int status, message_handle response) {
  if (!started_ || status < 100 || status > 699)
    return {};
  return step(status < 200 ? event::provisional : event::final_response,
              response);
}

effects non_invite_client::on_timer(timer_id id, generation gen) {
  if (!timers_.fire(id, gen))
    return {};
  switch (id) {
  case timer_id::e:
    return step(event::timer_e, {});
  case timer_id::f:
    return step(event::timer_f, {});
  case timer_id::k:
    return step(event::timer_k, {});
  default:
    return {};
  }
}

effects non_invite_client::on_transport_error() {
  if (!started_)
    return {};
  return step(event::transport_error, {});
}

effects non_invite_client::step(event ev, message_handle msg) {
  effects out;
  // RFC 3261 17.1.4: a transport error ends the transaction in any state.
  if (ev == event::transport_error && state_ != state::terminated) {
    out.emplace_back(notify_transport_error{});
    terminate(out);
    return out;
  }
  switch (state_) {
  case state::trying:
  case state::proceeding:
    in_trying_or_proceeding(ev, msg, out);
    break;
  case state::completed:
    in_completed(ev, out);
    break;
  case state::terminated:
    break;
  }
  return out;
}

void non_invite_client::in_trying_or_proceeding(event ev, message_handle msg,
                                                effects& out) {
  switch (ev) {
  case event::provisional:
    out.emplace_back(pass_to_tu{msg});
    state_ = state::proceeding;
    break;
  case event::final_response:
    timers_.disarm(timer_id::e);
    timers_.disarm(timer_id::f);
    out.emplace_back(pass_to_tu{msg});
    state_ = state::completed;
    // RFC 3261 17.1.2.2: timer K is T4, or zero on reliable transports.
    if (transport_ == transport_kind::unreliable)
      out.emplace_back(timers_.arm(timer_id::k, config_.t4));
    else
      terminate(out);
    break;
  case event::timer_e:
    out.emplace_back(retransmit{request_});
    // RFC 3261 17.1.2.2: double up to T2 in Trying, T2 in Proceeding.
    if (state_ == state::trying)
      interval_ = std::min(2 * interval_, config_.t2);
    else
      interval_ = config_.t2;
    out.emplace_back(timers_.arm(timer_id::e, interval_));
    break;
  case event::timer_f:
    out.emplace_back(notify_timeout{timer_id::f});
    terminate(out);
    break;
  default:
    break;
  }
}

void non_invite_client::in_completed(event ev, effects& out) {
  // RFC 3261 17.1.2.2: response retransmissions are absorbed here.
  if (ev == event::timer_k)
    terminate(out);
}

void non_invite_client::terminate(effects& out) {
  timers_.disarm_all();
  state_ = state::terminated;
  out.emplace_back(terminated{});
}

} // namespace passerelle::sip::txn
