#include "events/device.hpp"

namespace passerelle::events {

namespace {

// Schema versions per event type; bump and keep a decoder for the old one
// when a payload changes shape.
constexpr uint16_t device_provisioned_schema = 1;
constexpr uint16_t device_deleted_schema = 1;
constexpr uint16_t registration_bound_schema = 1;
constexpr uint16_t registration_removed_schema = 1;
constexpr uint16_t device_onboarded_schema = 1;
constexpr uint16_t device_command_completed_schema = 1;
constexpr uint16_t device_snapshot_schema = 2;

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

std::string device_aggregate::stream_of(std::string_view mac) {
  return std::string{stream_prefix} + std::string{mac};
}

new_event device_aggregate::encode(const event& x, std::string actor) {
  auto make = [&](const char* type, uint16_t schema, const nlohmann::json& j) {
    return new_event{type, schema, std::move(actor),
                     nlohmann::json::to_cbor(j)};
  };
  if (auto* p = std::get_if<device_provisioned>(&x))
    return make("device_provisioned", device_provisioned_schema,
                {{"mac", p->mac},
                 {"credentials", credentials_json(p->credentials)},
                 {"credential_generation", p->credential_generation}});
  if (auto* k = std::get_if<device_command_completed>(&x))
    return make("device_command_completed", device_command_completed_schema,
                {{"result", to_json(k->result)}});
  if (auto* o = std::get_if<device_onboarded>(&x))
    return make("device_onboarded", device_onboarded_schema,
                {{"phone", to_json(o->phone)}});
  if (auto* d = std::get_if<device_deleted>(&x))
    return make("device_deleted", device_deleted_schema,
                {{"reason", d->reason}});
  if (auto* b = std::get_if<registration_bound>(&x))
    return make("registration_bound", registration_bound_schema,
                {{"binding", to_json(b->binding)}});
  auto& r = std::get<registration_removed>(x);
  return make("registration_removed", registration_removed_schema,
              {{"contact", r.contact}, {"reason", r.reason}});
}

std::optional<device_event> device_aggregate::decode(const envelope& x) try {
  auto j = parse_cbor(x.payload);
  if (!j)
    return std::nullopt;
  if (x.type == "device_provisioned" && x.schema == device_provisioned_schema)
    return device_provisioned{
        j->value("mac", ""),
        credentials_from(j->value("credentials", nlohmann::json{})),
        j->value("credential_generation", uint32_t{1})};
  if (x.type == "device_command_completed" &&
      x.schema == device_command_completed_schema)
    return device_command_completed{
        command_from_json(j->value("result", nlohmann::json::object()))};
  if (x.type == "device_onboarded" && x.schema == device_onboarded_schema)
    return device_onboarded{
        phone_from_json(j->value("phone", nlohmann::json::object()))};
  if (x.type == "device_deleted" && x.schema == device_deleted_schema)
    return device_deleted{j->value("reason", "")};
  if (x.type == "registration_bound" && x.schema == registration_bound_schema)
    return registration_bound{
        binding_from_json(j->value("binding", nlohmann::json::object()))};
  if (x.type == "registration_removed" &&
      x.schema == registration_removed_schema)
    return registration_removed{j->value("contact", ""),
                                j->value("reason", "")};
  return std::nullopt;
} catch (const nlohmann::json::exception&) {
  return std::nullopt; // a field of the wrong type
}

std::vector<uint8_t> device_aggregate::snapshot(const model& x) {
  nlohmann::json j{{"schema", device_snapshot_schema},
                   {"mac", x.mac},
                   {"lifecycle", static_cast<int>(x.lifecycle)},
                   {"credentials", credentials_json(x.credentials)},
                   {"bindings", nlohmann::json::array()},
                   {"credential_generation", x.credential_generation},
                   {"onboarded", x.onboarded},
                   {"phone", to_json(x.phone)},
                   {"last_command", to_json(x.last_command)}};
  for (auto& b : x.bindings)
    j["bindings"].push_back(to_json(b));
  return nlohmann::json::to_cbor(j);
}

std::optional<device_model>
device_aggregate::restore(const std::vector<uint8_t>& bytes) try {
  auto j = parse_cbor(bytes);
  // Schema 1 had no bindings; both read the same way.
  auto schema = j ? j->value("schema", 0) : 0;
  if (!j || schema < 1 || schema > device_snapshot_schema)
    return std::nullopt;
  auto lifecycle = j->value("lifecycle", 0);
  if (lifecycle < 0 || lifecycle > static_cast<int>(device_lifecycle::deleted))
    return std::nullopt;
  device_model m;
  m.mac = j->value("mac", "");
  m.lifecycle = static_cast<device_lifecycle>(lifecycle);
  m.credentials = credentials_from(j->value("credentials", nlohmann::json{}));
  m.credential_generation = j->value("credential_generation", uint32_t{0});
  m.onboarded = j->value("onboarded", false);
  m.phone = phone_from_json(j->value("phone", nlohmann::json::object()));
  m.last_command = command_from_json(j->value("last_command", nullptr));
  for (auto& b : j->value("bindings", nlohmann::json::array()))
    m.bindings.push_back(binding_from_json(b));
  return m;
} catch (const nlohmann::json::exception&) {
  return std::nullopt;
}

} // namespace passerelle::events
