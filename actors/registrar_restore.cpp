#include "actors/registrar_restore.hpp"

#include "events/device.hpp"

#include <charconv>
#include <utility>

namespace passerelle {

namespace {

sip::registrar::source_address parse_source(const std::string& text) {
  sip::registrar::source_address out;
  auto colon = text.rfind(':');
  if (colon == std::string::npos)
    return {text, 0};
  out.ip = text.substr(0, colon);
  if (out.ip.starts_with('[') && out.ip.ends_with(']'))
    out.ip = out.ip.substr(1, out.ip.size() - 2);
  auto* first = text.data() + colon + 1;
  std::from_chars(first, text.data() + text.size(), out.port);
  return out;
}

} // namespace

sip::registrar::registration_binding
from_event(const std::string& aor, const events::registration_binding& b) {
  sip::registrar::registration_binding out;
  out.aor = aor;
  out.contact = b.contact;
  out.transport = sip::registrar::parse_transport(b.transport)
                      .value_or(sip::registrar::transport_protocol::udp);
  out.source = parse_source(b.source);
  out.connection_id = 0; // the connection died with the old process
  out.expires_at = sip::registrar::time_point{
      std::chrono::duration_cast<sip::registrar::time_point::duration>(
          std::chrono::nanoseconds{b.expires_at_ns})};
  out.call_id = b.call_id;
  out.user_agent = b.user_agent;
  return out;
}

size_t restore_registrations(registrar_core& core,
                             const folded_devices& devices) {
  size_t restored = 0;
  for (auto& [stream, device] : devices) {
    auto& model = device.model;
    if (model.lifecycle != events::device_lifecycle::provisioned)
      continue;
    learn(core, model);
    restored += model.bindings.empty() ? 0 : 1;
  }
  return restored;
}

account_entry account_of(const events::device_model& model) {
  account_entry out;
  out.exists = model.lifecycle == events::device_lifecycle::provisioned;
  out.ha1 = {model.credentials.ha1_md5, model.credentials.ha1_sha256};
  for (auto& b : model.bindings)
    out.bindings.push_back(from_event(model.mac, b));
  return out;
}

void learn(registrar_core& core, const events::device_model& model) {
  if (model.lifecycle != events::device_lifecycle::provisioned) {
    forget(core, model.mac); // also voids a lookup still in flight
    return;
  }
  stored_ha1 ha1{model.credentials.ha1_md5, model.credentials.ha1_sha256};
  auto& entry = core.accounts[model.mac];
  if (entry.exists && entry.ha1 == ha1)
    return; // known: its bindings in memory are the live ones
  // Started over: the old bindings leave the count, and the new entry's
  // mark is empty, so what `expiries` held for it goes stale.
  set_bindings(core, model.mac, entry, {});
  auto fresh = account_of(model);
  auto bindings = std::exchange(fresh.bindings, {});
  entry = std::move(fresh);
  entry.incarnation = ++core.incarnations;
  set_bindings(core, model.mac, entry, std::move(bindings));
}

} // namespace passerelle
