#pragma once

#include "actors/interfaces.hpp"
#include "events/device.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace passerelle::http {

/// Onboarded devices as the fleet last answered for them, so that a repeat
/// configuration fetch of an unchanged phone needs no actor round trip.
///
/// Never stale, by two rules. Only fleet answers go in, and only when no
/// device change ended since the request was sent (the caller takes a
/// `ticket` first). Every request that may change a device other than by
/// onboarding (the admin API) calls `device_changed` once the fleet has
/// applied it and before it answers: that forgets everything.
class onboarding_cache {
public:
  /// Past this many devices the cache starts over (about 70 bytes each).
  static constexpr size_t default_capacity = 1 << 18;

  explicit onboarding_cache(size_t capacity = default_capacity);

  /// Take before asking the fleet; give to `remember`.
  uint64_t ticket() const;

  /// The SIP password of `mac` when it is onboarded as `asking`
  /// (events::same_phone): onboarding it again would record nothing.
  std::optional<std::string> password_for(const std::string& mac,
                                          const events::phone_profile& asking);

  /// Keeps the fleet's answer about `mac` (asked under `ticket`) and the
  /// password of its credential generation when the device is provisioned
  /// and onboarded, unless a change ended since or a newer answer is kept.
  void remember(const std::string& mac, const device_view& view,
                std::string password, uint64_t ticket);

  /// Some device may have changed: forget everything.
  void device_changed();

  size_t size() const;

private:
  /// What `events::same_phone` compares, as one text; phones of a site
  /// share a handful of these, so each is kept once (`profiles_`).
  static std::string profile_of(const events::phone_profile& phone);

  /// Whether `text` (from `profile_of`) is `phone`'s, without building
  /// its text: this runs on every repeat fetch.
  static bool same_profile(std::string_view text,
                           const events::phone_profile& phone);

  /// About 60 bytes with its map node, where a copy of the profile and
  /// the password took about 340: the cache holds every onboarded phone.
  struct entry {
    uint64_t version = 0;
    /// Index in `texts_`.
    uint32_t profile = 0;
    uint8_t password_size = 0;
    /// Derived again on every fetch, it costs more than the rest of a
    /// cached answer's own work (OpenSSL 3's HMAC setup).
    std::array<char, 32> password{};
  };

  /// `profile_` for `phone`, added if new.
  uint32_t profile_id(const events::phone_profile& phone);

  size_t capacity_;
  mutable std::mutex mtx_;
  uint64_t epoch_ = 0;
  /// Keyed by the MAC's 48 bits.
  std::unordered_map<uint64_t, entry> entries_;
  std::unordered_map<std::string, uint32_t> profiles_;
  /// The keys of `profiles_` by index (a node's key never moves).
  std::vector<const std::string*> texts_;
};

} // namespace passerelle::http
