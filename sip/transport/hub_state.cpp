#include "sip/transport/hub_state.hpp"

#include "sip/transport/via_stamp.hpp"

#include <chrono>
#include <cstring>

namespace passerelle::sip::transport {

hub_state::hub_state(hub_config cfg, message_handler on_message,
                     close_handler on_closed)
    : config(std::move(cfg)),
      on_message(std::move(on_message)),
      on_closed(std::move(on_closed)),
      connections(config.limits.max_connections,
                  config.limits.max_connections_per_ip),
      rates(config.limits.messages_per_second, config.limits.message_burst,
            config.limits.max_tracked_sources) {
  // nop
}

void hub_state::deliver(inbound_message m) {
  if (!rates.allow(m.source_ip, std::chrono::steady_clock::now())) {
    counters.dropped(drop_reason::rate_limited);
    return;
  }
  counters.message_in(m.transport, m.bytes.size());
  stamp_top_via(m, config.stamp_via);
  if (on_message)
    on_message(std::move(m));
}

bool starts_message(char c) noexcept {
  // RFC 3261 25.1 token characters.
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return true;
  return c != '\0' && std::strchr("-.!%*_+`'~", c) != nullptr;
}

} // namespace passerelle::sip::transport
