#include "sip/txn/non_invite_server.hpp"

namespace passerelle::sip::txn {

non_invite_server::non_invite_server(const timer_config& config,
                                     transport_kind transport)
    : config_(config), transport_(transport) {
  // nop
}

effects non_invite_server::start(message_handle request) {
  if (started_)
    return {};
  started_ = true;
  return {pass_to_tu{request}};
}

effects non_invite_server::on_request(message_handle request) {
  if (!started_)
    return {};
  return step(event::request, request);
}

effects non_invite_server::on_tu_response(int status, message_handle response) {
  if (!started_ || status < 100 || status > 699)
    return {};
  auto ev = status < 200 ? event::tu_provisional : event::tu_final;
  return step(ev, response);
}

effects non_invite_server::on_timer(timer_id id, generation gen) {
  if (!timers_.fire(id, gen) || id != timer_id::j)
    return {};
  return step(event::timer_j, {});
}

effects non_invite_server::on_transport_error() {
  if (!started_)
    return {};
  return step(event::transport_error, {});
}

effects non_invite_server::step(event ev, message_handle msg) {
  effects out;
  // RFC 3261 17.2.4: a transport error ends the transaction in any state.
  if (ev == event::transport_error && state_ != state::terminated) {
    out.emplace_back(notify_transport_error{});
    terminate(out);
    return out;
  }
  switch (state_) {
  case state::trying:
    in_trying(ev, msg, out);
    break;
  case state::proceeding:
    in_proceeding(ev, msg, out);
    break;
  case state::completed:
    in_completed(ev, out);
    break;
  case state::terminated:
    break;
  }
  return out;
}

void non_invite_server::in_trying(event ev, message_handle msg, effects& out) {
  switch (ev) {
  case event::tu_provisional:
    provisional_ = msg;
    out.emplace_back(send_message{msg});
    state_ = state::proceeding;
    break;
  case event::tu_final:
    on_tu_final(msg, out);
    break;
  default:
    // RFC 3261 17.2.2: request retransmissions are discarded in Trying.
    break;
  }
}

void non_invite_server::in_proceeding(event ev, message_handle msg,
                                      effects& out) {
  switch (ev) {
  case event::request:
    out.emplace_back(retransmit{provisional_});
    break;
  case event::tu_provisional:
    provisional_ = msg;
    out.emplace_back(send_message{msg});
    break;
  case event::tu_final:
    on_tu_final(msg, out);
    break;
  default:
    break;
  }
}

void non_invite_server::on_tu_final(message_handle msg, effects& out) {
  final_ = msg;
  out.emplace_back(send_message{msg});
  state_ = state::completed;
  // RFC 3261 17.2.2: timer J is 64*T1, or zero on reliable transports.
  if (transport_ == transport_kind::unreliable)
    out.emplace_back(timers_.arm(timer_id::j, config_.timeout()));
  else
    terminate(out);
}

void non_invite_server::in_completed(event ev, effects& out) {
  switch (ev) {
  case event::request:
    out.emplace_back(retransmit{final_});
    break;
  case event::timer_j:
    terminate(out);
    break;
  default:
    // RFC 3261 17.2.2: later TU responses are discarded.
    break;
  }
}

void non_invite_server::terminate(effects& out) {
  timers_.disarm_all();
  state_ = state::terminated;
  out.emplace_back(terminated{});
}

} // namespace passerelle::sip::txn
