#include "storage/verify.hpp"

#include "events/codec.hpp"
#include "storage/keys.hpp"

#include <nlohmann/json.hpp>
#include <rocksdb/db.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>

namespace passerelle::storage {

namespace {

/// Checks one stream's events in key order.
class stream_walker {
public:
  stream_walker(verify_report& report, uint64_t max_position)
      : report_(report), max_position_(max_position) {
    // nop
  }

  /// Returns false once a link is broken (recorded in the report).
  bool visit(std::string_view key, std::string_view value) {
    auto parts = parse_event_key(key);
    if (!parts)
      return fail({}, {}, 0, "event key does not parse");
    auto prefix = key.substr(0, key.size() - 8);
    if (prefix != current_) {
      current_.assign(prefix);
      prev_seq_ = 0;
      prev_hash_ = {};
      ++report_.streams;
    }
    auto fail_here = [&](const char* why) {
      return fail(parts->tenant, parts->stream, parts->seq, why);
    };
    if (value.size() < 64)
      return fail_here("record too short");
    auto body = value.substr(0, value.size() - 64);
    events::hash256 prev;
    events::hash256 hash;
    std::memcpy(prev.data(), value.data() + body.size(), 32);
    std::memcpy(hash.data(), value.data() + body.size() + 32, 32);
    if (events::compute_hash(body, prev) != hash)
      return fail_here("hash does not match content");
    auto x = events::decode(value);
    if (!x)
      return fail_here("envelope does not decode");
    if (x->tenant != parts->tenant || x->stream != parts->stream ||
        x->seq != parts->seq)
      return fail_here("envelope does not match its key");
    if (x->seq != prev_seq_ + 1)
      return fail_here("sequence gap");
    if (x->prev_hash != prev_hash_)
      return fail_here("previous hash does not match");
    auto payload = nlohmann::json::from_cbor(x->payload, true, false);
    if (payload.is_discarded())
      return fail_here("payload is not CBOR");
    if (x->position == 0 || x->position > max_position_)
      return fail_here("position outside the global index");
    if (hashes_.size() < x->position)
      hashes_.resize(
          std::min(max_position_, x->position + x->position / 2 + 1024));
    hashes_[x->position - 1] = hash;
    if (keys_.size() < hashes_.size())
      keys_.resize(hashes_.size());
    keys_[x->position - 1] = std::hash<std::string_view>{}(key);
    prev_seq_ = x->seq;
    prev_hash_ = hash;
    ++report_.events;
    return true;
  }

  /// Event hashes indexed by position - 1, for the global walk.
  const std::vector<events::hash256>& hashes() const { return hashes_; }

  /// Fingerprints of event keys indexed by position - 1.
  const std::vector<size_t>& keys() const { return keys_; }

  bool fail(std::string_view tenant, std::string_view stream, uint64_t seq,
            const char* why) {
    report_.first_broken =
        broken_link{std::string{tenant}, std::string{stream}, seq, 0, why};
    return false;
  }

private:
  verify_report& report_;
  uint64_t max_position_;
  std::string current_;
  uint64_t prev_seq_ = 0;
  events::hash256 prev_hash_{};
  std::vector<events::hash256> hashes_;
  std::vector<size_t> keys_;
};

void fail_global(verify_report& report, uint64_t position, std::string_view key,
                 const char* why) {
  broken_link link;
  link.position = position;
  link.reason = why;
  if (auto parts = parse_event_key(key)) {
    link.tenant = parts->tenant;
    link.stream = parts->stream;
    link.seq = parts->seq;
  }
  report.first_broken = std::move(link);
}

void walk_global(event_store& store, const stream_walker& walker,
                 verify_report& report) {
  auto& hashes = walker.hashes();
  auto& keys = walker.keys();
  std::unique_ptr<rocksdb::Iterator> it{
      store.db().NewIterator(rocksdb::ReadOptions{}, store.global_cf())};
  events::hash256 chain{};
  uint64_t expected = 1;
  static const events::hash256 zero{};
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    auto position = read_be64(it->key().ToStringView());
    auto entry = decode_global_entry(it->value().ToStringView());
    if (!entry)
      return fail_global(report, position, {}, "global entry does not decode");
    if (position != expected)
      return fail_global(report, expected, entry->event_key,
                         "global position missing");
    if (position > hashes.size() || hashes[position - 1] == zero ||
        hashes[position - 1] != entry->event_hash ||
        keys[position - 1] != std::hash<std::string_view>{}(entry->event_key))
      return fail_global(report, position, entry->event_key,
                         "global entry does not match the event");
    chain = events::chain_global(chain, entry->event_hash, position);
    if (chain != entry->chain_hash)
      return fail_global(report, position, entry->event_key,
                         "global chain hash does not match");
    ++report.positions;
  }
  if (report.positions != report.events)
    fail_global(report, expected, {}, "an event has no global index entry");
}

} // namespace

verify_report verify(event_store& store) {
  verify_report report;
  stream_walker walker{report, store.last_position()};
  {
    std::unique_ptr<rocksdb::Iterator> it{
        store.db().NewIterator(rocksdb::ReadOptions{}, store.events_cf())};
    for (it->SeekToFirst(); it->Valid(); it->Next())
      if (!walker.visit(it->key().ToStringView(), it->value().ToStringView()))
        return report;
    if (!it->status().ok()) {
      report.first_broken = broken_link{{}, {}, 0, 0, it->status().ToString()};
      return report;
    }
  }
  walk_global(store, walker, report);
  return report;
}

} // namespace passerelle::storage
