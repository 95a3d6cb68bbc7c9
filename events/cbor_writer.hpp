#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace passerelle::events {

/// Writes CBOR (RFC 8949) straight into bytes, with the encodings
/// nlohmann::json::to_cbor picks (the shortest head for every length and
/// integer), so an event written here is byte for byte the one a JSON
/// object with the same members would give. Building that object first
/// cost more than the rest of encoding an event. The caller writes a map's
/// keys in the order nlohmann sorts them (std::string's `<`).
class cbor_writer {
public:
  /// A map of `size` key/value pairs follows.
  void map(uint64_t size) { head(0xa0, size); }

  void text(std::string_view x) {
    head(0x60, x.size());
    bytes_.insert(bytes_.end(), x.begin(), x.end());
  }

  void unsigned_integer(uint64_t x) { head(0x00, x); }

  /// nlohmann's signed integers: non-negative ones as unsigned.
  void integer(int64_t x) {
    if (x >= 0)
      head(0x00, static_cast<uint64_t>(x));
    else
      head(0x20, static_cast<uint64_t>(-1 - x));
  }

  void boolean(bool x) { bytes_.push_back(x ? 0xf5 : 0xf4); }

  void null() { bytes_.push_back(0xf6); }

  /// A key, then its value.
  void key(std::string_view k) { text(k); }

  std::vector<uint8_t> take() { return std::move(bytes_); }

private:
  /// The initial byte of `major` with argument `n`, shortest form.
  void head(uint8_t major, uint64_t n);

  std::vector<uint8_t> bytes_;
};

} // namespace passerelle::events
