#pragma once

#include "actors/errors.hpp"

#include <caf/actor_system_config.hpp>

namespace passerelle::test {

/// An actor system for tests: quiet, with the project's error category.
/// `testing` picks CAF's deterministic scheduler (nothing runs until the
/// test drives it).
struct caf_test_config : caf::actor_system_config {
  explicit caf_test_config(bool testing = false) {
    if (testing)
      set("scheduler.policy", caf::atom("testing"));
    set("logger.verbosity", caf::atom("quiet"));
    register_error_category(*this);
  }
};

} // namespace passerelle::test
