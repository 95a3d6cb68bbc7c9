#pragma once

#include "events/ec.hpp"
#include "events/envelope.hpp"
#include "events/registration.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace passerelle::events {

/// Where a device is in its life (DESIGN.md, device actor). Onboarding is a
/// flag on a provisioned device (`device_model::onboarded`); later issues
/// add enrolled, signed in and signed out.
enum class device_lifecycle : uint8_t { absent, provisioned, deleted };

/// SIP digest credentials of a device line: HA1 values only, never the
/// plain password.
struct sip_credentials {
  std::string username;
  std::string realm;
  std::string ha1_md5;
  std::string ha1_sha256;
};

template <class Inspector>
auto inspect(Inspector& f, sip_credentials& x) {
  return f(x.username, x.realm, x.ha1_md5, x.ha1_sha256);
}

/// The state of one device: the fold of its stream.
/// What a phone told about itself when it fetched its configuration.
struct phone_profile {
  std::string vendor;
  std::string model;
  std::string firmware;
  std::string source_ip;
  std::string language;
  std::string tenant;
  bool firmware_unsupported = false;
};

template <class Inspector>
auto inspect(Inspector& f, phone_profile& x) {
  return f(x.vendor, x.model, x.firmware, x.source_ip, x.language, x.tenant,
           x.firmware_unsupported);
}

/// The last restart or resync an admin asked for, and what came of it.
struct command_outcome {
  /// `restart` or `resync`.
  std::string command;
  /// `accepted` (the phone answered 2xx), `rejected` (another final
  /// answer), `no_answer`, or `not_registered`.
  std::string outcome;
  /// The phone's final status code, 0 when none.
  int status = 0;
};

template <class Inspector>
auto inspect(Inspector& f, command_outcome& x) {
  return f(x.command, x.outcome, x.status);
}

struct device_model {
  std::string mac;
  device_lifecycle lifecycle = device_lifecycle::absent;
  sip_credentials credentials;
  /// Bumped each time the device gets new credentials (deleted, then
  /// provisioned again): the password is derived from it.
  uint32_t credential_generation = 0;
  /// Whether the phone fetched its own configuration (zero-touch).
  bool onboarded = false;
  phone_profile phone;
  command_outcome last_command;
  /// Current registrations, at most one per contact.
  std::vector<registration_binding> bindings;
};

// -- events (past tense) ------------------------------------------------------

/// An admin (or onboarding) created the device with its SIP credentials.
struct device_provisioned {
  std::string mac;
  sip_credentials credentials;
  uint32_t credential_generation = 1;
};

/// A restart or resync was sent to the phone, with its outcome.
struct device_command_completed {
  command_outcome result;
};

/// The phone fetched its first per-MAC configuration (or reported a new
/// model or firmware).
struct device_onboarded {
  phone_profile phone;
};

/// The device was removed; its credentials no longer register.
struct device_deleted {
  std::string reason;
};

using device_event = std::variant<device_provisioned, device_deleted,
                                  registration_bound, registration_removed,
                                  device_onboarded, device_command_completed>;

// -- commands -----------------------------------------------------------------

/// Create the device. Refused when it exists and is not deleted.
struct provision_device {
  std::string mac;
  sip_credentials credentials;
  uint32_t credential_generation = 1;
};

/// Record the outcome of a restart or resync.
struct record_command {
  command_outcome result;
};

/// Record a phone's own configuration request; provisions the device first
/// (with `credentials`) when it does not exist. Refused (conflict) when it
/// must provision and `credential_generation` is not the next one.
struct onboard_device {
  std::string mac;
  phone_profile phone;
  sip_credentials credentials;
  uint32_t credential_generation = 1;
};

/// Remove the device. Refused when it does not exist.
struct delete_device {
  std::string reason;
};

using device_command =
    std::variant<provision_device, delete_device, bind_registration,
                 remove_registration, expire_registrations, onboard_device,
                 record_command>;

// -- pure functions -----------------------------------------------------------

/// Normalises a MAC (any case, with or without `:`/`-`/`.` separators) to 12
/// lowercase hex digits, or nothing when it is not a MAC.
std::optional<std::string> normalize_mac(std::string_view text);

/// What makes a phone the same phone to `same_phone` (everything but where
/// it is and what follows from these).
inline constexpr std::array<std::string phone_profile::*, 5> phone_identity{
    &phone_profile::vendor, &phone_profile::model, &phone_profile::firmware,
    &phone_profile::language, &phone_profile::tenant};

/// Whether `asking` is the phone an onboarded device already records: the
/// same `phone_identity`. Onboarding it again records nothing.
bool same_phone(const phone_profile& known, const phone_profile& asking);

/// Decides which events a command produces against the current model.
result<std::vector<device_event>> decide(const device_model& model,
                                         const device_command& cmd);

/// Folds one event into the model.
device_model apply(device_model model, const device_event& event);

/// Name of the lifecycle state, as shown by the API and the audit tool.
const char* to_string(device_lifecycle x);

/// JSON view of the model (no secrets beyond HA1 presence).
nlohmann::json to_json(const device_model& model);

/// JSON form of a command outcome (null when none was sent).
nlohmann::json to_json(const command_outcome& c);

/// Reads what `to_json(command_outcome)` wrote.
command_outcome command_from_json(const nlohmann::json& j);

/// JSON form of a phone profile, as stored and shown.
nlohmann::json to_json(const phone_profile& p);

/// Reads what `to_json(phone_profile)` wrote.
phone_profile phone_from_json(const nlohmann::json& j);

/// JSON form of a binding, as stored in payloads and shown by the API.
nlohmann::json to_json(const registration_binding& b);

/// Reads what `to_json(registration_binding)` wrote; throws
/// nlohmann::json::exception on fields of the wrong type.
registration_binding binding_from_json(const nlohmann::json& j);

/// The aggregate's traits, used by the generic event-sourced actor, the
/// store's snapshots and passerelle-audit.
struct device_aggregate {
  using model = device_model;
  using event = device_event;
  using command = device_command;

  /// Stream names are `device/<mac>`.
  static constexpr std::string_view stream_prefix = "device/";

  static std::string stream_of(std::string_view mac);

  static result<std::vector<event>> decide(const model& m, const command& c) {
    return events::decide(m, c);
  }

  static model apply(model m, const event& e) {
    return events::apply(std::move(m), e);
  }

  static new_event encode(const event& x, std::string actor);

  /// Decodes a stored event; nothing for an unknown type or schema.
  static std::optional<event> decode(const envelope& x);

  static std::vector<uint8_t> snapshot(const model& x);

  static std::optional<model> restore(const std::vector<uint8_t>& bytes);
};

} // namespace passerelle::events
