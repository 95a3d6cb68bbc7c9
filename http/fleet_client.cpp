#include "http/fleet_client.hpp"

#include <memory>

namespace passerelle::http {

namespace {

struct requester_slot {
  caf::actor_system* home = nullptr;
  std::unique_ptr<caf::scoped_actor> self;
};

// Per thread: httplib serves each connection from one pool thread, and the
// pool's threads end (destroying these) before the server's run() returns.
thread_local requester_slot requester;

} // namespace

caf::scoped_actor& thread_requester(caf::actor_system& sys) {
  if (!requester.self || requester.home != &sys) {
    // A thread serves one actor system; one made for another is replaced.
    requester.self.reset();
    // Hidden: an idle handler thread must not hold up shutdown, which
    // waits for every registered actor.
    requester.self = std::make_unique<caf::scoped_actor>(sys, true);
    requester.home = &sys;
  }
  return *requester.self;
}

void drop_thread_requester() {
  requester.self.reset();
  requester.home = nullptr;
}

} // namespace passerelle::http
