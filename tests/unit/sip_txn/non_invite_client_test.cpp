#include "sip/txn/non_invite_client.hpp"

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

constexpr auto request = message_handle{1};

/// A started non-INVITE client transaction and the hand-driven clock.
struct fixture {
  explicit fixture(transport_kind transport = transport_kind::unreliable,
                   timer_config config = {})
      : txn(config, transport) {
    first = clock.track(txn.on_tu_request(request));
  }

  std::vector<timed_effect> advance_to(std::chrono::milliseconds until) {
    return clock.advance_to(
        until, [this](const auto& t) { return txn.on_timer(t.timer, t.gen); });
  }

  effects respond(int status, message_handle response) {
    return clock.track(txn.on_response(status, response));
  }

  manual_scheduler clock;
  non_invite_client txn;
  effects first;
};

} // namespace

TEST_CASE("non-INVITE client over UDP caps retransmissions at T2",
          "[sip_txn][non_invite_client]") {
  fixture f;
  // RFC 3261 17.1.2.2: timer E = T1, timer F = 64*T1.
  CHECK(f.first == effects{send_message{request},
                           arm_timer{timer_id::e, 500ms, 1},
                           arm_timer{timer_id::f, 32000ms, 2}});
  auto log = f.advance_to(40s);
  // Intervals 500, 1000, 2000, 4000, then 4000 (T2) until timer F.
  CHECK(times_of<retransmit>(log) ==
        ms({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  auto tail = without_timers(log);
  REQUIRE(tail.size() == 12);
  CHECK(tail[10] == timed_effect{32000ms, notify_timeout{timer_id::f}});
  CHECK(tail[11] == timed_effect{32000ms, terminated{}});
  CHECK(f.txn.is_terminated());
  CHECK(f.advance_to(100s).empty());
}

TEST_CASE("non-INVITE client retransmits every T2 in Proceeding",
          "[sip_txn][non_invite_client]") {
  fixture f;
  f.advance_to(600ms);
  CHECK(f.respond(100, message_handle{2}) ==
        effects{pass_to_tu{message_handle{2}}});
  CHECK(f.txn.current_state() == non_invite_client::state::proceeding);
  auto log = f.advance_to(40s);
  // Timer E armed in Trying fires at 1500; from then on it is T2.
  CHECK(times_of<retransmit>(log) ==
        ms({1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500}));
  CHECK(times_of<notify_timeout>(log) == ms({32000}));
}

TEST_CASE("non-INVITE client absorbs response retransmissions until K",
          "[sip_txn][non_invite_client]") {
  fixture f;
  f.advance_to(1000ms);
  CHECK(f.respond(200, message_handle{2}) ==
        effects{pass_to_tu{message_handle{2}},
                arm_timer{timer_id::k, 5000ms, 4}});
  CHECK(f.txn.current_state() == non_invite_client::state::completed);
  CHECK(f.respond(200, message_handle{3}).empty());
  CHECK(f.respond(180, message_handle{4}).empty());
  // E (1500 ms) and F (32 s) are stale; K = T4 ends the transaction.
  auto log = f.advance_to(60s);
  CHECK(log == std::vector<timed_effect>{{6000ms, terminated{}}});
}

TEST_CASE("non-INVITE client over a reliable transport",
          "[sip_txn][non_invite_client]") {
  fixture f{transport_kind::reliable};
  CHECK(f.first ==
        effects{send_message{request}, arm_timer{timer_id::f, 32000ms, 1}});
  SECTION("timer K is zero: a final response terminates at once") {
    CHECK(f.respond(404, message_handle{2}) ==
          effects{pass_to_tu{message_handle{2}}, terminated{}});
  }
  SECTION("no retransmissions, timer F still fires") {
    auto log = f.advance_to(40s);
    CHECK(log ==
          std::vector<timed_effect>{{32000ms, notify_timeout{timer_id::f}},
                                    {32000ms, terminated{}}});
  }
}

TEST_CASE("non-INVITE client follows configured T1 and T2",
          "[sip_txn][non_invite_client]") {
  timer_config config;
  config.t1 = 100ms;
  config.t2 = 400ms;
  fixture f{transport_kind::unreliable, config};
  auto log = f.advance_to(1600ms);
  CHECK(times_of<retransmit>(log) == ms({100, 300, 700, 1100, 1500}));
  CHECK(times_of<notify_timeout>(f.advance_to(10s)) == ms({6400}));
}

TEST_CASE("non-INVITE client reports transport errors",
          "[sip_txn][non_invite_client]") {
  fixture f;
  f.respond(100, message_handle{2});
  CHECK(f.txn.on_transport_error() ==
        effects{notify_transport_error{}, terminated{}});
  CHECK(f.advance_to(60s).empty());
}

TEST_CASE("non-INVITE client ignores stale timer generations",
          "[sip_txn][non_invite_client]") {
  fixture f;
  CHECK(f.txn.on_timer(timer_id::e, 1) ==
        effects{retransmit{request}, arm_timer{timer_id::e, 1000ms, 3}});
  // Generation 1 of E was superseded by generation 3.
  CHECK(f.txn.on_timer(timer_id::e, 1).empty());
  CHECK(f.txn.on_timer(timer_id::f, 3).empty());
  f.respond(200, message_handle{2});
  CHECK(f.txn.on_timer(timer_id::e, 3).empty());
  CHECK(f.txn.on_timer(timer_id::f, 2).empty());
}
