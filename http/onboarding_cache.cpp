#include "http/onboarding_cache.hpp"

#include <algorithm>
#include <charconv>

namespace passerelle::http {

namespace {

/// A normalized MAC (12 hex digits) as a number; nullopt for anything else.
std::optional<uint64_t> key_of(const std::string& mac) {
  uint64_t out = 0;
  if (mac.size() != 12)
    return std::nullopt;
  auto [end, ec] =
      std::from_chars(mac.data(), mac.data() + mac.size(), out, 16);
  if (ec != std::errc{} || end != mac.data() + mac.size())
    return std::nullopt;
  return out;
}

} // namespace

onboarding_cache::onboarding_cache(size_t capacity) : capacity_(capacity) {
  // nop
}

// Each field with its length first (two bytes): no field's content can
// pass for a boundary.

std::string onboarding_cache::profile_of(const events::phone_profile& phone) {
  std::string out;
  for (auto member : events::phone_identity) {
    auto* field = &(phone.*member);
    auto size = std::min<size_t>(field->size(), 0xffff);
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xff));
    out.append(*field, 0, size);
  }
  return out;
}

bool onboarding_cache::same_profile(std::string_view text,
                                    const events::phone_profile& phone) {
  for (auto member : events::phone_identity) {
    auto* field = &(phone.*member);
    if (text.size() < 2 || field->size() > 0xffff)
      return false;
    auto size = static_cast<size_t>(static_cast<unsigned char>(text[0])) << 8 |
                static_cast<unsigned char>(text[1]);
    text.remove_prefix(2);
    if (size != field->size() || !text.starts_with(*field))
      return false;
    text.remove_prefix(size);
  }
  return text.empty();
}

uint32_t onboarding_cache::profile_id(const events::phone_profile& phone) {
  auto [i, added] = profiles_.try_emplace(
      profile_of(phone), static_cast<uint32_t>(profiles_.size()));
  if (added)
    texts_.push_back(&i->first);
  return i->second;
}

uint64_t onboarding_cache::ticket() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return epoch_;
}

std::optional<std::string>
onboarding_cache::password_for(const std::string& mac,
                               const events::phone_profile& asking) {
  auto key = key_of(mac);
  if (!key)
    return std::nullopt;
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = entries_.find(*key);
  if (i == entries_.end() || !same_profile(*texts_[i->second.profile], asking))
    return std::nullopt;
  return std::string(i->second.password.data(), i->second.password_size);
}

void onboarding_cache::remember(const std::string& mac, const device_view& view,
                                std::string password, uint64_t ticket) {
  auto& model = view.model;
  auto key = key_of(mac);
  if (model.lifecycle != events::device_lifecycle::provisioned ||
      !model.onboarded || !key || password.size() > entry{}.password.size())
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  if (ticket != epoch_)
    return; // asked before a change: the answer may predate it
  auto i = entries_.find(*key);
  if (i != entries_.end() && i->second.version > view.version)
    return; // answers to concurrent fetches may come back in any order
  // Profiles are counted too: one phone may change firmware many times.
  if ((i == entries_.end() && entries_.size() >= capacity_) ||
      profiles_.size() >= capacity_) {
    entries_.clear();
    profiles_.clear();
    texts_.clear();
  }
  entry e;
  e.version = view.version;
  e.profile = profile_id(model.phone);
  e.password_size = static_cast<uint8_t>(password.size());
  std::copy(password.begin(), password.end(), e.password.begin());
  entries_.insert_or_assign(*key, e);
}

void onboarding_cache::device_changed() {
  std::lock_guard<std::mutex> guard{mtx_};
  ++epoch_;
  entries_.clear();
  profiles_.clear();
  texts_.clear();
}

size_t onboarding_cache::size() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return entries_.size();
}

} // namespace passerelle::http
