#pragma once

#include "actors/errors.hpp"
#include "actors/fleet_actor.hpp"
#include "actors/store_actor.hpp"
#include "tests/support/caf_test_config.hpp"
#include "tests/support/temp_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include <memory>
#include <optional>

namespace passerelle::test {

/// An actor system on CAF's deterministic scheduler, over a real RocksDB
/// store in a temp dir. Nothing runs until `run()`.
class actor_fixture {
public:
  struct config : caf_test_config {
    config() : caf_test_config(true) {}
  };

  /// `listener` hears what device actors store (fleet_impl).
  explicit actor_fixture(const temp_dir& dir, device_listener listener = {})
      : sys(cfg),
        sched(
            dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    auto opened =
        storage::event_store::open(dir.str(), {
                                                  storage::durability::nosync,
                                                  "test-node",
                                              });
    REQUIRE(opened);
    store = std::shared_ptr<storage::event_store>(std::move(*opened));
    // Not detached: on the test scheduler everything runs in run().
    store_hdl = sys.spawn(store_impl, store);
    fleet = sys.spawn(fleet_impl, std::string{"default"}, store_hdl,
                      std::chrono::seconds{0}, std::move(listener));
    run(); // start both, so tests step from an empty queue
  }

  ~actor_fixture() {
    caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(store_hdl, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void run() { sched.run(); }

  /// An answer that may not have arrived yet.
  template <class Result>
  using pending = std::shared_ptr<std::optional<std::variant<Result, failure>>>;

  /// Sends a request from a fresh client actor; the answer lands in the
  /// returned slot once the system runs.
  template <class Result, class Handle, class... Ts>
  pending<Result> send_request(const Handle& dest, Ts&&... xs) {
    auto out = std::make_shared<std::optional<std::variant<Result, failure>>>();
    auto msg = caf::make_message(std::forward<Ts>(xs)...);
    auto hdl = caf::actor_cast<caf::actor>(dest);
    // The slot, message and handle go in as spawn arguments, not captures:
    // CAF 0.17 binds a reference to a null tuple for an actor spawned
    // without any (undefined behaviour UBSan reports).
    sys.spawn(
        [](caf::event_based_actor* self, decltype(out) slot, caf::message m,
           caf::actor to) {
          self->request(to, caf::infinite, std::move(m))
              .then([slot](Result& x) { *slot = std::move(x); },
                    [slot](caf::error& err) { *slot = to_failure(err); });
        },
        out, msg, hdl);
    return out;
  }

  /// Sends a request to the fleet, runs the system and returns the answer.
  template <class... Ts>
  std::variant<device_view, failure> ask(Ts&&... xs) {
    auto answer = send_request<device_view>(fleet, std::forward<Ts>(xs)...);
    run();
    REQUIRE(answer->has_value());
    return **answer;
  }

  config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<storage::event_store> store;
  store_actor store_hdl;
  fleet_actor fleet;
};

/// The device in a fleet answer, failing the test on an error.
inline device_view view_of(const std::variant<device_view, failure>& x) {
  if (auto* f = std::get_if<failure>(&x))
    FAIL("unexpected failure: " << to_string(f->code) << " " << f->message);
  return std::get<device_view>(x);
}

inline events::sip_credentials test_credentials(const std::string& mac) {
  return {mac, "passerelle", std::string(32, '1'), std::string(64, '2')};
}

} // namespace passerelle::test
