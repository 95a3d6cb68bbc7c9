#include "events/codec.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <cstring>
#include <ctime>

namespace passerelle::events {

namespace {

void put_u64(std::string& out, uint64_t x) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((x >> shift) & 0xff));
}

void put_u32(std::string& out, uint32_t x) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((x >> shift) & 0xff));
}

void put_u16(std::string& out, uint16_t x) {
  out.push_back(static_cast<char>(x >> 8));
  out.push_back(static_cast<char>(x & 0xff));
}

template <class Bytes>
void put_bytes(std::string& out, const Bytes& x) {
  put_u32(out, static_cast<uint32_t>(x.size()));
  out.append(reinterpret_cast<const char*>(x.data()), x.size());
}

/// Reads the fixed layout back, failing softly on short input.
class reader {
public:
  explicit reader(std::string_view bytes) : rest_(bytes) {
    // nop
  }

  bool ok() const { return ok_; }

  size_t remaining() const { return rest_.size(); }

  uint64_t u(size_t width) {
    if (!take(width))
      return 0;
    uint64_t x = 0;
    for (size_t i = 0; i < width; ++i)
      x = (x << 8) | static_cast<uint8_t>(taken_[i]);
    return x;
  }

  std::string_view bytes() {
    auto n = static_cast<size_t>(u(4));
    return take(n) ? taken_ : std::string_view{};
  }

  std::string_view raw(size_t n) {
    return take(n) ? taken_ : std::string_view{};
  }

private:
  bool take(size_t n) {
    if (!ok_ || rest_.size() < n) {
      ok_ = false;
      return false;
    }
    taken_ = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }

  std::string_view rest_;
  std::string_view taken_;
  bool ok_ = true;
};

void copy_hash(std::string_view from, hash256& to) {
  std::memcpy(to.data(), from.data(), to.size());
}

} // namespace

std::string encode_body(const envelope& x) {
  std::string out;
  out.reserve(64 + x.tenant.size() + x.stream.size() + x.node.size() +
              x.type.size() + x.actor.size() + x.payload.size());
  out.push_back(static_cast<char>(envelope_format));
  put_u64(out, x.seq);
  put_u64(out, x.position);
  put_u64(out, static_cast<uint64_t>(x.timestamp_ns));
  put_u16(out, x.schema);
  put_bytes(out, x.tenant);
  put_bytes(out, x.stream);
  put_bytes(out, x.node);
  put_bytes(out, x.type);
  put_bytes(out, x.actor);
  put_bytes(out, x.payload);
  return out;
}

std::string encode(const envelope& x) {
  auto out = encode_body(x);
  out.append(reinterpret_cast<const char*>(x.prev_hash.data()), 32);
  out.append(reinterpret_cast<const char*>(x.hash.data()), 32);
  return out;
}

std::optional<envelope> decode(std::string_view bytes) {
  reader in{bytes};
  if (in.u(1) != envelope_format)
    return std::nullopt;
  envelope x;
  x.seq = in.u(8);
  x.position = in.u(8);
  x.timestamp_ns = static_cast<int64_t>(in.u(8));
  x.schema = static_cast<uint16_t>(in.u(2));
  x.tenant = in.bytes();
  x.stream = in.bytes();
  x.node = in.bytes();
  x.type = in.bytes();
  x.actor = in.bytes();
  auto payload = in.bytes();
  x.payload.assign(payload.begin(), payload.end());
  auto prev = in.raw(32);
  auto hash = in.raw(32);
  if (!in.ok() || in.remaining() != 0)
    return std::nullopt;
  copy_hash(prev, x.prev_hash);
  copy_hash(hash, x.hash);
  return x;
}

namespace {

/// One digest context per thread, reused: a fresh context per hash costs
/// about as much as hashing a small event.
EVP_MD_CTX* sha256_context() {
  struct holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local holder h;
  // Fetched once: `EVP_sha256()` makes OpenSSL 3 look the implementation
  // up again at every init, under a lock (a third of replay's time).
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_DigestInit_ex2(h.ctx, sha256, nullptr);
  return h.ctx;
}

hash256 finish(EVP_MD_CTX* ctx) {
  hash256 out;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  return out;
}

} // namespace

std::optional<envelope_view> decode_view(std::string_view bytes) {
  reader in{bytes};
  if (in.u(1) != envelope_format)
    return std::nullopt;
  envelope_view x;
  x.seq = in.u(8);
  x.position = in.u(8);
  x.timestamp_ns = static_cast<int64_t>(in.u(8));
  x.schema = static_cast<uint16_t>(in.u(2));
  x.tenant = in.bytes();
  x.stream = in.bytes();
  x.node = in.bytes();
  x.type = in.bytes();
  x.actor = in.bytes();
  x.payload = in.bytes();
  auto prev = in.raw(32);
  auto hash = in.raw(32);
  if (!in.ok() || in.remaining() != 0)
    return std::nullopt;
  copy_hash(prev, x.prev_hash);
  copy_hash(hash, x.hash);
  return x;
}

hash256 compute_hash(std::string_view encoded_body, const hash256& prev_hash) {
  auto* ctx = sha256_context();
  EVP_DigestUpdate(ctx, prev_hash.data(), prev_hash.size());
  EVP_DigestUpdate(ctx, encoded_body.data(), encoded_body.size());
  return finish(ctx);
}

hash256 compute_hash(const envelope& x) {
  return compute_hash(encode_body(x), x.prev_hash);
}

hash256 chain_global(const hash256& prev, const hash256& event_hash,
                     uint64_t position) {
  unsigned char pos[8];
  for (int i = 0; i < 8; ++i)
    pos[i] = static_cast<unsigned char>(position >> (56 - 8 * i));
  auto* ctx = sha256_context();
  EVP_DigestUpdate(ctx, prev.data(), prev.size());
  EVP_DigestUpdate(ctx, event_hash.data(), event_hash.size());
  EVP_DigestUpdate(ctx, pos, sizeof(pos));
  return finish(ctx);
}

std::string to_hex(const hash256& x) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto byte : x) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xf]);
  }
  return out;
}

std::string format_utc(int64_t timestamp_ns) {
  auto secs = static_cast<time_t>(timestamp_ns / 1'000'000'000);
  auto nanos = timestamp_ns % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<long long>(nanos));
  return buf;
}

namespace {

bool read_int(std::string_view& text, size_t width, int& out) {
  if (text.size() < width)
    return false;
  auto [ptr, err] = std::from_chars(text.data(), text.data() + width, out);
  if (err != std::errc{} || ptr != text.data() + width)
    return false;
  text.remove_prefix(width);
  return true;
}

bool expect(std::string_view& text, char c) {
  if (text.empty() || (text.front() != c && !(c == 'T' && text.front() == ' ')))
    return false;
  text.remove_prefix(1);
  return true;
}

} // namespace

std::optional<int64_t> parse_utc(std::string_view text) {
  std::tm tm{};
  int sec = 0;
  if (!read_int(text, 4, tm.tm_year) || !expect(text, '-') ||
      !read_int(text, 2, tm.tm_mon) || !expect(text, '-') ||
      !read_int(text, 2, tm.tm_mday))
    return std::nullopt;
  if (!text.empty() && (!expect(text, 'T') || !read_int(text, 2, tm.tm_hour) ||
                        !expect(text, ':') || !read_int(text, 2, tm.tm_min) ||
                        !expect(text, ':') || !read_int(text, 2, sec)))
    return std::nullopt;
  int64_t nanos = 0;
  if (!text.empty() && text.front() == '.') {
    text.remove_prefix(1);
    int64_t scale = 100'000'000;
    while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
      nanos += (text.front() - '0') * scale;
      scale /= 10;
      text.remove_prefix(1);
    }
  }
  int64_t offset = 0;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    int sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
    int hh = 0;
    int mm = 0;
    if (!read_int(text, 2, hh) || !expect(text, ':') || !read_int(text, 2, mm))
      return std::nullopt;
    offset = sign * (hh * 3600 + mm * 60);
  } else if (!text.empty() && text.front() == 'Z') {
    text.remove_prefix(1);
  }
  if (!text.empty() || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
      tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || sec > 60)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_sec = sec;
  auto secs = static_cast<int64_t>(timegm(&tm)) - offset;
  return secs * 1'000'000'000 + nanos;
}

} // namespace passerelle::events
