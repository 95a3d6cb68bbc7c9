#include "events/ec.hpp"

namespace passerelle {

const char* to_string(ec x) {
  switch (x) {
  case ec::none:
    return "none";
  case ec::conflict:
    return "conflict";
  case ec::not_found:
    return "not_found";
  case ec::already_exists:
    return "already_exists";
  case ec::invalid_argument:
    return "invalid_argument";
  case ec::storage_failure:
    return "storage_failure";
  case ec::corrupt:
    return "corrupt";
  case ec::timeout:
    return "timeout";
  case ec::unauthorized:
    return "unauthorized";
  }
  return "unknown";
}

} // namespace passerelle
