#pragma once

#include "events/ec.hpp"
#include "events/envelope.hpp"
#include "storage/store_metrics.hpp"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class WriteBatch;
} // namespace rocksdb

namespace passerelle::storage {

/// `sync` fsyncs the WAL once per batch; `nosync` leaves it to the OS.
enum class durability { sync, nosync };

struct store_options {
  durability mode = durability::sync;
  /// Written into every envelope (cluster mode).
  std::string node = "node-1";
  /// Open without writing, e.g. for passerelle-audit on a live data dir.
  bool read_only = false;
};

/// An append: events for one stream, expected to follow `expected_version`.
struct append_request {
  std::string tenant;
  std::string stream;
  /// How many events the caller saw in the stream; 0 for a new stream.
  uint64_t expected_version = 0;
  /// UTC nanoseconds stamped on every event of the request.
  int64_t timestamp_ns = 0;
  std::vector<events::new_event> events;
};

/// Where an append landed.
struct append_ack {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t last_position = 0;
};

/// The latest snapshot of a stream: the state after `version` events.
struct snapshot_record {
  uint64_t version = 0;
  std::vector<uint8_t> state;
};

template <class Inspector>
auto inspect(Inspector& f, append_request& x) {
  return f(x.tenant, x.stream, x.expected_version, x.timestamp_ns, x.events);
}

template <class Inspector>
auto inspect(Inspector& f, append_ack& x) {
  return f(x.first_seq, x.last_seq, x.last_position);
}

template <class Inspector>
auto inspect(Inspector& f, snapshot_record& x) {
  return f(x.version, x.state);
}

/// The RocksDB event store: column families `events` (by stream), `global`
/// (by position, with the global hash chain) and `snapshots`.
///
/// Writes are staged then committed as one WriteBatch (group commit); they
/// come from one thread. Reads are safe from any thread.
class event_store {
public:
  ~event_store();

  /// Opens (creating if needed) the store under `dir`.
  static result<std::unique_ptr<event_store>> open(const std::string& dir,
                                                   store_options opts);

  // -- writing ----------------------------------------------------------------

  /// Checks the expected version against stored and staged events, gives the
  /// events their sequence, position and hashes, and adds them to the
  /// pending batch. A mismatch is `ec::conflict`, never an overwrite.
  result<append_ack> stage(const append_request& req);

  /// Writes the pending batch. On failure every staged append is dropped and
  /// must be reported as failed to its caller.
  result<size_t> commit();

  /// `stage` then `commit`.
  result<append_ack> append(const append_request& req);

  /// Number of appends staged since the last commit.
  size_t staged() const;

  /// Whether the stream has any event, staged ones included: one point
  /// lookup at most (cheaper than finding its last event).
  result<bool> has_events(const std::string& tenant, const std::string& stream);

  /// Stores `snap` as the latest snapshot of a stream (written at once).
  result<uint64_t> save_snapshot(const std::string& tenant,
                                 const std::string& stream,
                                 const snapshot_record& snap);

  // -- reading ----------------------------------------------------------------

  /// Events of a stream with `seq >= from_seq`, at most `limit`.
  result<std::vector<events::envelope>> read(const std::string& tenant,
                                             const std::string& stream,
                                             uint64_t from_seq = 1,
                                             size_t limit = SIZE_MAX) const;

  /// `read` to the end of the stream, for an actor recovering it: where
  /// the stream ends is then known, and its next append needs no lookup.
  result<std::vector<events::envelope>> read_to_end(const std::string& tenant,
                                                    const std::string& stream,
                                                    uint64_t from_seq = 1);

  /// Events in global order with `position >= from_position`.
  result<std::vector<events::envelope>> read_all(uint64_t from_position = 1,
                                                 size_t limit = SIZE_MAX) const;

  result<std::optional<snapshot_record>>
  load_snapshot(const std::string& tenant, const std::string& stream) const;

  /// Position of the last committed event (0 when empty).
  uint64_t last_position() const;

  /// RocksDB's memory, in bytes: memtables (bounded by
  /// `store_options::memtable_budget`) and table readers (indexes and
  /// filters of open SST files).
  struct memory_usage {
    uint64_t memtables = 0;
    uint64_t table_readers = 0;
  };
  memory_usage memory() const;

  const store_options& options() const;

  store_metrics& metrics();

  /// For passerelle-audit and tests.
  rocksdb::DB& db();
  rocksdb::ColumnFamilyHandle* events_cf();
  rocksdb::ColumnFamilyHandle* global_cf();

private:
  struct stream_head {
    uint64_t seq = 0;
    events::hash256 hash{};
  };

  event_store() = default;

  /// The head staged or known for the stream, if any.
  const stream_head* cached_head(const std::string& key_prefix) const;
  result<stream_head> head_of(const std::string& key_prefix);
  /// Whether the stream under `key_prefix` has its first event on disk.
  result<bool> first_event_stored(const std::string& key_prefix);

  void drop_staged();

  store_options opts_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  /// Heads of streams as committed, and as staged in the pending batch.
  std::unordered_map<std::string, stream_head> heads_;
  std::unordered_map<std::string, stream_head> staged_heads_;
  uint64_t position_ = 0;
  events::hash256 chain_{};
  uint64_t staged_position_ = 0;
  events::hash256 staged_chain_{};
  size_t staged_appends_ = 0;
  size_t staged_events_ = 0;
  size_t staged_bytes_ = 0;
  store_metrics metrics_;
};

} // namespace passerelle::storage
