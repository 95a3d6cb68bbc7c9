#pragma once

#include "events/ec.hpp"

#include <caf/error.hpp>
#include <caf/fwd.hpp>

#include <string>

namespace passerelle {

/// The CAF error category of `ec`.
inline constexpr caf::atom_value ec_category = caf::atom("passerelle");

/// Wraps a project error for an actor boundary, with a human message.
caf::error make_error(ec code, std::string message);

/// `make_error` for a pure function's failure.
caf::error make_error(const failure& x);

/// Unwraps an error that crossed an actor boundary. CAF's own timeouts map
/// to `ec::timeout`; anything else unknown to `ec::storage_failure`.
failure to_failure(const caf::error& err);

/// Registers the category so CAF renders `ec` values by name.
void register_error_category(caf::actor_system_config& cfg);

} // namespace passerelle
