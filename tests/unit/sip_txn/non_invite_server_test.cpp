#include "sip/txn/non_invite_server.hpp"

#include "tests/unit/sip_txn/manual_scheduler.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::txn;
using passerelle::sip::txn::test::manual_scheduler;
using passerelle::sip::txn::test::timed_effect;

namespace {

constexpr auto request = message_handle{1};

/// A started non-INVITE server transaction and the hand-driven clock.
struct fixture {
  explicit fixture(transport_kind transport = transport_kind::unreliable)
      : txn(timer_config{}, transport) {
    first = clock.track(txn.start(request));
  }

  std::vector<timed_effect> advance_to(std::chrono::milliseconds until) {
    return clock.advance_to(
        until, [this](const auto& t) { return txn.on_timer(t.timer, t.gen); });
  }

  effects answer(int status, message_handle response) {
    return clock.track(txn.on_tu_response(status, response));
  }

  manual_scheduler clock;
  non_invite_server txn;
  effects first;
};

} // namespace

TEST_CASE("non-INVITE server passes the request up and absorbs retries",
          "[sip_txn][non_invite_server]") {
  fixture f;
  CHECK(f.first == effects{pass_to_tu{request}});
  CHECK(f.txn.current_state() == non_invite_server::state::trying);
  // RFC 3261 17.2.2: retransmissions in Trying are discarded.
  CHECK(f.txn.on_request(message_handle{9}).empty());
  CHECK(f.txn.start(request).empty());
}

TEST_CASE("non-INVITE server re-sends the latest provisional response",
          "[sip_txn][non_invite_server]") {
  fixture f;
  CHECK(f.answer(100, message_handle{2}) ==
        effects{send_message{message_handle{2}}});
  CHECK(f.txn.current_state() == non_invite_server::state::proceeding);
  CHECK(f.txn.on_request(message_handle{9}) ==
        effects{retransmit{message_handle{2}}});
  CHECK(f.answer(180, message_handle{3}) ==
        effects{send_message{message_handle{3}}});
  CHECK(f.txn.on_request(message_handle{9}) ==
        effects{retransmit{message_handle{3}}});
}

TEST_CASE("non-INVITE server re-sends the final response until timer J",
          "[sip_txn][non_invite_server]") {
  fixture f;
  f.advance_to(100ms);
  auto ok = message_handle{2};
  CHECK(f.answer(200, ok) ==
        effects{send_message{ok}, arm_timer{timer_id::j, 32000ms, 1}});
  CHECK(f.txn.current_state() == non_invite_server::state::completed);
  CHECK(f.txn.on_request(message_handle{9}) == effects{retransmit{ok}});
  CHECK(f.txn.on_request(message_handle{10}) == effects{retransmit{ok}});
  // RFC 3261 17.2.2: later TU responses are discarded.
  CHECK(f.answer(500, message_handle{3}).empty());
  auto log = f.advance_to(60s);
  CHECK(log == std::vector<timed_effect>{{32100ms, terminated{}}});
  CHECK(f.txn.on_request(message_handle{11}).empty());
}

TEST_CASE("non-INVITE server over a reliable transport ends on the final",
          "[sip_txn][non_invite_server]") {
  fixture f{transport_kind::reliable};
  // Timer J is zero on reliable transports.
  CHECK(f.answer(404, message_handle{2}) ==
        effects{send_message{message_handle{2}}, terminated{}});
  CHECK(f.txn.is_terminated());
}

TEST_CASE("non-INVITE server reports transport errors",
          "[sip_txn][non_invite_server]") {
  fixture f;
  f.answer(200, message_handle{2});
  CHECK(f.txn.on_transport_error() ==
        effects{notify_transport_error{}, terminated{}});
  CHECK(f.advance_to(60s).empty());
}

TEST_CASE("non-INVITE server ignores stale and bad input",
          "[sip_txn][non_invite_server]") {
  fixture f;
  CHECK(f.answer(99, message_handle{2}).empty());
  CHECK(f.answer(700, message_handle{2}).empty());
  f.answer(200, message_handle{2});
  CHECK(f.txn.on_timer(timer_id::j, 2).empty());
  CHECK(f.txn.on_timer(timer_id::k, 1).empty());
  CHECK(f.txn.on_timer(timer_id::j, 1) == effects{terminated{}});
}
