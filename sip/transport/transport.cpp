#include "sip/transport/transport.hpp"

namespace passerelle::sip::transport {

namespace {

class category final : public std::error_category {
public:
  const char* name() const noexcept override { return "sip_transport"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
    case errc::no_connection:
      return "no connection to the target";
    case errc::connection_closed:
      return "connection closed";
    case errc::queue_full:
      return "send queue full";
    case errc::bad_address:
      return "bad target address";
    case errc::stopped:
      return "transport stopped";
    }
    return "unknown transport error";
  }
};

} // namespace

std::string_view to_string(protocol p) noexcept {
  switch (p) {
  case protocol::udp:
    return "udp";
  case protocol::tcp:
    return "tcp";
  case protocol::tls:
    return "tls";
  }
  return "unknown";
}

const std::error_category& transport_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), transport_category()};
}

} // namespace passerelle::sip::transport
