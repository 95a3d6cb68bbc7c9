#pragma once

#include "events/codec.hpp"
#include "events/device.hpp"
#include "storage/event_store.hpp"

#include <string>

namespace passerelle::test {

/// Instants of the sample log, one hour apart.
struct sample_times {
  int64_t t1 = *events::parse_utc("2026-03-01T09:00:00Z");
  int64_t t2 = *events::parse_utc("2026-03-01T10:00:00Z");
  int64_t t3 = *events::parse_utc("2026-03-01T11:00:00Z");
  int64_t t4 = *events::parse_utc("2026-03-01T12:00:00Z");
};

inline constexpr const char* sample_mac_a = "001565aabbcc";
inline constexpr const char* sample_mac_b = "001565aabbdd";

/// Appends one device event; false when the store refuses it.
inline bool append_device_event(storage::event_store& store,
                                const std::string& tenant,
                                const std::string& mac, uint64_t expected,
                                int64_t at, const events::device_event& ev,
                                const std::string& actor) {
  using events::device_aggregate;
  storage::append_request req;
  req.tenant = tenant;
  req.stream = device_aggregate::stream_of(mac);
  req.expected_version = expected;
  req.timestamp_ns = at;
  req.events.push_back(device_aggregate::encode(ev, actor));
  return static_cast<bool>(store.append(req));
}

inline events::device_provisioned sample_provisioned(const std::string& mac) {
  return {mac, {"line-" + mac, "passerelle.test", "md5-" + mac, "sha-" + mac}};
}

/// Writes the sample log, positions 1 to 4:
/// 1. t1 default device/A provisioned by admin:tok-1
/// 2. t2 default device/B provisioned by admin:tok-2
/// 3. t3 default device/A deleted ("stolen") by admin:tok-1
/// 4. t4 acme    device/A provisioned by system
inline bool write_sample_log(storage::event_store& store,
                             const sample_times& t = {}) {
  return append_device_event(store, "default", sample_mac_a, 0, t.t1,
                             sample_provisioned(sample_mac_a), "admin:tok-1") &&
         append_device_event(store, "default", sample_mac_b, 0, t.t2,
                             sample_provisioned(sample_mac_b), "admin:tok-2") &&
         append_device_event(store, "default", sample_mac_a, 1, t.t3,
                             events::device_deleted{"stolen"}, "admin:tok-1") &&
         append_device_event(store, "acme", sample_mac_a, 0, t.t4,
                             sample_provisioned(sample_mac_a), "system");
}

} // namespace passerelle::test
