#include "sip/txn/invite_server.hpp"

#include <algorithm>

namespace passerelle::sip::txn {

invite_server::invite_server(const timer_config& config,
                             transport_kind transport)
    : config_(config), transport_(transport) {
  // nop
}

effects invite_server::start(message_handle request) {
  if (started_)
    return {};
  started_ = true;
  effects out{pass_to_tu{request}};
  // RFC 3261 17.2.1: 100 Trying unless the TU answers within 200 ms.
  if (config_.trying_delay.count() > 0) {
    out.emplace_back(timers_.arm(timer_id::trying, config_.trying_delay));
  } else {
    trying_sent_ = true;
    out.emplace_back(send_trying{});
  }
  return out;
}

effects invite_server::on_request(message_handle request) {
  if (!started_)
    return {};
  return step(event::request, request);
}

effects invite_server::on_ack(message_handle ack) {
  if (!started_)
    return {};
  return step(event::ack, ack);
}

effects invite_server::on_tu_response(int status, message_handle response) {
  if (!started_ || status < 100 || status > 699)
    return {};
  if (status < 200)
    return step(event::tu_provisional, response);
  if (status < 300)
    return step(event::tu_success, response);
  return step(event::tu_failure, response);
}

effects invite_server::on_timer(timer_id id, generation gen) {
  if (!timers_.fire(id, gen))
    return {};
  switch (id) {
  case timer_id::trying:
    return step(event::timer_trying, {});
  case timer_id::g:
    return step(event::timer_g, {});
  case timer_id::h:
    return step(event::timer_h, {});
  case timer_id::i:
    return step(event::timer_i, {});
  case timer_id::l:
    return step(event::timer_l, {});
  default:
    return {};
  }
}

effects invite_server::on_transport_error() {
  if (!started_)
    return {};
  return step(event::transport_error, {});
}

effects invite_server::step(event ev, message_handle msg) {
  effects out;
  // RFC 3261 17.2.4: a transport error ends the transaction in any state.
  if (ev == event::transport_error && state_ != state::terminated) {
    out.emplace_back(notify_transport_error{});
    terminate(out);
    return out;
  }
  switch (state_) {
  case state::proceeding:
    in_proceeding(ev, msg, out);
    break;
  case state::completed:
    in_completed(ev, out);
    break;
  case state::confirmed:
    in_confirmed(ev, out);
    break;
  case state::accepted:
    in_accepted(ev, msg, out);
    break;
  case state::terminated:
    break;
  }
  return out;
}

void invite_server::in_proceeding(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::request:
    resend_provisional(out);
    break;
  case event::tu_provisional:
    timers_.disarm(timer_id::trying);
    provisional_ = msg;
    out.emplace_back(send_message{msg});
    break;
  case event::tu_success:
  case event::tu_failure:
    on_tu_final(ev, msg, out);
    break;
  case event::timer_trying:
    if (!provisional_ && !trying_sent_) {
      trying_sent_ = true;
      out.emplace_back(send_trying{});
    }
    break;
  default:
    break;
  }
}

void invite_server::resend_provisional(effects& out) {
  // RFC 3261 17.2.1: re-send the most recent provisional response. If none
  // went out yet the client is already retransmitting: send 100 Trying now.
  if (provisional_) {
    out.emplace_back(retransmit{*provisional_});
    return;
  }
  timers_.disarm(timer_id::trying);
  trying_sent_ = true;
  out.emplace_back(send_trying{});
}

void invite_server::on_tu_final(event ev, message_handle msg, effects& out) {
  timers_.disarm(timer_id::trying);
  out.emplace_back(send_message{msg});
  if (ev == event::tu_success) {
    if (config_.rfc6026_accepted) {
      // RFC 6026 7.1: linger in Accepted to absorb INVITE retransmissions.
      state_ = state::accepted;
      out.emplace_back(timers_.arm(timer_id::l, config_.timeout()));
    } else {
      // RFC 3261 17.2.1: the TU retransmits 2xx itself.
      terminate(out);
    }
    return;
  }
  final_ = msg;
  state_ = state::completed;
  // RFC 3261 17.2.1: timer G only on unreliable transports; H always.
  if (transport_ == transport_kind::unreliable) {
    interval_ = config_.t1;
    out.emplace_back(timers_.arm(timer_id::g, interval_));
  }
  out.emplace_back(timers_.arm(timer_id::h, config_.timeout()));
}

void invite_server::in_completed(event ev, effects& out) {
  switch (ev) {
  case event::request:
    out.emplace_back(retransmit{final_});
    break;
  case event::timer_g:
    out.emplace_back(retransmit{final_});
    interval_ = std::min(2 * interval_, config_.t2);
    out.emplace_back(timers_.arm(timer_id::g, interval_));
    break;
  case event::ack:
    timers_.disarm(timer_id::g);
    timers_.disarm(timer_id::h);
    state_ = state::confirmed;
    // Timer I is T4, or zero on reliable transports.
    if (transport_ == transport_kind::unreliable)
      out.emplace_back(timers_.arm(timer_id::i, config_.t4));
    else
      terminate(out);
    break;
  case event::timer_h:
    // RFC 3261 17.2.1: no ACK came; report a transaction failure.
    out.emplace_back(notify_timeout{timer_id::h});
    terminate(out);
    break;
  default:
    break;
  }
}

void invite_server::in_confirmed(event ev, effects& out) {
  // RFC 3261 17.2.1: further ACKs are absorbed until timer I fires.
  if (ev == event::timer_i)
    terminate(out);
}

void invite_server::in_accepted(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::tu_success:
    // RFC 6026 7.1: the TU's 2xx retransmissions go out unchanged.
    out.emplace_back(send_message{msg});
    break;
  case event::ack:
    // RFC 6026 7.1: the ACK for the 2xx belongs to the TU.
    out.emplace_back(pass_to_tu{msg});
    break;
  case event::timer_l:
    terminate(out);
    break;
  default:
    // INVITE retransmissions are absorbed (RFC 6026 7.1).
    break;
  }
}

void invite_server::terminate(effects& out) {
  timers_.disarm_all();
  state_ = state::terminated;
  out.emplace_back(terminated{});
}

} // namespace passerelle::sip::txn
