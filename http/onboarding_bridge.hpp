#pragma once

#include "actors/interfaces.hpp"
#include "http/onboarding_cache.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace passerelle::http {

/// A phone's SIP password, or why it has none.
using onboarding_outcome = std::variant<std::string, failure>;

/// One phone to onboard on its first fetch, and where the outcome goes.
/// Completed exactly once: a job dropped unfinished (its bridge stopped,
/// or never got it) completes as it goes with a 503 failure, so that no
/// one waits for it forever.
class onboarding_job {
public:
  /// Called on whichever thread completes the job; must not throw.
  using callback = std::function<void(onboarding_outcome)>;

  onboarding_job(std::string mac, events::phone_profile phone, callback done);

  ~onboarding_job();

  onboarding_job(const onboarding_job&) = delete;
  onboarding_job& operator=(const onboarding_job&) = delete;

  const std::string& mac() const { return mac_; }

  const events::phone_profile& phone() const { return phone_; }

  /// Hands `x` to the callback; later calls do nothing.
  void complete(onboarding_outcome x);

private:
  std::string mac_;
  events::phone_profile phone_;
  callback done_;
};

using onboarding_job_ptr = std::shared_ptr<onboarding_job>;

/// Onboards phones on their first fetch of a per-MAC file without blocking
/// a thread: each job becomes requests to the fleet whose answers continue
/// it, as `onboard_phone` did with blocking round trips. A device deleted
/// before refuses generation 1 (conflict): the bridge asks for the device
/// and proposes its next generation. Answers go into the onboarding cache
/// under the rules of http/onboarding_cache.hpp.
using onboarding_bridge_actor = caf::typed_actor<
    // Onboards the job's phone, then completes the job.
    caf::reacts_to<atom::onboard, onboarding_job_ptr>>;

/// What a bridge derives credentials with.
struct onboarding_settings {
  /// http/credentials.hpp.
  std::string credential_secret;
  /// The digest realm.
  std::string domain;
};

struct onboarding_bridge_state {
  // Not an aggregate: CAF would try to build it from the actor pointer.
  onboarding_bridge_state() = default;

  fleet_actor fleet;
  /// Shared with the HTTP handlers, which answer repeat fetches from it.
  std::shared_ptr<onboarding_cache> cache;
  onboarding_settings settings;

  static inline const char* name = "onboarding_bridge";
};

using onboarding_bridge_pointer =
    onboarding_bridge_actor::stateful_pointer<onboarding_bridge_state>;

/// The bridge's behaviour. Its requests have no timeout (the fleet always
/// answers, with an error if a device actor is gone; a timer per request
/// would wake CAF's clock thread); whoever waits on a job bounds the wait.
onboarding_bridge_actor::behavior_type
onboarding_bridge(onboarding_bridge_pointer self, fleet_actor fleet,
                  std::shared_ptr<onboarding_cache> cache,
                  onboarding_settings settings);

/// Hands a job to `bridge`; thread-safe, never blocks. A stopped bridge
/// drops it, which completes it with a 503 failure at once.
void onboard(const onboarding_bridge_actor& bridge, std::string mac,
             events::phone_profile phone, onboarding_job::callback done);

} // namespace passerelle::http

// Jobs stay inside one process: no serializer needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(passerelle::http::onboarding_job_ptr)
