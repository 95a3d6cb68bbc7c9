#include "sip/txn/invite_client.hpp"

#include "tests/unit/sip_txn/manual_scheduler.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::txn;
using passerelle::sip::txn::test::manual_scheduler;
using passerelle::sip::txn::test::ms;
using passerelle::sip::txn::test::timed_effect;
using passerelle::sip::txn::test::times_of;
using passerelle::sip::txn::test::without_timers;

namespace {

constexpr auto invite = message_handle{1};

/// A started INVITE client transaction and the hand-driven clock.
struct fixture {
  explicit fixture(transport_kind transport = transport_kind::unreliable,
                   timer_config config = {})
      : txn(config, transport) {
    first = clock.track(txn.on_tu_request(invite));
  }

  std::vector<timed_effect> advance_to(std::chrono::milliseconds until) {
    return clock.advance_to(
        until, [this](const auto& t) { return txn.on_timer(t.timer, t.gen); });
  }

  effects respond(int status, message_handle response) {
    return clock.track(txn.on_response(status, response));
  }

  manual_scheduler clock;
  invite_client txn;
  effects first;
};

} // namespace

TEST_CASE("INVITE client over UDP retransmits until timer B",
          "[sip_txn][invite_client]") {
  fixture f;
  // RFC 3261 17.1.1.2: timer A = T1, timer B = 64*T1.
  CHECK(f.first == effects{send_message{invite},
                           arm_timer{timer_id::a, 500ms, 1},
                           arm_timer{timer_id::b, 32000ms, 2}});
  CHECK(f.txn.current_state() == invite_client::state::calling);
  auto log = f.advance_to(40s);
  // Intervals 500, 1000, 2000, 4000, 8000, 16000 ms: no T2 cap.
  CHECK(times_of<retransmit>(log) == ms({500, 1500, 3500, 7500, 15500, 31500}));
  auto tail = without_timers(log);
  REQUIRE(tail.size() == 8);
  CHECK(tail[0] == timed_effect{500ms, retransmit{invite}});
  CHECK(tail[6] == timed_effect{32000ms, notify_timeout{timer_id::b}});
  CHECK(tail[7] == timed_effect{32000ms, terminated{}});
  CHECK(f.txn.is_terminated());
  // Timer A armed at 31.5 s fires at 63.5 s: stale, ignored.
  CHECK(f.advance_to(200s).empty());
}

TEST_CASE("INVITE client stops retransmitting on a provisional response",
          "[sip_txn][invite_client]") {
  fixture f;
  CHECK(times_of<retransmit>(f.advance_to(600ms)) == ms({500}));
  CHECK(f.respond(180, message_handle{2}) ==
        effects{pass_to_tu{message_handle{2}}});
  CHECK(f.txn.current_state() == invite_client::state::proceeding);
  CHECK(f.respond(183, message_handle{3}) ==
        effects{pass_to_tu{message_handle{3}}});
  // A and B are disarmed: Proceeding waits for the final response.
  CHECK(f.advance_to(100s).empty());
  CHECK(f.txn.current_state() == invite_client::state::proceeding);
}

TEST_CASE("INVITE client ACKs a non-2xx final response and waits timer D",
          "[sip_txn][invite_client]") {
  fixture f;
  f.advance_to(100ms);
  auto rejected = message_handle{3};
  CHECK(f.respond(486, rejected) ==
        effects{send_ack{rejected}, pass_to_tu{rejected},
                arm_timer{timer_id::d, 32000ms, 3}});
  CHECK(f.txn.current_state() == invite_client::state::completed);
  // RFC 3261 17.1.1.2: retransmissions re-send the ACK, TU sees nothing.
  CHECK(f.respond(486, message_handle{4}) == effects{retransmit_ack{}});
  CHECK(f.respond(180, message_handle{5}).empty());
  auto log = f.advance_to(60s);
  CHECK(log == std::vector<timed_effect>{{32100ms, terminated{}}});
}

TEST_CASE("INVITE client terminates on 2xx per RFC 3261",
          "[sip_txn][invite_client]") {
  fixture f;
  f.respond(180, message_handle{2});
  CHECK(f.respond(200, message_handle{3}) ==
        effects{pass_to_tu{message_handle{3}}, terminated{}});
  CHECK(f.txn.is_terminated());
  CHECK(f.respond(200, message_handle{4}).empty());
}

TEST_CASE("INVITE client lingers in Accepted with RFC 6026",
          "[sip_txn][invite_client]") {
  timer_config config;
  config.rfc6026_accepted = true;
  fixture f{transport_kind::unreliable, config};
  CHECK(f.respond(200, message_handle{3}) ==
        effects{pass_to_tu{message_handle{3}},
                arm_timer{timer_id::m, 32000ms, 3}});
  CHECK(f.txn.current_state() == invite_client::state::accepted);
  // RFC 6026 7.2: each 2xx (retransmitted or forked) reaches the TU.
  CHECK(f.respond(200, message_handle{4}) ==
        effects{pass_to_tu{message_handle{4}}});
  CHECK(f.respond(486, message_handle{5}).empty());
  auto log = f.advance_to(40s);
  CHECK(log == std::vector<timed_effect>{{32000ms, terminated{}}});
}

TEST_CASE("INVITE client over a reliable transport arms no timer A",
          "[sip_txn][invite_client]") {
  fixture f{transport_kind::reliable};
  CHECK(f.first ==
        effects{send_message{invite}, arm_timer{timer_id::b, 32000ms, 1}});
  SECTION("timer D is zero: a non-2xx terminates at once") {
    CHECK(f.respond(500, message_handle{2}) ==
          effects{send_ack{message_handle{2}}, pass_to_tu{message_handle{2}},
                  terminated{}});
  }
  SECTION("timer B still times the transaction out") {
    auto log = f.advance_to(40s);
    CHECK(log ==
          std::vector<timed_effect>{{32000ms, notify_timeout{timer_id::b}},
                                    {32000ms, terminated{}}});
  }
}

TEST_CASE("INVITE client reports transport errors",
          "[sip_txn][invite_client]") {
  fixture f;
  CHECK(f.txn.on_transport_error() ==
        effects{notify_transport_error{}, terminated{}});
  CHECK(f.txn.on_transport_error().empty());
  CHECK(f.advance_to(60s).empty());
}

TEST_CASE("INVITE client ignores stale and foreign timers",
          "[sip_txn][invite_client]") {
  fixture f;
  // Armed: A with generation 1, B with generation 2.
  CHECK(f.txn.on_timer(timer_id::a, 99).empty());
  CHECK(f.txn.on_timer(timer_id::a, 2).empty());
  CHECK(f.txn.on_timer(timer_id::e, 1).empty());
  CHECK(f.txn.on_timer(timer_id::a, 1) ==
        effects{retransmit{invite}, arm_timer{timer_id::a, 1000ms, 3}});
  // The same callback twice: the second is stale.
  CHECK(f.txn.on_timer(timer_id::a, 1).empty());
}

TEST_CASE("INVITE client ignores input before start and bad status codes",
          "[sip_txn][invite_client]") {
  invite_client txn{timer_config{}, transport_kind::unreliable};
  CHECK(txn.on_response(200, message_handle{2}).empty());
  CHECK(txn.on_transport_error().empty());
  CHECK_FALSE(txn.on_tu_request(invite).empty());
  CHECK(txn.on_tu_request(invite).empty());
  CHECK(txn.on_response(99, message_handle{3}).empty());
  CHECK(txn.on_response(700, message_handle{3}).empty());
  CHECK(txn.current_state() == invite_client::state::calling);
}
