#pragma once

#include "events/aggregate.hpp"
#include "events/device.hpp"
#include "events/ec.hpp"
#include "storage/event_store.hpp"

#include <string>
#include <unordered_map>

namespace passerelle {

/// Every device stream of a tenant, folded, keyed by stream name.
using folded_devices =
    std::unordered_map<std::string,
                       events::versioned<events::device_aggregate>>;

/// Reads the whole log once at start (in pages, so a large log never sits
/// in memory) and folds every device stream of `tenant`: what the
/// registrar restores its accounts from, and what warms the HTTP side's
/// onboarding cache. An event that does not decode is `ec::corrupt`.
result<folded_devices> fold_devices(const storage::event_store& store,
                                    const std::string& tenant);

} // namespace passerelle
