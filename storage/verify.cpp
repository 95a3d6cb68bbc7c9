#include "storage/verify.hpp"

#include "events/cbor_check.hpp"
#include "events/codec.hpp"
#include "storage/keys.hpp"

#include <rocksdb/db.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>

namespace passerelle::storage {

namespace {

using key_fingerprint = size_t;

key_fingerprint fingerprint(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

/// What one walk saw at each position (index = position - 1).
struct position_table {
  explicit position_table(uint64_t n) : hashes(n), keys(n), seen(n, 0) {
    // nop
  }
  std::vector<events::hash256> hashes;
  std::vector<key_fingerprint> keys;
  std::vector<uint8_t> seen;
};

/// A full scan: large reads ahead, and blocks read once are not worth a
/// place in the block cache (or its lock).
rocksdb::ReadOptions scan_options() {
  rocksdb::ReadOptions o;
  o.fill_cache = false;
  o.readahead_size = 4 << 20;
  return o;
}

broken_link break_at(std::string_view key, uint64_t position, const char* why) {
  broken_link link;
  link.position = position;
  link.reason = why;
  if (auto parts = parse_event_key(key)) {
    link.tenant = parts->tenant;
    link.stream = parts->stream;
    link.seq = parts->seq;
  }
  return link;
}

/// Walks every stream in key order: each event's hash, its link to the
/// previous one, a gap-free sequence, key and envelope agreeing, payload
/// well-formed CBOR.
class stream_walk {
public:
  stream_walk(verify_report& report, position_table& table)
      : report_(report), table_(table) {
    // nop
  }

  /// Returns false at the first broken link (recorded in the report).
  bool visit(std::string_view key, std::string_view value) {
    auto parts = parse_event_key(key);
    if (!parts)
      return fail(key, "event key does not parse");
    auto prefix = key.substr(0, key.size() - 8);
    if (prefix != current_) {
      current_.assign(prefix);
      prev_seq_ = 0;
      prev_hash_ = {};
      ++report_.streams;
    }
    if (value.size() < 64)
      return fail(key, "record too short");
    auto body = value.substr(0, value.size() - 64);
    auto x = events::decode_view(value);
    if (!x)
      return fail(key, "envelope does not decode");
    if (events::compute_hash(body, x->prev_hash) != x->hash)
      return fail(key, "hash does not match content");
    if (x->tenant != parts->tenant || x->stream != parts->stream ||
        x->seq != parts->seq)
      return fail(key, "envelope does not match its key");
    if (x->seq != prev_seq_ + 1)
      return fail(key, "sequence gap");
    if (x->prev_hash != prev_hash_)
      return fail(key, "previous hash does not match");
    if (!events::well_formed_cbor(x->payload))
      return fail(key, "payload is not CBOR");
    if (x->position == 0 || x->position > table_.seen.size() ||
        table_.seen[x->position - 1])
      return fail(key, "position outside the global index or reused");
    auto i = x->position - 1;
    table_.hashes[i] = x->hash;
    table_.keys[i] = fingerprint(key);
    table_.seen[i] = 1;
    prev_seq_ = x->seq;
    prev_hash_ = x->hash;
    ++report_.events;
    return true;
  }

private:
  bool fail(std::string_view key, const char* why) {
    report_.first_broken = break_at(key, 0, why);
    return false;
  }

  verify_report& report_;
  position_table& table_;
  std::string current_;
  uint64_t prev_seq_ = 0;
  events::hash256 prev_hash_{};
};

/// Walks the streams whose keys lie in [from, to); empty bounds mean the
/// start and the end of the column family.
void walk_streams(event_store& store, verify_report& report,
                  position_table& table, const std::string& from,
                  const std::string& to) {
  stream_walk walk{report, table};
  std::unique_ptr<rocksdb::Iterator> it{
      store.db().NewIterator(scan_options(), store.events_cf())};
  for (from.empty() ? it->SeekToFirst() : it->Seek(from); it->Valid();
       it->Next()) {
    auto key = it->key().ToStringView();
    if (!to.empty() && key >= to)
      break;
    if (!walk.visit(key, it->value().ToStringView()))
      return;
  }
  if (!it->status().ok())
    report.first_broken = broken_link{{}, {}, 0, 0, it->status().ToString()};
}

/// A stream prefix near the middle of the events column family by event
/// count, estimated from a sample of the global index (streams interleave
/// in global order). Empty when the log is too small to be worth splitting.
std::string middle_stream(event_store& store, uint64_t n, uint64_t split_at) {
  constexpr uint64_t samples = 63;
  if (n < split_at || n < samples + 1)
    return {};
  std::vector<std::string> prefixes;
  std::string value;
  for (uint64_t i = 1; i <= samples; ++i) {
    auto position = i * n / (samples + 1);
    if (!store.db()
             .Get(rocksdb::ReadOptions{}, store.global_cf(),
                  position_key(position), &value)
             .ok())
      continue;
    if (auto entry = decode_global_entry(value);
        entry && entry->event_key.size() > 8)
      prefixes.push_back(
          entry->event_key.substr(0, entry->event_key.size() - 8));
  }
  if (prefixes.size() < samples / 2)
    return {};
  std::sort(prefixes.begin(), prefixes.end());
  return prefixes[prefixes.size() / 2];
}

/// Both halves' findings in one report; the lower half's break comes first.
void merge(verify_report& into, const verify_report& upper) {
  into.events += upper.events;
  into.streams += upper.streams;
  if (!into.first_broken && upper.first_broken)
    into.first_broken = upper.first_broken;
}

/// Walks the global index from position `first` to `last` (0: to the end),
/// each once, chained hashes matching. Records what each entry claims, to
/// compare with the streams. A walk that starts past 1 takes its chain
/// from the stored entry before it, which the walk below checks.
void walk_global(event_store& store, verify_report& report,
                 position_table& table, uint64_t first = 1, uint64_t last = 0) {
  events::hash256 chain{};
  if (first > 1) {
    std::string value;
    auto before = decode_global_entry(
        store.db()
                .Get(rocksdb::ReadOptions{}, store.global_cf(),
                     position_key(first - 1), &value)
                .ok()
            ? std::string_view{value}
            : std::string_view{});
    if (!before) {
      report.first_broken = break_at({}, first - 1, "global position missing");
      return;
    }
    chain = before->chain_hash;
  }
  std::unique_ptr<rocksdb::Iterator> it{
      store.db().NewIterator(scan_options(), store.global_cf())};
  uint64_t expected = first;
  for (it->Seek(position_key(first)); it->Valid(); it->Next(), ++expected) {
    auto position = read_be64(it->key().ToStringView());
    if (last != 0 && position > last)
      break;
    auto entry = decode_global_entry(it->value().ToStringView());
    if (!entry) {
      report.first_broken =
          break_at({}, position, "global entry does not decode");
      return;
    }
    if (position != expected || position > table.seen.size()) {
      report.first_broken =
          break_at(entry->event_key, expected, "global position missing");
      return;
    }
    chain = events::chain_global(chain, entry->event_hash, position);
    if (chain != entry->chain_hash) {
      report.first_broken = break_at(entry->event_key, position,
                                     "global chain hash does not match");
      return;
    }
    table.hashes[position - 1] = entry->event_hash;
    table.keys[position - 1] = fingerprint(entry->event_key);
    table.seen[position - 1] = 1;
    ++report.positions;
  }
}

} // namespace

verify_report verify(event_store& store, uint64_t split_at) {
  auto n = store.last_position();
  position_table from_streams{n};
  position_table from_global{n};
  verify_report report;
  verify_report global;
  // The global walk and the two halves of the stream walk read disjoint
  // ranges: run them side by side. Each stream lies wholly in one half.
  // The global index in two halves too: the hash chain is sequential, but
  // the upper half can start from the chain hash stored before it, since
  // the lower half checks that one.
  auto split = n >= split_at ? n / 2 : 0;
  verify_report global_upper;
  std::thread global_walker{
      [&] { walk_global(store, global, from_global, 1, split); }};
  std::thread global_upper_walker{[&] {
    if (split != 0)
      walk_global(store, global_upper, from_global, split + 1);
  }};
  auto middle = middle_stream(store, n, split_at);
  verify_report upper;
  std::thread upper_walker{[&] {
    if (!middle.empty())
      walk_streams(store, upper, from_streams, middle, {});
  }};
  walk_streams(store, report, from_streams, {}, middle);
  upper_walker.join();
  global_walker.join();
  global_upper_walker.join();
  merge(report, upper);
  if (!global.first_broken)
    global.first_broken = global_upper.first_broken;
  report.positions = global.positions + global_upper.positions;
  if (report.first_broken)
    return report;
  if (global.first_broken) {
    report.first_broken = global.first_broken;
    return report;
  }
  for (uint64_t i = 0; i < n; ++i) {
    if (from_streams.seen[i] && from_global.seen[i] &&
        from_streams.hashes[i] == from_global.hashes[i] &&
        from_streams.keys[i] == from_global.keys[i])
      continue;
    broken_link link;
    link.position = i + 1;
    link.reason = from_streams.seen[i] ? "global entry does not match the event"
                                       : "an indexed event is missing";
    report.first_broken = std::move(link);
    return report;
  }
  return report;
}

} // namespace passerelle::storage
