#pragma once

#include "actors/registrar_core.hpp"
#include "storage/event_store.hpp"

#include <string>

namespace passerelle {

/// The gauges /metrics adds for memory: RocksDB's memtables and table
/// readers, and what the registrar keeps per account.
std::string render_memory_metrics(const storage::event_store& store,
                                  registrar_core& registrar);

} // namespace passerelle
