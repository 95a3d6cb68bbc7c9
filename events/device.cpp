#include "events/device.hpp"

#include <cctype>
#include <type_traits>

namespace passerelle::events {

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

bool same_phone(const phone_profile& known, const phone_profile& asking) {
  for (auto field : phone_identity)
    if (known.*field != asking.*field)
      return false;
  return true;
}

namespace {

using decision = result<std::vector<device_event>>;

decision decide_provision(const device_model& model,
                          const provision_device& x) {
  if (!normalize_mac(x.mac) || *normalize_mac(x.mac) != x.mac)
    return failure{ec::invalid_argument, "MAC must be 12 lowercase hex"};
  if (model.lifecycle == device_lifecycle::provisioned)
    return failure{ec::already_exists, "device " + x.mac + " exists"};
  return std::vector<device_event>{
      device_provisioned{x.mac, x.credentials, x.credential_generation}};
}

decision decide_onboard(const device_model& model, const onboard_device& x) {
  std::vector<device_event> out;
  if (model.lifecycle != device_lifecycle::provisioned) {
    // The password derives from the generation: credentials made for any
    // other than the next one could be a deleted device's old ones.
    if (x.credential_generation != model.credential_generation + 1)
      return failure{ec::conflict, "stale credential generation"};
    auto created = decide_provision(
        model, provision_device{x.mac, x.credentials, x.credential_generation});
    if (!created)
      return created;
    out = std::move(*created);
  } else if (model.onboarded && same_phone(model.phone, x.phone)) {
    return out; // a resync of the same phone: nothing new
  }
  out.push_back(device_onboarded{x.phone});
  return out;
}

const registration_binding* find_binding(const device_model& model,
                                         const std::string& contact) {
  for (auto& b : model.bindings)
    if (b.contact == contact)
      return &b;
  return nullptr;
}

decision decide_bind(const device_model& model, const bind_registration& x) {
  if (model.lifecycle != device_lifecycle::provisioned)
    return failure{ec::not_found, "no such device"};
  auto* old = find_binding(model, x.binding.contact);
  // RFC 3261 10.3: a refresh that only moves the expiry is volatile state.
  if (old && old->transport == x.binding.transport &&
      old->source == x.binding.source &&
      old->connection == x.binding.connection &&
      old->user_agent == x.binding.user_agent)
    return std::vector<device_event>{};
  return std::vector<device_event>{registration_bound{x.binding}};
}

decision decide_remove(const device_model& model,
                       const remove_registration& x) {
  if (!find_binding(model, x.contact))
    return std::vector<device_event>{};
  return std::vector<device_event>{registration_removed{x.contact, x.reason}};
}

decision decide_expire(const device_model& model,
                       const expire_registrations& x) {
  std::vector<device_event> out;
  for (auto& b : model.bindings)
    if (b.expires_at_ns <= x.now_ns)
      out.push_back(registration_removed{b.contact, "expired"});
  return out;
}

} // namespace

result<std::vector<device_event>> decide(const device_model& model,
                                         const device_command& cmd) {
  return std::visit(
      [&](const auto& x) -> decision {
        using type = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<type, provision_device>)
          return decide_provision(model, x);
        else if constexpr (std::is_same_v<type, delete_device>) {
          if (model.lifecycle != device_lifecycle::provisioned)
            return failure{ec::not_found, "no such device"};
          return std::vector<device_event>{device_deleted{x.reason}};
        } else if constexpr (std::is_same_v<type, bind_registration>)
          return decide_bind(model, x);
        else if constexpr (std::is_same_v<type, remove_registration>)
          return decide_remove(model, x);
        else if constexpr (std::is_same_v<type, onboard_device>)
          return decide_onboard(model, x);
        else if constexpr (std::is_same_v<type, record_command>) {
          if (model.lifecycle != device_lifecycle::provisioned)
            return failure{ec::not_found, "no such device"};
          return std::vector<device_event>{device_command_completed{x.result}};
        } else
          return decide_expire(model, x);
      },
      cmd);
}

device_model apply(device_model model, const device_event& event) {
  std::visit(
      [&](const auto& x) {
        using type = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<type, device_provisioned>) {
          model.mac = x.mac;
          model.lifecycle = device_lifecycle::provisioned;
          model.credentials = x.credentials;
          model.credential_generation = x.credential_generation;
        } else if constexpr (std::is_same_v<type, device_deleted>) {
          model.lifecycle = device_lifecycle::deleted;
          model.credentials = {};
          model.bindings.clear();
          model.onboarded = false;
          model.phone = {};
        } else if constexpr (std::is_same_v<type, registration_bound>) {
          std::erase_if(model.bindings, [&](const auto& b) {
            return b.contact == x.binding.contact;
          });
          model.bindings.push_back(x.binding);
        } else if constexpr (std::is_same_v<type, device_onboarded>) {
          model.onboarded = true;
          model.phone = x.phone;
        } else if constexpr (std::is_same_v<type, device_command_completed>) {
          model.last_command = x.result;
        } else {
          std::erase_if(model.bindings,
                        [&](const auto& b) { return b.contact == x.contact; });
        }
      },
      event);
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
  auto registrations = nlohmann::json::array();
  for (auto& b : model.bindings)
    registrations.push_back(to_json(b));
  return {{"mac", model.mac},
          {"lifecycle", to_string(model.lifecycle)},
          {"sip",
           {{"username", model.credentials.username},
            {"realm", model.credentials.realm}}},
          {"registrations", registrations},
          {"credential_generation", model.credential_generation},
          {"onboarded", model.onboarded},
          {"phone", to_json(model.phone)},
          {"last_command", to_json(model.last_command)}};
}

nlohmann::json to_json(const command_outcome& c) {
  if (c.command.empty())
    return nullptr;
  return {{"command", c.command}, {"outcome", c.outcome}, {"status", c.status}};
}

command_outcome command_from_json(const nlohmann::json& j) {
  if (!j.is_object())
    return {};
  return {j.value("command", ""), j.value("outcome", ""), j.value("status", 0)};
}

nlohmann::json to_json(const phone_profile& p) {
  return {{"vendor", p.vendor},
          {"model", p.model},
          {"firmware", p.firmware},
          {"source_ip", p.source_ip},
          {"language", p.language},
          {"tenant", p.tenant},
          {"firmware_unsupported", p.firmware_unsupported}};
}

phone_profile phone_from_json(const nlohmann::json& j) {
  return {j.value("vendor", ""),
          j.value("model", ""),
          j.value("firmware", ""),
          j.value("source_ip", ""),
          j.value("language", ""),
          j.value("tenant", ""),
          j.value("firmware_unsupported", false)};
}

nlohmann::json to_json(const registration_binding& b) {
  return {{"contact", b.contact},
          {"transport", b.transport},
          {"source", b.source},
          {"connection", b.connection},
          {"expires_at_ns", b.expires_at_ns},
          {"user_agent", b.user_agent},
          {"call_id", b.call_id}};
}

registration_binding binding_from_json(const nlohmann::json& j) {
  registration_binding b;
  b.contact = j.value("contact", "");
  b.transport = j.value("transport", "");
  b.source = j.value("source", "");
  b.connection = j.value("connection", uint64_t{0});
  b.expires_at_ns = j.value("expires_at_ns", int64_t{0});
  b.user_agent = j.value("user_agent", "");
  b.call_id = j.value("call_id", "");
  return b;
}

} // namespace passerelle::events
