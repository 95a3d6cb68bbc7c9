#pragma once

#include "sip/txn/effect.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace passerelle::sip::txn::test {

/// An effect and the time it was produced at.
struct timed_effect {
  std::chrono::milliseconds at;
  effect what;
  bool operator==(const timed_effect&) const = default;
};

/// A timer handed to the scheduler and not yet fired.
struct pending_timer {
  std::chrono::milliseconds due;
  std::uint64_t order;
  std::uint64_t owner;
  timer_id timer;
  generation gen;
};

/// Hand-driven stand-in for the I/O side's timers. Like delayed_send, an
/// armed timer is never cancelled: stale callbacks reach the machines.
class manual_scheduler {
public:
  /// Returns the current time.
  std::chrono::milliseconds now() const { return now_; }

  /// Records the arm_timer effects in `out` for `owner`; returns `out`.
  effects track(effects out, std::uint64_t owner = 0) {
    for (const auto& e : out)
      if (const auto* arm = std::get_if<arm_timer>(&e))
        pending_.push_back(
            {now_ + arm->delay, next_order_++, owner, arm->timer, arm->gen});
    return out;
  }

  /// Moves time forward to `until`, firing due timers in order through
  /// `fire` (pending_timer -> effects); returns every effect produced.
  template <class Fire>
  std::vector<timed_effect> advance_to(std::chrono::milliseconds until,
                                       Fire fire) {
    std::vector<timed_effect> log;
    for (;;) {
      auto next = std::min_element(pending_.begin(), pending_.end(), earlier);
      if (next == pending_.end() || next->due > until)
        break;
      auto due = *next;
      pending_.erase(next);
      now_ = due.due;
      for (auto& e : track(fire(due), due.owner))
        log.push_back({now_, std::move(e)});
    }
    now_ = until;
    return log;
  }

private:
  static bool earlier(const pending_timer& x, const pending_timer& y) {
    return x.due != y.due ? x.due < y.due : x.order < y.order;
  }

  std::chrono::milliseconds now_{0};
  std::uint64_t next_order_ = 0;
  std::vector<pending_timer> pending_;
};

/// Returns the times at which effects of type T appear in `log`.
template <class T>
std::vector<std::chrono::milliseconds>
times_of(const std::vector<timed_effect>& log) {
  std::vector<std::chrono::milliseconds> result;
  for (const auto& e : log)
    if (std::holds_alternative<T>(e.what))
      result.push_back(e.at);
  return result;
}

/// Returns `log` without its arm_timer effects.
inline std::vector<timed_effect> without_timers(std::vector<timed_effect> log) {
  std::erase_if(log, [](const timed_effect& e) {
    return std::holds_alternative<arm_timer>(e.what);
  });
  return log;
}

/// Returns the milliseconds `values` as a vector, for comparisons.
inline std::vector<std::chrono::milliseconds>
ms(std::initializer_list<std::int64_t> values) {
  std::vector<std::chrono::milliseconds> result;
  for (auto v : values)
    result.emplace_back(v);
  return result;
}

} // namespace passerelle::sip::txn::test

namespace Catch {

/// Prints effects in failure messages.
template <>
struct StringMaker<passerelle::sip::txn::effect> {
  static std::string convert(const passerelle::sip::txn::effect& e) {
    return passerelle::sip::txn::to_string(e);
  }
};

/// Prints timed effects in failure messages.
template <>
struct StringMaker<passerelle::sip::txn::test::timed_effect> {
  static std::string
  convert(const passerelle::sip::txn::test::timed_effect& e) {
    return std::to_string(e.at.count()) +
           "ms: " + passerelle::sip::txn::to_string(e.what);
  }
};

} // namespace Catch
