#pragma once

#include "events/ec.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace passerelle::http {

/// The HTTP status for a project error code.
int status_of(ec code);

/// `{"error": {"code": ..., "message": ...}}` (DESIGN.md, admin REST).
inline std::string error_body(std::string_view code, std::string_view message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}}}}
      .dump();
}

} // namespace passerelle::http
