#include "actors/registrar_restore.hpp"

#include "events/device.hpp"

#include <charconv>
#include <unordered_map>

namespace passerelle {

namespace {

using events::device_aggregate;

/// Reads the store in pages so that a large log never sits in memory.
constexpr size_t page_size = 4096;

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

result<size_t> restore_registrations(registrar_core& core,
                                     const storage::event_store& store,
                                     const std::string& tenant) {
  std::unordered_map<std::string, events::device_model> devices;
  for (uint64_t from = 1;;) {
    auto page = store.read_all(from, page_size);
    if (!page)
      return page.error();
    for (auto& x : *page) {
      if (x.tenant != tenant ||
          !x.stream.starts_with(device_aggregate::stream_prefix))
        continue;
      auto event = device_aggregate::decode(x);
      if (!event)
        return failure{ec::corrupt, "cannot decode " + x.type + " at " +
                                        x.stream + "#" + std::to_string(x.seq)};
      auto& model = devices[x.stream];
      model = device_aggregate::apply(std::move(model), *event);
    }
    if (page->size() < page_size)
      break;
    from = page->back().position + 1;
  }
  size_t restored = 0;
  for (auto& [stream, model] : devices) {
    if (model.lifecycle != events::device_lifecycle::provisioned ||
        model.bindings.empty())
      continue;
    auto& c = model.credentials;
    auto& entry = core.accounts[model.mac];
    entry.exists = true;
    entry.incarnation = ++core.incarnations;
    entry.ha1 = {c.ha1_md5, c.ha1_sha256};
    entry.bindings.clear();
    for (auto& b : model.bindings)
      entry.bindings.push_back(from_event(model.mac, b));
    ++restored;
  }
  return restored;
}

} // namespace passerelle
