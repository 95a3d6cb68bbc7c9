#pragma once

#include "events/ec.hpp"
#include "events/envelope.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace passerelle::events {

/// Rebuilds the aggregate that owns `stream` (chosen by its prefix, e.g.
/// `device/`) from its events, with the same apply code the gateway runs,
/// and returns its JSON view with the version reached.
result<nlohmann::json> rebuild(std::string_view stream,
                               const std::vector<envelope>& events);

/// Whether some aggregate owns streams named like this one.
bool known_stream(std::string_view stream);

} // namespace passerelle::events
