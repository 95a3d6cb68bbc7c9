#include "sip/txn/invite_server.hpp"

#include "tests/unit/sip_txn/manual_scheduler.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::txn;
using passerelle::sip::txn::test::manual_scheduler;
using passerelle::sip::txn::test::ms;
using passerelle::sip::txn::test::timed_effect;
using passerelle::sip::txn::test::times_of;

namespace {

constexpr auto invite = message_handle{1};
constexpr auto busy = message_handle{3};

/// A started INVITE server transaction and the hand-driven clock.
struct fixture {
  explicit fixture(transport_kind transport = transport_kind::unreliable,
                   timer_config config = {})
      : txn(config, transport) {
    first = clock.track(txn.start(invite));
  }

  std::vector<timed_effect> advance_to(std::chrono::milliseconds until) {
    return clock.advance_to(
        until, [this](const auto& t) { return txn.on_timer(t.timer, t.gen); });
  }

  effects answer(int status, message_handle response) {
    return clock.track(txn.on_tu_response(status, response));
  }

  effects ack(message_handle msg) { return clock.track(txn.on_ack(msg)); }

  manual_scheduler clock;
  invite_server txn;
  effects first;
};

} // namespace

TEST_CASE("INVITE server sends 100 Trying after 200 ms of TU silence",
          "[sip_txn][invite_server]") {
  fixture f;
  CHECK(f.first ==
        effects{pass_to_tu{invite}, arm_timer{timer_id::trying, 200ms, 1}});
  CHECK(f.txn.current_state() == invite_server::state::proceeding);
  CHECK(f.advance_to(1s) == std::vector<timed_effect>{{200ms, send_trying{}}});
  // RFC 3261 17.2.1: a retransmitted INVITE gets the provisional again.
  CHECK(f.txn.on_request(invite) == effects{send_trying{}});
}

TEST_CASE("INVITE server sends no 100 Trying when the TU answers first",
          "[sip_txn][invite_server]") {
  fixture f;
  f.advance_to(100ms);
  auto ringing = message_handle{2};
  CHECK(f.answer(180, ringing) == effects{send_message{ringing}});
  CHECK(f.advance_to(1s).empty());
  CHECK(f.txn.on_request(invite) == effects{retransmit{ringing}});
}

TEST_CASE("INVITE server sends 100 Trying at once on an early retry",
          "[sip_txn][invite_server]") {
  fixture f;
  CHECK(f.txn.on_request(invite) == effects{send_trying{}});
  CHECK(f.advance_to(1s).empty());
}

TEST_CASE("INVITE server with a zero trying delay answers 100 at once",
          "[sip_txn][invite_server]") {
  timer_config config;
  config.trying_delay = 0ms;
  fixture f{transport_kind::unreliable, config};
  CHECK(f.first == effects{pass_to_tu{invite}, send_trying{}});
}

TEST_CASE("INVITE server retransmits a non-2xx final until timer H",
          "[sip_txn][invite_server]") {
  fixture f;
  CHECK(f.answer(486, busy) == effects{send_message{busy},
                                       arm_timer{timer_id::g, 500ms, 2},
                                       arm_timer{timer_id::h, 32000ms, 3}});
  CHECK(f.txn.current_state() == invite_server::state::completed);
  auto log = f.advance_to(40s);
  // RFC 3261 17.2.1: G doubles up to T2.
  CHECK(times_of<retransmit>(log) ==
        ms({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  REQUIRE(log.size() >= 2);
  CHECK(log[log.size() - 2] ==
        timed_effect{32000ms, notify_timeout{timer_id::h}});
  CHECK(log.back() == timed_effect{32000ms, terminated{}});
  CHECK(f.advance_to(100s).empty());
}

TEST_CASE("INVITE server re-sends the same final to a retransmitted INVITE",
          "[sip_txn][invite_server]") {
  fixture f;
  f.answer(486, busy);
  CHECK(f.txn.on_request(invite) == effects{retransmit{busy}});
  CHECK(f.txn.on_request(invite) == effects{retransmit{busy}});
  // RFC 3261 17.2.1: nothing from the TU changes a Completed transaction.
  CHECK(f.answer(500, message_handle{4}).empty());
}

TEST_CASE("INVITE server moves to Confirmed on ACK and waits timer I",
          "[sip_txn][invite_server]") {
  fixture f;
  f.answer(486, busy);
  auto log = f.advance_to(1s);
  CHECK(times_of<retransmit>(log) == ms({500}));
  CHECK(f.ack(message_handle{5}) == effects{arm_timer{timer_id::i, 5000ms, 5}});
  CHECK(f.txn.current_state() == invite_server::state::confirmed);
  // ACK and INVITE retransmissions are absorbed.
  CHECK(f.ack(message_handle{6}).empty());
  CHECK(f.txn.on_request(invite).empty());
  // G (1.5 s) and H (32 s) are stale now; I = T4 ends it at 6 s.
  CHECK(f.advance_to(60s) == std::vector<timed_effect>{{6000ms, terminated{}}});
}

TEST_CASE("INVITE server over a reliable transport",
          "[sip_txn][invite_server]") {
  fixture f{transport_kind::reliable};
  // RFC 3261 17.2.1: no timer G; H still waits for the ACK.
  CHECK(f.answer(603, busy) ==
        effects{send_message{busy}, arm_timer{timer_id::h, 32000ms, 2}});
  SECTION("timer I is zero: the ACK terminates at once") {
    CHECK(f.ack(message_handle{5}) == effects{terminated{}});
  }
  SECTION("no retransmissions before timer H") {
    CHECK(f.advance_to(40s) ==
          std::vector<timed_effect>{{32000ms, notify_timeout{timer_id::h}},
                                    {32000ms, terminated{}}});
  }
}

TEST_CASE("INVITE server terminates on 2xx per RFC 3261",
          "[sip_txn][invite_server]") {
  fixture f;
  auto ok = message_handle{2};
  CHECK(f.answer(200, ok) == effects{send_message{ok}, terminated{}});
  CHECK(f.txn.is_terminated());
  CHECK(f.txn.on_request(invite).empty());
  CHECK(f.advance_to(1s).empty());
}

TEST_CASE("INVITE server lingers in Accepted with RFC 6026",
          "[sip_txn][invite_server]") {
  timer_config config;
  config.rfc6026_accepted = true;
  fixture f{transport_kind::unreliable, config};
  auto ok = message_handle{2};
  CHECK(f.answer(200, ok) ==
        effects{send_message{ok}, arm_timer{timer_id::l, 32000ms, 2}});
  CHECK(f.txn.current_state() == invite_server::state::accepted);
  // RFC 6026 7.1: INVITE retries absorbed, TU 2xx retries sent, ACK up.
  CHECK(f.txn.on_request(invite).empty());
  CHECK(f.answer(200, ok) == effects{send_message{ok}});
  CHECK(f.ack(message_handle{7}) == effects{pass_to_tu{message_handle{7}}});
  CHECK(f.advance_to(40s) ==
        std::vector<timed_effect>{{32000ms, terminated{}}});
}

TEST_CASE("INVITE server reports transport errors",
          "[sip_txn][invite_server]") {
  fixture f;
  f.answer(486, busy);
  CHECK(f.txn.on_transport_error() ==
        effects{notify_transport_error{}, terminated{}});
  CHECK(f.advance_to(60s).empty());
}

TEST_CASE("INVITE server ignores stale timers and ACK in Proceeding",
          "[sip_txn][invite_server]") {
  fixture f;
  CHECK(f.ack(message_handle{5}).empty());
  CHECK(f.txn.on_timer(timer_id::trying, 7).empty());
  f.answer(486, busy);
  // The trying timer (generation 1) was disarmed by the final response.
  CHECK(f.txn.on_timer(timer_id::trying, 1).empty());
  CHECK(f.txn.on_timer(timer_id::g, 3).empty());
  CHECK(f.txn.on_timer(timer_id::g, 2) ==
        effects{retransmit{busy}, arm_timer{timer_id::g, 1000ms, 4}});
}
