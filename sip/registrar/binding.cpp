#include "sip/registrar/binding.hpp"

#include "sip/syntax/text.hpp"

namespace passerelle::sip::registrar {

std::string_view to_string(transport_protocol t) noexcept {
  switch (t) {
  case transport_protocol::udp:
    return "udp";
  case transport_protocol::tcp:
    return "tcp";
  case transport_protocol::tls:
    return "tls";
  }
  return "udp";
}

std::optional<transport_protocol> parse_transport(std::string_view text) {
  for (auto t : {transport_protocol::udp, transport_protocol::tcp,
                 transport_protocol::tls})
    if (iequals(text, to_string(t)))
      return t;
  return std::nullopt;
}

std::uint32_t seconds_left(const registration_binding& b, time_point now) {
  if (b.expires_at <= now)
    return 0;
  auto left = std::chrono::ceil<std::chrono::seconds>(b.expires_at - now);
  return static_cast<std::uint32_t>(left.count());
}

bool same_route(const registration_binding& a, const registration_binding& b) {
  return a.contact == b.contact && a.transport == b.transport &&
         a.source == b.source && a.q == b.q && a.instance_id == b.instance_id &&
         a.user_agent == b.user_agent;
}

} // namespace passerelle::sip::registrar
