#include "actors/completed_answers.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <random>

namespace passerelle {

namespace {

/// Arena pages are mapped this many at a time (only touched ones count).
constexpr std::size_t chunk_size = 1 << 20;
constexpr std::size_t min_slots = 1024;

std::uint64_t read_le64(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

/// SipHash-2-4 (Aumasson and Bernstein): keyed, so that nobody who does
/// not know the key can make keys collide in the index.
std::uint64_t siphash24(const std::uint64_t k[2], std::string_view in) {
  std::uint64_t v0 = k[0] ^ 0x736f6d6570736575ULL;
  std::uint64_t v1 = k[1] ^ 0x646f72616e646f6dULL;
  std::uint64_t v2 = k[0] ^ 0x6c7967656e657261ULL;
  std::uint64_t v3 = k[1] ^ 0x7465646279746573ULL;
  auto round = [&] {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  };
  auto* p = reinterpret_cast<const unsigned char*>(in.data());
  auto n = in.size();
  for (; n >= 8; p += 8, n -= 8) {
    auto m = read_le64(p);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  std::uint64_t last = static_cast<std::uint64_t>(in.size()) << 56;
  for (std::size_t i = 0; i < n; ++i)
    last |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  v3 ^= last;
  round();
  round();
  v0 ^= last;
  v2 ^= 0xff;
  for (int i = 0; i < 4; ++i)
    round();
  return v0 ^ v1 ^ v2 ^ v3;
}

std::size_t align8(std::size_t n) {
  return (n + 7) & ~std::size_t{7};
}

} // namespace

/// One kept answer, laid out in its second's arena: this header, then the
/// key, the peer's IP and the answer's bytes.
struct completed_answers::record {
  std::uint64_t hash;
  std::uint64_t connection_id;
  std::uint32_t key_size;
  std::uint32_t bytes_size;
  std::uint16_t port;
  sip::transport::protocol transport;
  std::uint8_t ip_size;

  const char* text() const noexcept {
    return reinterpret_cast<const char*>(this + 1);
  }
  std::string_view key() const noexcept { return {text(), key_size}; }
  std::string_view ip() const noexcept { return {text() + key_size, ip_size}; }
  std::string_view bytes() const noexcept {
    return {text() + key_size + ip_size, bytes_size};
  }
  std::size_t footprint() const noexcept {
    return align8(sizeof(record) + key_size + ip_size + bytes_size);
  }
};

completed_answers::completed_answers(clock::duration linger, std::size_t max)
    : linger_(linger), max_(max), slots_(min_slots, nullptr) {
  std::random_device rd;
  for (auto& s : seed_)
    s = (static_cast<std::uint64_t>(rd()) << 32) | rd();
}

completed_answers::~completed_answers() {
  for (auto& s : seconds_)
    for (auto& c : s.chunks)
      munmap(c.base, c.size);
}

std::uint64_t completed_answers::hash(std::string_view key) const noexcept {
  return siphash24(seed_, key);
}

std::size_t completed_answers::slot_of(std::string_view key,
                                       std::uint64_t h) const noexcept {
  auto mask = slots_.size() - 1;
  for (auto i = h & mask;; i = (i + 1) & mask) {
    auto* r = slots_[i];
    if (r == nullptr || (r->hash == h && r->key() == key))
      return i;
  }
}

bool completed_answers::find(std::string_view key, answer& out) const {
  auto* r = slots_[slot_of(key, hash(key))];
  if (r == nullptr)
    return false;
  out.to = {r->transport, std::string{r->ip()}, r->port, r->connection_id};
  out.bytes = r->bytes();
  return true;
}

bool completed_answers::keep(std::string_view key,
                             const sip::transport::send_target& to,
                             std::string_view bytes, clock::time_point now) {
  auto h = hash(key);
  if (count_ >= max_ || slots_[slot_of(key, h)] != nullptr ||
      to.ip.size() > 255)
    return false;
  auto size = align8(sizeof(record) + key.size() + to.ip.size() + bytes.size());
  auto* r = allocate(size, now);
  if (r == nullptr)
    return false;
  r->hash = h;
  r->connection_id = to.connection_id;
  r->key_size = static_cast<std::uint32_t>(key.size());
  r->bytes_size = static_cast<std::uint32_t>(bytes.size());
  r->port = to.port;
  r->transport = to.transport;
  r->ip_size = static_cast<std::uint8_t>(to.ip.size());
  auto* text = reinterpret_cast<char*>(r + 1);
  std::memcpy(text, key.data(), key.size());
  std::memcpy(text + key.size(), to.ip.data(), to.ip.size());
  std::memcpy(text + key.size() + to.ip.size(), bytes.data(), bytes.size());
  if ((count_ + 1) * 2 > slots_.size())
    rehash(slots_.size() * 2);
  insert(r);
  ++count_;
  return true;
}

completed_answers::record* completed_answers::allocate(std::size_t size,
                                                       clock::time_point now) {
  if (seconds_.empty() ||
      now - seconds_.back().started >= std::chrono::seconds{1})
    seconds_.push_back({now, {}});
  auto& chunks = seconds_.back().chunks;
  if (chunks.empty() || chunks.back().size - chunks.back().used < size) {
    auto bytes = std::max(chunk_size, size);
    void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
      return nullptr;
    chunks.push_back({static_cast<std::byte*>(base), bytes, 0});
  }
  auto& c = chunks.back();
  auto* r = new (c.base + c.used) record{};
  c.used += size;
  return r;
}

void completed_answers::insert(record* r) {
  auto mask = slots_.size() - 1;
  auto i = r->hash & mask;
  while (slots_[i] != nullptr)
    i = (i + 1) & mask;
  slots_[i] = r;
}

void completed_answers::erase(const record* r) {
  auto mask = slots_.size() - 1;
  auto i = r->hash & mask;
  while (slots_[i] != r)
    i = (i + 1) & mask;
  slots_[i] = nullptr;
  // Backward shift: pull later entries of the run into the hole.
  for (auto j = (i + 1) & mask; slots_[j] != nullptr; j = (j + 1) & mask) {
    auto home = slots_[j]->hash & mask;
    bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays)
      continue;
    slots_[i] = slots_[j];
    slots_[j] = nullptr;
    i = j;
  }
}

void completed_answers::rehash(std::size_t n) {
  std::vector<record*> old(n, nullptr);
  old.swap(slots_);
  for (auto* r : old)
    if (r != nullptr)
      insert(r);
}

void completed_answers::expire(clock::time_point now) {
  auto deadline = linger_ + std::chrono::seconds{1};
  while (!seconds_.empty() && seconds_.front().started + deadline <= now) {
    for (auto& c : seconds_.front().chunks) {
      for (std::size_t at = 0; at < c.used;) {
        auto* r = reinterpret_cast<const record*>(c.base + at);
        at += r->footprint();
        erase(r);
        --count_;
      }
      munmap(c.base, c.size);
    }
    seconds_.pop_front();
  }
  // After a storm, give the index back too.
  if (slots_.size() > min_slots && count_ * 8 < slots_.size())
    rehash(std::max(min_slots, std::bit_ceil(count_ * 4)));
}

std::size_t completed_answers::bytes() const noexcept {
  std::size_t total = slots_.size() * sizeof(record*);
  for (auto& s : seconds_)
    for (auto& c : s.chunks)
      total += c.used;
  return total;
}

} // namespace passerelle
