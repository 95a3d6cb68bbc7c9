#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/timers.hpp"

#include <array>
#include <chrono>

namespace passerelle::sip::txn {

/// The timers one transaction has armed, each with its live generation.
///
/// Timers cannot be cancelled once handed to a scheduler, so disarming only
/// forgets the generation; the callback then arrives stale and is ignored.
class timer_set {
public:
  /// Arms `id` for `delay`, superseding any earlier arming of `id`.
  arm_timer arm(timer_id id, std::chrono::milliseconds delay) noexcept;

  /// Disarms `id`.
  void disarm(timer_id id) noexcept;

  /// Disarms every timer.
  void disarm_all() noexcept;

  /// Consumes a callback; true if `gen` is the live arming of `id`.
  bool fire(timer_id id, generation gen) noexcept;

  /// Returns whether `id` is armed.
  bool armed(timer_id id) const noexcept;

private:
  /// Live generation per timer; zero means disarmed.
  std::array<generation, timer_count> live_{};
  /// Next generation to hand out; shared by all timers so none repeats.
  generation next_ = 1;
};

} // namespace passerelle::sip::txn
