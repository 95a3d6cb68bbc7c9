#include "http/onboarding_cache.hpp"

namespace passerelle::http {

onboarding_cache::onboarding_cache(size_t capacity) : capacity_(capacity) {
  // nop
}

uint64_t onboarding_cache::ticket() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return epoch_;
}

std::optional<std::string>
onboarding_cache::password_for(const std::string& mac,
                               const events::phone_profile& asking) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = entries_.find(mac);
  if (i == entries_.end() || !events::same_phone(i->second.phone, asking))
    return std::nullopt;
  return i->second.password;
}

void onboarding_cache::remember(const std::string& mac, const device_view& view,
                                std::string password, uint64_t ticket) {
  auto& model = view.model;
  if (model.lifecycle != events::device_lifecycle::provisioned ||
      !model.onboarded)
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  if (ticket != epoch_)
    return; // asked before a change: the answer may predate it
  auto i = entries_.find(mac);
  if (i != entries_.end()) {
    // Answers to concurrent fetches may come back in any order.
    if (i->second.version <= view.version)
      i->second = {view.version, model.phone, std::move(password)};
    return;
  }
  if (entries_.size() >= capacity_)
    entries_.clear();
  entries_.emplace(mac, entry{view.version, model.phone, std::move(password)});
}

void onboarding_cache::device_changed() {
  std::lock_guard<std::mutex> guard{mtx_};
  ++epoch_;
  entries_.clear();
}

size_t onboarding_cache::size() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return entries_.size();
}

} // namespace passerelle::http
