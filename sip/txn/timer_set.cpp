#include "sip/txn/timer_set.hpp"

namespace passerelle::sip::txn {

namespace {

std::size_t slot(timer_id id) noexcept {
  return static_cast<std::size_t>(id);
}

} // namespace

arm_timer timer_set::arm(timer_id id,
                         std::chrono::milliseconds delay) noexcept {
  auto gen = next_++;
  live_[slot(id)] = gen;
  return arm_timer{id, delay, gen};
}

void timer_set::disarm(timer_id id) noexcept {
  live_[slot(id)] = 0;
}

void timer_set::disarm_all() noexcept {
  live_.fill(0);
}

bool timer_set::fire(timer_id id, generation gen) noexcept {
  // Callbacks come from outside: reject ids that name no timer.
  auto i = slot(id);
  if (i >= timer_count || gen == 0 || live_[i] != gen)
    return false;
  live_[i] = 0;
  return true;
}

bool timer_set::armed(timer_id id) const noexcept {
  return live_[slot(id)] != 0;
}

} // namespace passerelle::sip::txn
