#include "sip/transport/peer_address.hpp"

namespace passerelle::sip::transport {

std::string address_text(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6())
        .to_string();
  return a.to_string();
}

} // namespace passerelle::sip::transport
