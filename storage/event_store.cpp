#include "storage/event_store.hpp"

#include "events/codec.hpp"
#include "storage/keys.hpp"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <chrono>

namespace passerelle::storage {

namespace {

enum cf_index : size_t { cf_default, cf_events, cf_global, cf_snapshots };

// The heads cache is only a cache: past this size it is dropped and refilled
// from RocksDB on demand.
constexpr size_t max_cached_heads = 1 << 20;

failure storage_error(const rocksdb::Status& st, const char* what) {
  return failure{ec::storage_failure, std::string{what} + ": " + st.ToString()};
}

rocksdb::Options make_options(const store_options& opts) {
  rocksdb::Options o;
  o.create_if_missing = !opts.read_only;
  o.create_missing_column_families = !opts.read_only;
  o.IncreaseParallelism(2);
  o.write_buffer_size = 64 << 20;
  o.max_write_buffer_number = 4;
  o.enable_pipelined_write = true;
  // Bloom filters: most point lookups (is this stream new?) miss.
  rocksdb::BlockBasedTableOptions table;
  table.block_size = 16 << 10;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

} // namespace

event_store::~event_store() {
  for (auto* cf : cfs_)
    if (db_)
      db_->DestroyColumnFamilyHandle(cf);
}

result<std::unique_ptr<event_store>> event_store::open(const std::string& dir,
                                                       store_options opts) {
  std::unique_ptr<event_store> self{new event_store};
  self->opts_ = opts;
  auto options = make_options(opts);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (auto name : {rocksdb::kDefaultColumnFamilyName, std::string{"events"},
                    std::string{"global"}, std::string{"snapshots"}})
    descs.emplace_back(name, rocksdb::ColumnFamilyOptions{options});
  rocksdb::DB* db = nullptr;
  auto st =
      opts.read_only
          ? rocksdb::DB::OpenForReadOnly(options, dir, descs, &self->cfs_, &db)
          : rocksdb::DB::Open(options, dir, descs, &self->cfs_, &db);
  if (!st.ok())
    return storage_error(st, "cannot open event store");
  self->db_.reset(db);
  self->batch_ = std::make_unique<rocksdb::WriteBatch>();
  // Resume the global chain where the last committed event left it.
  std::unique_ptr<rocksdb::Iterator> it{
      db->NewIterator(rocksdb::ReadOptions{}, self->cfs_[cf_global])};
  it->SeekToLast();
  if (it->Valid()) {
    auto entry = decode_global_entry(it->value().ToStringView());
    if (!entry)
      return failure{ec::corrupt, "last global index entry does not decode"};
    self->position_ = read_be64(it->key().ToStringView());
    self->chain_ = entry->chain_hash;
  }
  self->staged_position_ = self->position_;
  self->staged_chain_ = self->chain_;
  self->metrics_.last_position = self->position_;
  return self;
}

const event_store::stream_head*
event_store::cached_head(const std::string& key_prefix) const {
  if (auto i = staged_heads_.find(key_prefix); i != staged_heads_.end())
    return &i->second;
  if (auto i = heads_.find(key_prefix); i != heads_.end())
    return &i->second;
  return nullptr;
}

result<event_store::stream_head>
event_store::head_of(const std::string& key_prefix) {
  if (auto* known = cached_head(key_prefix))
    return *known;
  // Most streams asked about here are new (a first fetch of a new phone):
  // a point lookup tells so at a fraction of the cost of the backward seek
  // that finds the last event.
  auto stored = first_event_stored(key_prefix);
  if (!stored)
    return stored.error();
  if (!*stored) {
    heads_.emplace(key_prefix, stream_head{});
    return stream_head{};
  }
  auto upper = key_prefix + std::string(8, '\xff');
  // Find the last event of the stream: seek just past its largest key.
  std::unique_ptr<rocksdb::Iterator> it{
      db_->NewIterator(rocksdb::ReadOptions{}, cfs_[cf_events])};
  it->SeekForPrev(upper);
  // Streams named `<stream>/...` sort after ours; step back over them.
  while (it->Valid() && it->key().ToStringView().starts_with(key_prefix) &&
         it->key().size() != key_prefix.size() + 8)
    it->Prev();
  stream_head head;
  if (it->Valid()) {
    auto key = it->key().ToStringView();
    if (key.size() == key_prefix.size() + 8 && key.starts_with(key_prefix)) {
      auto x = events::decode(it->value().ToStringView());
      if (!x)
        return failure{ec::corrupt, "last event of stream does not decode"};
      head = {x->seq, x->hash};
    }
  }
  if (!it->status().ok())
    return storage_error(it->status(), "cannot read stream head");
  heads_.emplace(key_prefix, head);
  return head;
}

result<bool> event_store::has_events(const std::string& tenant,
                                     const std::string& stream) {
  if (!valid_tenant(tenant) || !valid_stream(stream))
    return failure{ec::invalid_argument, "bad tenant or stream name"};
  auto prefix = stream_prefix(tenant, stream);
  if (auto* known = cached_head(prefix))
    return known->seq != 0;
  auto stored = first_event_stored(prefix);
  if (stored && !*stored)
    heads_.emplace(prefix, stream_head{});
  return stored;
}

result<bool> event_store::first_event_stored(const std::string& key_prefix) {
  // Events are never deleted, so a stream has events if and only if it
  // has its first.
  rocksdb::PinnableSlice first;
  auto found = db_->Get(rocksdb::ReadOptions{}, cfs_[cf_events],
                        key_prefix + position_key(1), &first);
  if (found.IsNotFound())
    return false;
  if (!found.ok())
    return storage_error(found, "cannot read stream head");
  return true;
}

result<append_ack> event_store::stage(const append_request& req) {
  if (opts_.read_only)
    return failure{ec::invalid_argument, "store opened read-only"};
  if (!valid_tenant(req.tenant) || !valid_stream(req.stream))
    return failure{ec::invalid_argument, "bad tenant or stream name"};
  if (req.events.empty())
    return failure{ec::invalid_argument, "append without events"};
  auto prefix = stream_prefix(req.tenant, req.stream);
  auto head = head_of(prefix);
  if (!head)
    return head.error();
  if (head->seq != req.expected_version) {
    metrics_.conflicts.fetch_add(1, std::memory_order_relaxed);
    return failure{ec::conflict, req.stream + " is at version " +
                                     std::to_string(head->seq) + ", not " +
                                     std::to_string(req.expected_version)};
  }
  append_ack ack{head->seq + 1, head->seq, staged_position_};
  events::envelope x;
  x.tenant = req.tenant;
  x.stream = req.stream;
  x.timestamp_ns = req.timestamp_ns;
  x.node = opts_.node;
  auto prev = head->hash;
  for (auto& ev : req.events) {
    x.seq = ++ack.last_seq;
    x.position = ++ack.last_position;
    x.type = ev.type;
    x.schema = ev.schema;
    x.actor = ev.actor;
    x.payload = ev.payload;
    x.prev_hash = prev;
    auto body = events::encode_body(x);
    x.hash = events::compute_hash(body, prev);
    body.append(reinterpret_cast<const char*>(x.prev_hash.data()), 32);
    body.append(reinterpret_cast<const char*>(x.hash.data()), 32);
    auto key = prefix + position_key(x.seq);
    staged_chain_ = events::chain_global(staged_chain_, x.hash, x.position);
    auto entry = encode_global_entry({key, x.hash, staged_chain_});
    staged_bytes_ += body.size();
    batch_->Put(cfs_[cf_events], key, body);
    batch_->Put(cfs_[cf_global], position_key(x.position), entry);
    prev = x.hash;
  }
  staged_position_ = ack.last_position;
  staged_heads_[prefix] = {ack.last_seq, prev};
  ++staged_appends_;
  staged_events_ += req.events.size();
  return ack;
}

void event_store::drop_staged() {
  batch_->Clear();
  staged_heads_.clear();
  staged_position_ = position_;
  staged_chain_ = chain_;
  staged_appends_ = staged_events_ = staged_bytes_ = 0;
}

result<size_t> event_store::commit() {
  if (staged_appends_ == 0)
    return size_t{0};
  rocksdb::WriteOptions wo;
  wo.sync = opts_.mode == durability::sync;
  auto start = std::chrono::steady_clock::now();
  auto st = db_->Write(wo, batch_.get());
  metrics_.commit_latency.observe(std::chrono::steady_clock::now() - start);
  if (!st.ok()) {
    metrics_.failures.fetch_add(1, std::memory_order_relaxed);
    drop_staged();
    heads_.clear(); // RocksDB may hold part of nothing; re-read on demand
    return storage_error(st, "cannot write batch");
  }
  auto appends = staged_appends_;
  metrics_.appends.fetch_add(appends, std::memory_order_relaxed);
  metrics_.events.fetch_add(staged_events_, std::memory_order_relaxed);
  metrics_.bytes.fetch_add(staged_bytes_, std::memory_order_relaxed);
  metrics_.batches.fetch_add(1, std::memory_order_relaxed);
  metrics_.last_position.store(staged_position_, std::memory_order_relaxed);
  if (heads_.size() + staged_heads_.size() > max_cached_heads)
    heads_.clear();
  for (auto& [key, head] : staged_heads_)
    heads_[key] = head;
  position_ = staged_position_;
  chain_ = staged_chain_;
  batch_->Clear();
  staged_heads_.clear();
  staged_appends_ = staged_events_ = staged_bytes_ = 0;
  return appends;
}

result<append_ack> event_store::append(const append_request& req) {
  auto ack = stage(req);
  if (!ack)
    return ack;
  if (auto n = commit(); !n)
    return n.error();
  return ack;
}

size_t event_store::staged() const {
  return staged_appends_;
}

result<uint64_t> event_store::save_snapshot(const std::string& tenant,
                                            const std::string& stream,
                                            const snapshot_record& snap) {
  std::string value = position_key(snap.version);
  value.append(snap.state.begin(), snap.state.end());
  rocksdb::WriteOptions wo;
  wo.sync = opts_.mode == durability::sync;
  auto st =
      db_->Put(wo, cfs_[cf_snapshots], snapshot_key(tenant, stream), value);
  if (!st.ok())
    return storage_error(st, "cannot write snapshot");
  return snap.version;
}

result<std::vector<events::envelope>>
event_store::read(const std::string& tenant, const std::string& stream,
                  uint64_t from_seq, size_t limit) const {
  std::vector<events::envelope> out;
  auto prefix = stream_prefix(tenant, stream);
  std::unique_ptr<rocksdb::Iterator> it{
      db_->NewIterator(rocksdb::ReadOptions{}, cfs_[cf_events])};
  for (it->Seek(prefix + position_key(from_seq));
       it->Valid() && out.size() < limit; it->Next()) {
    auto key = it->key().ToStringView();
    if (!key.starts_with(prefix))
      break;
    if (key.size() != prefix.size() + 8)
      continue; // a longer stream name sharing the prefix
    auto x = events::decode(it->value().ToStringView());
    if (!x)
      return failure{ec::corrupt, "event does not decode in " + stream};
    out.push_back(std::move(*x));
  }
  if (!it->status().ok())
    return storage_error(it->status(), "cannot read stream");
  return out;
}

result<std::vector<events::envelope>>
event_store::read_to_end(const std::string& tenant, const std::string& stream,
                         uint64_t from_seq) {
  auto out = read(tenant, stream, from_seq);
  if (!out)
    return out;
  // The last event read is the stream's head; an empty read from the start
  // means no stream yet. (Empty from later on says nothing of the hash.)
  auto prefix = stream_prefix(tenant, stream);
  if (cached_head(prefix) == nullptr) {
    if (!out->empty())
      heads_.emplace(prefix, stream_head{out->back().seq, out->back().hash});
    else if (from_seq <= 1)
      heads_.emplace(prefix, stream_head{});
  }
  return out;
}

result<std::vector<events::envelope>>
event_store::read_all(uint64_t from_position, size_t limit) const {
  std::vector<events::envelope> out;
  std::unique_ptr<rocksdb::Iterator> it{
      db_->NewIterator(rocksdb::ReadOptions{}, cfs_[cf_global])};
  std::string value;
  for (it->Seek(position_key(from_position)); it->Valid() && out.size() < limit;
       it->Next()) {
    auto entry = decode_global_entry(it->value().ToStringView());
    if (!entry)
      return failure{ec::corrupt, "global index entry does not decode"};
    auto st = db_->Get(rocksdb::ReadOptions{}, cfs_[cf_events],
                       entry->event_key, &value);
    if (!st.ok())
      return storage_error(st, "global index points to a missing event");
    auto x = events::decode(value);
    if (!x)
      return failure{ec::corrupt, "event does not decode"};
    out.push_back(std::move(*x));
  }
  if (!it->status().ok())
    return storage_error(it->status(), "cannot read global index");
  return out;
}

result<std::optional<snapshot_record>>
event_store::load_snapshot(const std::string& tenant,
                           const std::string& stream) const {
  std::string value;
  auto st = db_->Get(rocksdb::ReadOptions{}, cfs_[cf_snapshots],
                     snapshot_key(tenant, stream), &value);
  if (st.IsNotFound())
    return std::optional<snapshot_record>{};
  if (!st.ok())
    return storage_error(st, "cannot read snapshot");
  if (value.size() < 8)
    return failure{ec::corrupt, "snapshot too short"};
  snapshot_record snap;
  snap.version = read_be64(value);
  snap.state.assign(value.begin() + 8, value.end());
  return std::optional<snapshot_record>{std::move(snap)};
}

event_store::memory_usage event_store::memory() const {
  memory_usage out;
  db_->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables",
                                &out.memtables);
  db_->GetAggregatedIntProperty("rocksdb.estimate-table-readers-mem",
                                &out.table_readers);
  return out;
}

uint64_t event_store::last_position() const {
  return position_;
}

const store_options& event_store::options() const {
  return opts_;
}

store_metrics& event_store::metrics() {
  return metrics_;
}

rocksdb::DB& event_store::db() {
  return *db_;
}

rocksdb::ColumnFamilyHandle* event_store::events_cf() {
  return cfs_[cf_events];
}

rocksdb::ColumnFamilyHandle* event_store::global_cf() {
  return cfs_[cf_global];
}

} // namespace passerelle::storage
