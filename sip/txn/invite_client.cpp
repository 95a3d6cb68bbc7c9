#include "sip/txn/invite_client.hpp"

namespace passerelle::sip::txn {

invite_client::invite_client(const timer_config& config,
                             transport_kind transport)
    : config_(config), transport_(transport) {
  // nop
}

effects invite_client::on_tu_request(message_handle request) {
  if (started_)
    return {};
  started_ = true;
  request_ = request;
  effects out{send_message{request}};
  // RFC 3261 17.1.1.2: timer A only where the transport is unreliable.
  if (transport_ == transport_kind::unreliable) {
    interval_ = config_.t1;
    out.emplace_back(timers_.arm(timer_id::a, interval_));
  }
  out.emplace_back(timers_.arm(timer_id::b, config_.timeout()));
  return out;
}

effects invite_client::on_response(int status, message_handle response) {
  if (!started_ || status < 100 || status > 699)
    return {};
  if (status < 200)
    return step(event::provisional, response);
  if (status < 300)
    return step(event::success, response);
  return step(event::failure, response);
}

effects invite_client::on_timer(timer_id id, generation gen) {
  if (!timers_.fire(id, gen))
    return {};
  switch (id) {
  case timer_id::a:
    return step(event::timer_a, {});
  case timer_id::b:
    return step(event::timer_b, {});
  case timer_id::d:
    return step(event::timer_d, {});
  case timer_id::m:
    return step(event::timer_m, {});
  default:
    return {};
  }
}

effects invite_client::on_transport_error() {
  if (!started_)
    return {};
  return step(event::transport_error, {});
}

effects invite_client::step(event ev, message_handle msg) {
  effects out;
  // RFC 3261 17.1.4: a transport error ends the transaction in any state.
  if (ev == event::transport_error && state_ != state::terminated) {
    out.emplace_back(notify_transport_error{});
    terminate(out);
    return out;
  }
  switch (state_) {
  case state::calling:
    in_calling(ev, msg, out);
    break;
  case state::proceeding:
    in_proceeding(ev, msg, out);
    break;
  case state::completed:
    in_completed(ev, out);
    break;
  case state::accepted:
    in_accepted(ev, msg, out);
    break;
  case state::terminated:
    break;
  }
  return out;
}

void invite_client::in_calling(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::provisional:
    // RFC 3261 17.1.1.2: no more retransmissions once in Proceeding.
    timers_.disarm(timer_id::a);
    timers_.disarm(timer_id::b);
    out.emplace_back(pass_to_tu{msg});
    state_ = state::proceeding;
    break;
  case event::success:
  case event::failure:
    on_final(ev, msg, out);
    break;
  case event::timer_a:
    // RFC 3261 17.1.1.2: retransmit, then double the interval (no cap).
    out.emplace_back(retransmit{request_});
    interval_ *= 2;
    out.emplace_back(timers_.arm(timer_id::a, interval_));
    break;
  case event::timer_b:
    out.emplace_back(notify_timeout{timer_id::b});
    terminate(out);
    break;
  default:
    break;
  }
}

void invite_client::in_proceeding(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::provisional:
    out.emplace_back(pass_to_tu{msg});
    break;
  case event::success:
  case event::failure:
    on_final(ev, msg, out);
    break;
  default:
    break;
  }
}

void invite_client::in_completed(event ev, effects& out) {
  switch (ev) {
  case event::failure:
    // RFC 3261 17.1.1.2: re-send the ACK, do not pass the response up.
    out.emplace_back(retransmit_ack{});
    break;
  case event::timer_d:
    terminate(out);
    break;
  default:
    break;
  }
}

void invite_client::in_accepted(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::success:
    // RFC 6026 7.2: every 2xx goes up so the TU can ACK each one.
    out.emplace_back(pass_to_tu{msg});
    break;
  case event::timer_m:
    terminate(out);
    break;
  default:
    break;
  }
}

void invite_client::on_final(event ev, message_handle msg, effects& out) {
  timers_.disarm(timer_id::a);
  timers_.disarm(timer_id::b);
  if (ev == event::success) {
    out.emplace_back(pass_to_tu{msg});
    if (config_.rfc6026_accepted) {
      // RFC 6026 7.2: linger in Accepted for further 2xx (timer M).
      state_ = state::accepted;
      out.emplace_back(timers_.arm(timer_id::m, config_.timeout()));
    } else {
      // RFC 3261 17.1.1.2: the TU handles 2xx and ACKs it itself.
      terminate(out);
    }
    return;
  }
  // RFC 3261 17.1.1.2: 300-699 gets an ACK from the transaction.
  out.emplace_back(send_ack{msg});
  out.emplace_back(pass_to_tu{msg});
  state_ = state::completed;
  // Timer D is zero on reliable transports: terminate right away.
  if (transport_ == transport_kind::unreliable)
    out.emplace_back(timers_.arm(timer_id::d, config_.timer_d));
  else
    terminate(out);
}

void invite_client::terminate(effects& out) {
  timers_.disarm_all();
  state_ = state::terminated;
  out.emplace_back(terminated{});
}

} // namespace passerelle::sip::txn
