#include "events/cbor_writer.hpp"

namespace passerelle::events {

void cbor_writer::head(uint8_t major, uint64_t n) {
  auto be = [this](uint64_t x, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
      bytes_.push_back(static_cast<uint8_t>(x >> (8 * i)));
  };
  if (n <= 0x17) {
    bytes_.push_back(static_cast<uint8_t>(major | n));
  } else if (n <= 0xff) {
    bytes_.push_back(major | 0x18);
    be(n, 1);
  } else if (n <= 0xffff) {
    bytes_.push_back(major | 0x19);
    be(n, 2);
  } else if (n <= 0xffffffff) {
    bytes_.push_back(major | 0x1a);
    be(n, 4);
  } else {
    bytes_.push_back(major | 0x1b);
    be(n, 8);
  }
}

} // namespace passerelle::events
