#pragma once

#include "sip/transport/inbound_message.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

namespace passerelle {

/// The final answers of completed non-INVITE server transactions on UDP,
/// kept for timer J (RFC 3261 17.2.2) so that a retransmitted request gets
/// the same answer again. In that state a transaction only re-sends its
/// answer and ends when J fires, so the key, the answer and where it went
/// are all it needs; `server_transactions` moves a transaction here once
/// answered instead of keeping its whole state machine.
///
/// Memory: every answer kept in one second shares that second's arena,
/// whose pages are mapped for it alone and unmapped as a whole once they
/// have all expired (J is the same for all of them). A storm of 100k
/// registrations thus leaves nothing behind 33 s later, instead of holes
/// between the registrar's long-lived entries that the heap cannot give
/// back. The index is open addressing over a keyed hash (the keys come
/// from the network).
class completed_answers {
public:
  using clock = std::chrono::steady_clock;

  /// Answers live `linger` (plus up to one second); at most `max` kept.
  completed_answers(clock::duration linger, std::size_t max);
  ~completed_answers();
  completed_answers(const completed_answers&) = delete;
  completed_answers& operator=(const completed_answers&) = delete;

  /// A kept answer; valid until the next `keep` or `expire`.
  struct answer {
    sip::transport::send_target to;
    std::string_view bytes;
  };

  /// Keeps `bytes`, sent to `to`, as the answer for `key`, unless the
  /// store is full or `key` has one already. Whether it was kept.
  bool keep(std::string_view key, const sip::transport::send_target& to,
            std::string_view bytes, clock::time_point now);

  /// The answer kept for `key`.
  bool find(std::string_view key, answer& out) const;

  /// Drops the answers whose time is over.
  void expire(clock::time_point now);

  /// Answers kept.
  std::size_t size() const noexcept { return count_; }

  /// Bytes they take: arena bytes written (pages are mapped a chunk at a
  /// time but count only once touched) and the index.
  std::size_t bytes() const noexcept;

private:
  struct record;
  struct chunk {
    std::byte* base = nullptr;
    std::size_t size = 0;
    std::size_t used = 0;
  };
  /// The answers kept in one second.
  struct second {
    clock::time_point started;
    std::vector<chunk> chunks;
  };

  record* allocate(std::size_t size, clock::time_point now);
  std::uint64_t hash(std::string_view key) const noexcept;
  std::size_t slot_of(std::string_view key, std::uint64_t h) const noexcept;
  void insert(record* r);
  void erase(const record* r);
  /// Moves the index to `n` slots, a power of two with room for all.
  void rehash(std::size_t n);

  clock::duration linger_;
  std::size_t max_;
  std::size_t count_ = 0;
  std::uint64_t seed_[2] = {0, 0};
  std::deque<second> seconds_;
  /// Open addressing, linear probing, backward-shift deletion; a power of
  /// two in size, at most half full.
  std::vector<record*> slots_;
};

} // namespace passerelle
