#pragma once

#include "sip/registrar/binding.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace passerelle::sip::registrar {

/// When each AOR's earliest binding expires, so that a sweep visits the
/// AORs that are due rather than all of them (a walk over every account
/// under the registrar's lock holds every SIP message back meanwhile).
///
/// Lazy: a refresh that moves an expiry later leaves the earlier entry in
/// place; when that entry comes due, the owner finds the AOR not expired
/// and notes it again. So the queue holds about one entry per AOR with
/// bindings, not one per refresh. An entry superseded by an earlier one,
/// or left by an AOR that was dropped, is stale: its time is not the
/// AOR's mark, and the owner skips it.
class expiry_schedule {
public:
  /// The AOR's own record of when it is queued (none: not queued).
  using mark = std::optional<time_point>;

  /// Records that `aor`'s earliest expiry is now `next` (none: it has no
  /// bindings); queues it unless an entry at or before `next` exists.
  void note(const std::string& aor, const std::optional<time_point>& next,
            mark& queued);

  /// Removes the entries due at `now`, earliest first, and calls
  /// `due(aor, at)` for each. `due` may call `note` with times after `now`.
  template <class F>
  void take_due(time_point now, F due) {
    while (!heap_.empty() && heap_.front().at <= now) {
      auto e = pop();
      due(e.aor, e.at);
    }
  }

  /// Returns how many entries are queued, stale ones included.
  size_t size() const noexcept { return heap_.size(); }

private:
  struct entry {
    time_point at;
    std::string aor;
  };

  /// The heap order: std::push_heap keeps the greatest on top, and the
  /// greatest here is the earliest.
  static bool later(const entry& a, const entry& b) noexcept;

  entry pop();

  /// A min-heap on `at`.
  std::vector<entry> heap_;
};

} // namespace passerelle::sip::registrar
