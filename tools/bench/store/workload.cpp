#include "tools/bench/store/workload.hpp"

#include "events/codec.hpp"
#include "events/device.hpp"

#include <cstdio>

namespace passerelle::bench {

namespace {

/// `n` hex digits derived from `seed`, standing in for a digest.
std::string hex_digits(uint64_t seed, size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(n, '0');
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    out[i] = digits[(seed >> 60) & 0xf];
  }
  return out;
}

} // namespace

std::string device_mac(uint64_t n) {
  char buf[13];
  std::snprintf(buf, sizeof(buf), "001565%06llx",
                static_cast<unsigned long long>(n & 0xffffff));
  return buf;
}

events::new_event provisioned_event(const std::string& mac) {
  events::sip_credentials creds{mac, "passerelle.example.com",
                                hex_digits(std::hash<std::string>{}(mac), 32),
                                hex_digits(~std::hash<std::string>{}(mac), 64)};
  events::device_provisioned x{mac, std::move(creds)};
  return events::device_aggregate::encode(x, "admin:bench");
}

storage::append_request device_append(uint64_t n, uint64_t expected_version,
                                      int64_t timestamp_ns) {
  auto mac = device_mac(n);
  storage::append_request req;
  req.tenant = bench_tenant;
  req.stream = events::device_aggregate::stream_of(mac);
  req.expected_version = expected_version;
  req.timestamp_ns = timestamp_ns;
  req.events.push_back(provisioned_event(mac));
  return req;
}

size_t envelope_size(const storage::append_request& req) {
  events::envelope x;
  x.tenant = req.tenant;
  x.stream = req.stream;
  x.seq = req.expected_version + 1;
  x.position = 1;
  x.timestamp_ns = req.timestamp_ns;
  x.node = "node-1";
  x.type = req.events.front().type;
  x.schema = req.events.front().schema;
  x.actor = req.events.front().actor;
  x.payload = req.events.front().payload;
  return events::encode(x).size();
}

std::filesystem::path fresh_dir(const std::filesystem::path& parent,
                                const std::string& name) {
  auto dir = parent / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace passerelle::bench
