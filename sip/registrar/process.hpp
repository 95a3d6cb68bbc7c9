#pragma once

#include "sip/registrar/binding.hpp"
#include "sip/registrar/register_request.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip::registrar {

/// Registrar limits (RFC 3261 10.3 step 7, 20.19, 21.4.17).
struct registrar_policy {
  std::uint32_t min_expires = 60;
  /// For contacts with neither an `expires` parameter nor an Expires.
  std::uint32_t default_expires = 3600;
  /// Longer requests are shortened to this.
  std::uint32_t max_expires = 7200;
  std::size_t max_contacts = 5;
  /// When a REGISTER would exceed `max_contacts`, drop the bindings it did
  /// not mention that expire first (a phone that changed address without
  /// unregistering) rather than refuse it with 403.
  bool replace_oldest = true;
};

/// How a REGISTER or a sweep changed one binding.
enum class change_kind {
  added,     ///< A new contact: an event.
  changed,   ///< Same contact or instance, new route: an event.
  refreshed, ///< Only volatile fields moved (expiry, CSeq...): no event.
  removed,   ///< Gone: an event.
};

/// Returns whether a change is recorded as an event (DESIGN.md: refreshes
/// that change nothing are volatile).
constexpr bool is_event(change_kind k) noexcept {
  return k != change_kind::refreshed;
}

/// Why a binding was removed.
enum class removal_cause {
  none,      ///< Not removed.
  requested, ///< Expires 0 or `Contact: *` (RFC 3261 10.2.2).
  replaced,  ///< Pushed out by `max_contacts`.
  expired,   ///< Its time ran out.
};

/// One binding's change.
struct binding_change {
  change_kind kind = change_kind::added;
  removal_cause cause = removal_cause::none;
  /// The binding now, or as it was when removed.
  registration_binding binding;
  /// For `changed` and `refreshed`: the binding before.
  std::optional<registration_binding> previous;
};

/// What to do with a REGISTER.
struct register_decision {
  /// 200, or 400, 403, 423, 500 (RFC 3261 10.3).
  int status = 200;
  std::string reason;
  /// For 423 (RFC 3261 10.3 step 7, 20.23).
  std::optional<std::uint32_t> min_expires;
  /// The bindings after the request; unchanged unless `status` is 200.
  binding_set bindings;
  /// What changed; empty unless `status` is 200.
  std::vector<binding_change> changes;

  bool accepted() const noexcept { return status == 200; }
};

/// Applies a REGISTER to the current bindings of its AOR (RFC 3261 10.3
/// steps 6 to 8), all or nothing. Bindings already expired at `now` are
/// removed first and reported as expired.
register_decision process_register(const binding_set& current,
                                   const register_request& request,
                                   time_point now,
                                   const registrar_policy& policy = {});

/// The outcome of `expire`.
struct expiry_sweep {
  binding_set kept;
  binding_set expired;
};

/// Splits bindings into those still alive at `now` and those expired.
expiry_sweep expire(const binding_set& bindings, time_point now);

/// Returns when the next binding expires, to arm a timer.
std::optional<time_point> next_expiry(const binding_set& bindings);

} // namespace passerelle::sip::registrar
