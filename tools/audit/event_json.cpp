#include "tools/audit/event_json.hpp"

#include "events/codec.hpp"

namespace passerelle::audit {

namespace {

std::string hex_of(const std::vector<uint8_t>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0x0f];
  }
  return out;
}

} // namespace

nlohmann::ordered_json to_json(const events::envelope& x) {
  nlohmann::ordered_json j;
  j["tenant"] = x.tenant;
  j["stream"] = x.stream;
  j["seq"] = x.seq;
  j["position"] = x.position;
  j["time"] = events::format_utc(x.timestamp_ns);
  j["node"] = x.node;
  j["type"] = x.type;
  j["schema"] = x.schema;
  j["actor"] = x.actor;
  // Strict: the whole payload must be one CBOR item, or it is shown raw.
  // nlohmann throws on some hostile sizes even with exceptions off.
  nlohmann::ordered_json payload = nlohmann::ordered_json::value_t::discarded;
  try {
    payload = nlohmann::ordered_json::from_cbor(x.payload, true, false);
  } catch (const nlohmann::ordered_json::exception&) {
    // shown raw below
  }
  if (payload.is_discarded())
    j["payload_hex"] = hex_of(x.payload);
  else
    j["payload"] = std::move(payload);
  j["prev_hash"] = events::to_hex(x.prev_hash);
  j["hash"] = events::to_hex(x.hash);
  return j;
}

std::string to_json_line(const events::envelope& x) {
  return to_json(x).dump(-1, ' ', false,
                         nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace passerelle::audit
