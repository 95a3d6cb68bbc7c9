#pragma once

#include "events/envelope.hpp"
#include "storage/event_store.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace passerelle::bench {

/// Tenant of every benchmark stream.
inline constexpr const char* bench_tenant = "default";

/// MAC of the n-th simulated device: a fixed OUI, then n in hex.
std::string device_mac(uint64_t n);

/// A `device_provisioned` event encoded as the device actor encodes it.
events::new_event provisioned_event(const std::string& mac);

/// One provisioned event appended to device n's stream.
storage::append_request device_append(uint64_t n, uint64_t expected_version,
                                      int64_t timestamp_ns);

/// Size of the stored envelope (body and both hashes) of `req`'s first event.
size_t envelope_size(const storage::append_request& req);

/// A fresh, empty directory `parent/name` (removed first if it exists).
std::filesystem::path fresh_dir(const std::filesystem::path& parent,
                                const std::string& name);

} // namespace passerelle::bench
