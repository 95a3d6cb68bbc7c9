#include "http/onboarding_bridge.hpp"

#include "actors/errors.hpp"
#include "http/credentials.hpp"

#include <caf/send.hpp>

namespace passerelle::http {

onboarding_job::onboarding_job(std::string mac, events::phone_profile phone,
                               callback done)
    : mac_(std::move(mac)), phone_(std::move(phone)), done_(std::move(done)) {
  // nop
}

onboarding_job::~onboarding_job() {
  complete(failure{ec::timeout, "onboarding abandoned: the gateway is "
                                "stopping"});
}

void onboarding_job::complete(onboarding_outcome x) {
  if (!done_)
    return;
  auto done = std::move(done_);
  done_ = nullptr;
  done(std::move(x));
}

namespace {

using self_ptr = onboarding_bridge_pointer;

/// The generation proposed on a first fetch: a new device's. A deleted
/// device needs its next one; it refuses this one and we ask.
constexpr uint32_t first_generation = 1;

/// A job under way: what was proposed to the fleet, and when.
struct attempt {
  onboarding_job_ptr job;
  /// The onboarding cache's, taken before the first request.
  uint64_t ticket = 0;
  uint32_t generation = first_generation;
  issued_credentials credentials;
  /// The proposal was refused once and this is the next generation.
  bool retried = false;
};

using attempt_ptr = std::shared_ptr<attempt>;

void propose(self_ptr self, attempt_ptr a);

/// The fleet took the proposal, or kept the device as it was.
void onboarded(self_ptr self, const attempt& a, const device_view& view) {
  auto& st = self->state;
  auto& mac = a.job->mac();
  // An existing device keeps its generation, whatever was proposed.
  auto password = view.model.credential_generation == a.generation
                      ? a.credentials.password
                      : derive_password(st.settings.credential_secret, mac,
                                        view.model.credential_generation);
  st.cache->remember(mac, view, password, a.ticket);
  a.job->complete(std::move(password));
}

/// Deleted before (or changed meanwhile): asks which generation is next,
/// then proposes it.
void propose_next_generation(self_ptr self, attempt_ptr a) {
  self->request(self->state.fleet, caf::infinite, atom::get_v, a->job->mac())
      .then(
          [self, a](const device_view& v) {
            auto& model = v.model;
            a->generation =
                model.lifecycle == events::device_lifecycle::provisioned
                    ? model.credential_generation
                    : model.credential_generation + 1;
            auto& st = self->state;
            a->credentials =
                derive_credentials(st.settings.credential_secret, a->job->mac(),
                                   st.settings.domain, a->generation);
            a->retried = true;
            propose(self, a);
          },
          [a](caf::error& err) { a->job->complete(to_failure(err)); });
}

void propose(self_ptr self, attempt_ptr a) {
  auto& job = *a->job;
  self->request(self->state.fleet, caf::infinite, atom::onboard_v, job.mac(),
                job.phone(), a->credentials.stored, a->generation)
      .then([self, a](const device_view& v) { onboarded(self, *a, v); },
            [self, a](caf::error& err) {
              auto why = to_failure(err);
              if (why.code == ec::conflict && !a->retried)
                return propose_next_generation(self, a);
              a->job->complete(std::move(why));
            });
}

void start(self_ptr self, onboarding_job_ptr job) {
  auto& st = self->state;
  auto a = std::make_shared<attempt>();
  a->ticket = st.cache->ticket();
  a->credentials = derive_credentials(st.settings.credential_secret, job->mac(),
                                      st.settings.domain, first_generation);
  a->job = std::move(job);
  propose(self, std::move(a));
}

} // namespace

onboarding_bridge_actor::behavior_type
onboarding_bridge(self_ptr self, fleet_actor fleet,
                  std::shared_ptr<onboarding_cache> cache,
                  onboarding_settings settings) {
  self->state.fleet = std::move(fleet);
  self->state.cache = std::move(cache);
  self->state.settings = std::move(settings);
  return {
      [self](atom::onboard, onboarding_job_ptr& job) {
        start(self, std::move(job));
      },
  };
}

void onboard(const onboarding_bridge_actor& bridge, std::string mac,
             events::phone_profile phone, onboarding_job::callback done) {
  auto job = std::make_shared<onboarding_job>(std::move(mac), std::move(phone),
                                              std::move(done));
  caf::anon_send(bridge, atom::onboard_v, std::move(job));
}

} // namespace passerelle::http
