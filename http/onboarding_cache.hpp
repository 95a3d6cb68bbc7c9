#pragma once

#include "actors/interfaces.hpp"
#include "events/device.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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
  /// Past this many devices the cache starts over (about 250 bytes each).
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
  struct entry {
    uint64_t version = 0;
    events::phone_profile phone;
    /// Derived again on every fetch, it costs more than the rest of a
    /// cached answer's own work (OpenSSL 3's HMAC setup).
    std::string password;
  };

  size_t capacity_;
  mutable std::mutex mtx_;
  uint64_t epoch_ = 0;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace passerelle::http
