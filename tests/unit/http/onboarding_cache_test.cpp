#include "http/onboarding_cache.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;
using namespace passerelle::http;

namespace {

events::phone_profile t46s(std::string firmware = "66.86.0.15") {
  return {"yealink", "T46S", std::move(firmware), "10.0.0.9", "fr", "", false};
}

device_view onboarded(uint32_t generation, uint64_t version,
                      events::phone_profile phone = t46s()) {
  device_view v;
  v.model.mac = "805ec0d57d72";
  v.model.lifecycle = events::device_lifecycle::provisioned;
  v.model.credential_generation = generation;
  v.model.onboarded = true;
  v.model.phone = std::move(phone);
  v.version = version;
  return v;
}

const std::string mac = "805ec0d57d72";

std::string password_of(uint32_t generation) {
  return "password-" + std::to_string(generation);
}

/// Remembers the answer with its generation's password.
void remember(onboarding_cache& cache, const std::string& m,
              const device_view& v, uint64_t ticket) {
  cache.remember(m, v, password_of(v.model.credential_generation), ticket);
}

} // namespace

TEST_CASE("a repeat fetch of an unchanged phone is known", "[http][cache]") {
  onboarding_cache cache;
  CHECK_FALSE(cache.password_for(mac, t46s()));
  remember(cache, mac, onboarded(3, 7), cache.ticket());
  CHECK(cache.password_for(mac, t46s()) == password_of(3));
  // Another address is the same phone; other firmware is not.
  auto moved = t46s();
  moved.source_ip = "10.0.0.10";
  CHECK(cache.password_for(mac, moved) == password_of(3));
  CHECK_FALSE(cache.password_for(mac, t46s("66.86.0.20")));
  CHECK_FALSE(cache.password_for("805ec0d57d73", t46s()));
}

TEST_CASE("only onboarded, provisioned devices are kept", "[http][cache]") {
  onboarding_cache cache;
  auto fresh = onboarded(1, 1);
  fresh.model.onboarded = false;
  remember(cache, mac, fresh, cache.ticket());
  auto deleted = onboarded(1, 3);
  deleted.model.lifecycle = events::device_lifecycle::deleted;
  remember(cache, mac, deleted, cache.ticket());
  CHECK(cache.size() == 0);
}

TEST_CASE("a device change forgets everything", "[http][cache]") {
  onboarding_cache cache;
  remember(cache, mac, onboarded(1, 2), cache.ticket());
  cache.device_changed();
  CHECK_FALSE(cache.password_for(mac, t46s()));
  CHECK(cache.size() == 0);
}

TEST_CASE("an answer asked for before a change is not kept", "[http][cache]") {
  onboarding_cache cache;
  auto ticket = cache.ticket();
  // The fleet answered generation 1, then an admin deleted the device and
  // the change ended before this answer got back to the cache.
  cache.device_changed();
  remember(cache, mac, onboarded(1, 2), ticket);
  CHECK_FALSE(cache.password_for(mac, t46s()));
  remember(cache, mac, onboarded(2, 5), cache.ticket());
  CHECK(cache.password_for(mac, t46s()) == password_of(2));
}

TEST_CASE("a late answer does not replace a newer one", "[http][cache]") {
  onboarding_cache cache;
  auto ticket = cache.ticket();
  remember(cache, mac, onboarded(1, 3, t46s("66.86.0.20")), ticket);
  remember(cache, mac, onboarded(1, 2), ticket);
  CHECK(cache.password_for(mac, t46s("66.86.0.20")) == password_of(1));
  CHECK_FALSE(cache.password_for(mac, t46s()));
}

TEST_CASE("a full cache starts over", "[http][cache]") {
  onboarding_cache cache{2};
  remember(cache, "805ec0000001", onboarded(1, 2), cache.ticket());
  remember(cache, "805ec0000002", onboarded(1, 2), cache.ticket());
  CHECK(cache.size() == 2);
  remember(cache, "805ec0000003", onboarded(1, 2), cache.ticket());
  CHECK(cache.size() == 1);
  CHECK(cache.password_for("805ec0000003", t46s()) == password_of(1));
}

TEST_CASE("a phone is known only with every field it was onboarded with",
          "[http][cache]") {
  onboarding_cache cache;
  remember(cache, mac, onboarded(1, 2), cache.ticket());
  CHECK(cache.password_for(mac, t46s()) == password_of(1));
  // Where the phone is does not matter (events::same_phone); what it is does.
  auto moved = t46s();
  moved.source_ip = "10.0.0.10";
  CHECK(cache.password_for(mac, moved) == password_of(1));
  for (auto change :
       {&events::phone_profile::vendor, &events::phone_profile::model,
        &events::phone_profile::firmware, &events::phone_profile::language,
        &events::phone_profile::tenant}) {
    auto other = t46s();
    other.*change += "x";
    CHECK_FALSE(cache.password_for(mac, other));
  }
  // A boundary moved between two fields is another phone.
  auto shifted = t46s();
  shifted.vendor = "yealinkT";
  shifted.model = "46S";
  CHECK_FALSE(cache.password_for(mac, shifted));
  auto with_nul = t46s();
  with_nul.vendor = std::string("yealink\0", 8);
  CHECK_FALSE(cache.password_for(mac, with_nul));
}

TEST_CASE("many profiles of one phone make the cache start over",
          "[http][cache]") {
  onboarding_cache cache{3};
  const std::string other = "805ec0000001";
  remember(cache, other, onboarded(1, 2), cache.ticket());
  // Each firmware is a profile kept once: `other`'s and two more fill the
  // cache's room for profiles, so the next starts over, `other` gone.
  for (int i = 0; i < 2; ++i) {
    auto firmware = "66.86.0." + std::to_string(i);
    remember(cache, mac, onboarded(1, 2 + i, t46s(firmware)), cache.ticket());
    CHECK(cache.password_for(mac, t46s(firmware)) == password_of(1));
  }
  CHECK(cache.password_for(other, t46s()) == password_of(1));
  CHECK(cache.size() == 2);
  remember(cache, mac, onboarded(1, 9, t46s("66.86.0.9")), cache.ticket());
  CHECK(cache.password_for(mac, t46s("66.86.0.9")) == password_of(1));
  CHECK_FALSE(cache.password_for(other, t46s()));
  CHECK(cache.size() == 1);
}

TEST_CASE("what is not a MAC, or too long a password, is not kept",
          "[http][cache]") {
  onboarding_cache cache;
  remember(cache, "805ec0d57d7", onboarded(1, 2), cache.ticket());
  remember(cache, "805ec0d57d7z", onboarded(1, 2), cache.ticket());
  cache.remember(mac, onboarded(1, 2), std::string(33, 'p'), cache.ticket());
  CHECK(cache.size() == 0);
  cache.remember(mac, onboarded(1, 2), std::string(32, 'p'), cache.ticket());
  CHECK(cache.password_for(mac, t46s()) == std::string(32, 'p'));
}
