#include "events/cbor_writer.hpp"
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

// Event payloads, written straight to CBOR: the bytes `to_cbor` gives for
// the JSON objects above and in device.cpp, keys in their sorted order
// (device_test checks both agree).

void put(cbor_writer& w, const sip_credentials& x) {
  w.map(4);
  w.key("ha1_md5");
  w.text(x.ha1_md5);
  w.key("ha1_sha256");
  w.text(x.ha1_sha256);
  w.key("realm");
  w.text(x.realm);
  w.key("username");
  w.text(x.username);
}

void put(cbor_writer& w, const phone_profile& x) {
  w.map(7);
  w.key("firmware");
  w.text(x.firmware);
  w.key("firmware_unsupported");
  w.boolean(x.firmware_unsupported);
  w.key("language");
  w.text(x.language);
  w.key("model");
  w.text(x.model);
  w.key("source_ip");
  w.text(x.source_ip);
  w.key("tenant");
  w.text(x.tenant);
  w.key("vendor");
  w.text(x.vendor);
}

void put(cbor_writer& w, const command_outcome& x) {
  if (x.command.empty())
    return w.null();
  w.map(3);
  w.key("command");
  w.text(x.command);
  w.key("outcome");
  w.text(x.outcome);
  w.key("status");
  w.integer(x.status);
}

void put(cbor_writer& w, const registration_binding& x) {
  w.map(7);
  w.key("call_id");
  w.text(x.call_id);
  w.key("connection");
  w.unsigned_integer(x.connection);
  w.key("contact");
  w.text(x.contact);
  w.key("expires_at_ns");
  w.integer(x.expires_at_ns);
  w.key("source");
  w.text(x.source);
  w.key("transport");
  w.text(x.transport);
  w.key("user_agent");
  w.text(x.user_agent);
}

std::vector<uint8_t> payload_of(const device_event& x) {
  cbor_writer w;
  if (auto* p = std::get_if<device_provisioned>(&x)) {
    w.map(3);
    w.key("credential_generation");
    w.unsigned_integer(p->credential_generation);
    w.key("credentials");
    put(w, p->credentials);
    w.key("mac");
    w.text(p->mac);
  } else if (auto* k = std::get_if<device_command_completed>(&x)) {
    w.map(1);
    w.key("result");
    put(w, k->result);
  } else if (auto* o = std::get_if<device_onboarded>(&x)) {
    w.map(1);
    w.key("phone");
    put(w, o->phone);
  } else if (auto* d = std::get_if<device_deleted>(&x)) {
    w.map(1);
    w.key("reason");
    w.text(d->reason);
  } else if (auto* b = std::get_if<registration_bound>(&x)) {
    w.map(1);
    w.key("binding");
    put(w, b->binding);
  } else {
    auto& r = std::get<registration_removed>(x);
    w.map(2);
    w.key("contact");
    w.text(r.contact);
    w.key("reason");
    w.text(r.reason);
  }
  return w.take();
}

struct event_kind {
  const char* type;
  uint16_t schema;
};

event_kind kind_of(const device_event& x) {
  if (std::holds_alternative<device_provisioned>(x))
    return {"device_provisioned", device_provisioned_schema};
  if (std::holds_alternative<device_command_completed>(x))
    return {"device_command_completed", device_command_completed_schema};
  if (std::holds_alternative<device_onboarded>(x))
    return {"device_onboarded", device_onboarded_schema};
  if (std::holds_alternative<device_deleted>(x))
    return {"device_deleted", device_deleted_schema};
  if (std::holds_alternative<registration_bound>(x))
    return {"registration_bound", registration_bound_schema};
  return {"registration_removed", registration_removed_schema};
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
  auto kind = kind_of(x);
  return new_event{kind.type, kind.schema, std::move(actor), payload_of(x)};
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
