#include "events/device.hpp"

#include <cctype>

namespace passerelle::events {

namespace {

// Schema versions per event type; bump and keep a decoder for the old one
// when a payload changes shape.
constexpr uint16_t device_provisioned_schema = 1;
constexpr uint16_t device_deleted_schema = 1;
constexpr uint16_t device_snapshot_schema = 1;

nlohmann::json credentials_json(const sip_credentials& x) {
  return {{"username", x.username},
          {"realm", x.realm},
          {"ha1_md5", x.ha1_md5},
          {"ha1_sha256", x.ha1_sha256}};
}

sip_credentials credentials_from(const nlohmann::json& j) {
  return {j.value("username", ""), j.value("realm", ""), j.value("ha1_md5", ""),
          j.value("ha1_sha256", "")};
}

std::optional<nlohmann::json> parse_cbor(const std::vector<uint8_t>& bytes) {
  auto j = nlohmann::json::from_cbor(bytes, true, false);
  if (j.is_discarded() || !j.is_object())
    return std::nullopt;
  return j;
}

} // namespace

std::optional<std::string> normalize_mac(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == '-' || c == '.')
      continue;
    if (!std::isxdigit(static_cast<unsigned char>(c)) || out.size() == 12)
      return std::nullopt;
    out.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (out.size() != 12)
    return std::nullopt;
  return out;
}

result<std::vector<device_event>> decide(const device_model& model,
                                         const device_command& cmd) {
  using out = std::vector<device_event>;
  if (auto* x = std::get_if<provision_device>(&cmd)) {
    if (!normalize_mac(x->mac) || *normalize_mac(x->mac) != x->mac)
      return failure{ec::invalid_argument, "MAC must be 12 lowercase hex"};
    if (model.lifecycle == device_lifecycle::provisioned)
      return failure{ec::already_exists, "device " + x->mac + " exists"};
    return out{device_provisioned{x->mac, x->credentials}};
  }
  auto& del = std::get<delete_device>(cmd);
  if (model.lifecycle != device_lifecycle::provisioned)
    return failure{ec::not_found, "no such device"};
  return out{device_deleted{del.reason}};
}

device_model apply(device_model model, const device_event& event) {
  if (auto* x = std::get_if<device_provisioned>(&event)) {
    model.mac = x->mac;
    model.lifecycle = device_lifecycle::provisioned;
    model.credentials = x->credentials;
  } else {
    model.lifecycle = device_lifecycle::deleted;
    model.credentials = {};
  }
  return model;
}

const char* to_string(device_lifecycle x) {
  switch (x) {
  case device_lifecycle::absent:
    return "absent";
  case device_lifecycle::provisioned:
    return "provisioned";
  case device_lifecycle::deleted:
    return "deleted";
  }
  return "unknown";
}

nlohmann::json to_json(const device_model& model) {
  return {{"mac", model.mac},
          {"lifecycle", to_string(model.lifecycle)},
          {"sip",
           {{"username", model.credentials.username},
            {"realm", model.credentials.realm}}}};
}

std::string device_aggregate::stream_of(std::string_view mac) {
  return std::string{stream_prefix} + std::string{mac};
}

new_event device_aggregate::encode(const event& x, std::string actor) {
  if (auto* p = std::get_if<device_provisioned>(&x)) {
    nlohmann::json j{{"mac", p->mac},
                     {"credentials", credentials_json(p->credentials)}};
    return {"device_provisioned", device_provisioned_schema, std::move(actor),
            nlohmann::json::to_cbor(j)};
  }
  auto& d = std::get<device_deleted>(x);
  nlohmann::json j{{"reason", d.reason}};
  return {"device_deleted", device_deleted_schema, std::move(actor),
          nlohmann::json::to_cbor(j)};
}

std::optional<device_event> device_aggregate::decode(const envelope& x) try {
  auto j = parse_cbor(x.payload);
  if (!j)
    return std::nullopt;
  if (x.type == "device_provisioned" && x.schema == device_provisioned_schema)
    return device_provisioned{
        j->value("mac", ""),
        credentials_from(j->value("credentials", nlohmann::json{}))};
  if (x.type == "device_deleted" && x.schema == device_deleted_schema)
    return device_deleted{j->value("reason", "")};
  return std::nullopt;
} catch (const nlohmann::json::exception&) {
  return std::nullopt; // a field of the wrong type
}

std::vector<uint8_t> device_aggregate::snapshot(const model& x) {
  nlohmann::json j{{"schema", device_snapshot_schema},
                   {"mac", x.mac},
                   {"lifecycle", static_cast<int>(x.lifecycle)},
                   {"credentials", credentials_json(x.credentials)}};
  return nlohmann::json::to_cbor(j);
}

std::optional<device_model>
device_aggregate::restore(const std::vector<uint8_t>& bytes) try {
  auto j = parse_cbor(bytes);
  if (!j || j->value("schema", 0) != device_snapshot_schema)
    return std::nullopt;
  auto lifecycle = j->value("lifecycle", 0);
  if (lifecycle < 0 || lifecycle > static_cast<int>(device_lifecycle::deleted))
    return std::nullopt;
  device_model m;
  m.mac = j->value("mac", "");
  m.lifecycle = static_cast<device_lifecycle>(lifecycle);
  m.credentials = credentials_from(j->value("credentials", nlohmann::json{}));
  return m;
} catch (const nlohmann::json::exception&) {
  return std::nullopt;
}

} // namespace passerelle::events
