#include "storage/keys.hpp"

#include <cstring>

namespace passerelle::storage {

namespace {

void append_be64(std::string& out, uint64_t x) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((x >> shift) & 0xff));
}

bool printable(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x21 || c == 0x7f)
      return false;
  return true;
}

} // namespace

std::string stream_prefix(std::string_view tenant, std::string_view stream) {
  std::string out;
  out.reserve(tenant.size() + stream.size() + 10);
  out.append(tenant).push_back('/');
  out.append(stream).push_back('/');
  return out;
}

std::string event_key(std::string_view tenant, std::string_view stream,
                      uint64_t seq) {
  auto out = stream_prefix(tenant, stream);
  append_be64(out, seq);
  return out;
}

std::string position_key(uint64_t position) {
  std::string out;
  append_be64(out, position);
  return out;
}

std::string snapshot_key(std::string_view tenant, std::string_view stream) {
  std::string out{tenant};
  out.push_back('/');
  out.append(stream);
  return out;
}

uint64_t read_be64(std::string_view bytes) {
  uint64_t x = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i)
    x = (x << 8) | static_cast<uint8_t>(bytes[i]);
  return x;
}

std::optional<event_key_parts> parse_event_key(std::string_view key) {
  // Shortest key: "t/s/" + 8 bytes.
  if (key.size() < 12 || key[key.size() - 9] != '/')
    return std::nullopt;
  auto head = key.substr(0, key.size() - 9);
  auto slash = head.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == head.size())
    return std::nullopt;
  return event_key_parts{head.substr(0, slash), head.substr(slash + 1),
                         read_be64(key.substr(key.size() - 8))};
}

std::string encode_global_entry(const global_entry& x) {
  std::string out;
  out.reserve(2 + x.event_key.size() + 64);
  out.push_back(static_cast<char>(x.event_key.size() >> 8));
  out.push_back(static_cast<char>(x.event_key.size() & 0xff));
  out.append(x.event_key);
  out.append(reinterpret_cast<const char*>(x.event_hash.data()), 32);
  out.append(reinterpret_cast<const char*>(x.chain_hash.data()), 32);
  return out;
}

std::optional<global_entry> decode_global_entry(std::string_view bytes) {
  if (bytes.size() < 2)
    return std::nullopt;
  size_t len =
      (static_cast<uint8_t>(bytes[0]) << 8) | static_cast<uint8_t>(bytes[1]);
  if (bytes.size() != 2 + len + 64)
    return std::nullopt;
  global_entry x;
  x.event_key.assign(bytes.substr(2, len));
  std::memcpy(x.event_hash.data(), bytes.data() + 2 + len, 32);
  std::memcpy(x.chain_hash.data(), bytes.data() + 2 + len + 32, 32);
  return x;
}

bool valid_tenant(std::string_view tenant) {
  return !tenant.empty() && tenant.size() <= 128 &&
         tenant.find('/') == std::string_view::npos && printable(tenant);
}

bool valid_stream(std::string_view stream) {
  return !stream.empty() && stream.size() <= 512 && printable(stream);
}

} // namespace passerelle::storage
