#include "events/cbor_check.hpp"

#include <cstdint>

namespace passerelle::events {

namespace {

constexpr int max_depth = 64;

/// Walks one CBOR data item (RFC 8949 appendix C) without building
/// anything. Advances `p`; false on malformed or truncated input.
class cbor_walker {
public:
  cbor_walker(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {
    // nop
  }

  bool item(int depth) {
    if (depth > max_depth || p_ == end_)
      return false;
    auto initial = *p_++;
    auto major = initial >> 5;
    auto info = initial & 0x1f;
    if (info == 31)
      return indefinite(major, depth);
    uint64_t value = 0;
    if (!argument(info, value))
      return false;
    switch (major) {
    case 0: // unsigned
    case 1: // negative
      return true;
    case 2: // byte string
    case 3: // text string
      return skip(value);
    case 4: // array
      return items(value, depth);
    case 5: // map
      return value <= UINT64_MAX / 2 && items(value * 2, depth);
    case 6: // tag
      return item(depth + 1);
    default: // 7: simple values and floats
      return info != 24 || value >= 32;
    }
  }

  bool at_end() const { return p_ == end_; }

private:
  bool argument(uint8_t info, uint64_t& value) {
    if (info < 24) {
      value = info;
      return true;
    }
    if (info > 27)
      return false; // 28-30 are reserved
    size_t n = size_t{1} << (info - 24);
    if (static_cast<size_t>(end_ - p_) < n)
      return false;
    for (size_t i = 0; i < n; ++i)
      value = (value << 8) | *p_++;
    return true;
  }

  bool skip(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_))
      return false;
    p_ += n;
    return true;
  }

  bool items(uint64_t n, int depth) {
    // Every item takes at least one byte: refuse counts the input cannot hold.
    if (n > static_cast<uint64_t>(end_ - p_))
      return false;
    for (uint64_t i = 0; i < n; ++i)
      if (!item(depth + 1))
        return false;
    return true;
  }

  bool indefinite(uint8_t major, int depth) {
    if (major < 2 || major == 6 || major == 7)
      return false; // no indefinite integers or tags; a lone break
    for (;;) {
      if (p_ == end_)
        return false;
      if (*p_ == 0xff) {
        ++p_;
        return true;
      }
      if (major == 2 || major == 3) {
        // Chunks: definite strings of the same major type.
        auto initial = *p_++;
        uint64_t len = 0;
        if ((initial >> 5) != major || !argument(initial & 0x1f, len) ||
            (initial & 0x1f) == 31 || !skip(len))
          return false;
      } else if (!item(depth + 1) || (major == 5 && !item(depth + 1))) {
        return false;
      }
    }
  }

  const uint8_t* p_;
  const uint8_t* end_;
};

} // namespace

bool well_formed_cbor(std::string_view bytes) {
  auto* first = reinterpret_cast<const uint8_t*>(bytes.data());
  cbor_walker walker{first, first + bytes.size()};
  return walker.item(0) && walker.at_end();
}

} // namespace passerelle::events
