#pragma once

#include "events/ec.hpp"
#include "storage/event_store.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace passerelle::audit {

/// Data dir used when `--data-dir` is not given, as for the gateway.
inline constexpr std::string_view default_data_dir = "./var";

/// Where the event store of a data dir lives: `DIR/store` as the gateway
/// lays it out, or DIR itself when it holds a RocksDB `CURRENT` file (a
/// store dir given directly, e.g. a copied one).
result<std::string> find_store_dir(const std::string& data_dir);

/// Opens the store of a data dir read-only. Read-only takes no RocksDB lock,
/// so this works while the gateway runs; it sees the log as of the open.
result<std::unique_ptr<storage::event_store>>
open_read_only(const std::string& data_dir);

} // namespace passerelle::audit
