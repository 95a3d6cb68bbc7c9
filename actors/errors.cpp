#include "actors/errors.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace passerelle {

caf::error make_error(ec code, std::string message) {
  return caf::error{static_cast<uint8_t>(code), ec_category,
                    caf::make_message(std::move(message))};
}

caf::error make_error(const failure& x) {
  return make_error(x.code, x.message);
}

failure to_failure(const caf::error& err) {
  if (err.category() == ec_category) {
    std::string message;
    if (err.context().match_elements<std::string>())
      message = err.context().get_as<std::string>(0);
    return {static_cast<ec>(err.code()), std::move(message)};
  }
  if (err == caf::sec::request_timeout)
    return {ec::timeout, "no answer in time"};
  return {ec::storage_failure, caf::to_string(err)};
}

void register_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(
      ec_category, [](uint8_t code, caf::atom_value, const caf::message& ctx) {
        std::string out = to_string(static_cast<ec>(code));
        if (ctx.match_elements<std::string>())
          out += " (" + ctx.get_as<std::string>(0) + ")";
        return out;
      });
}

} // namespace passerelle
