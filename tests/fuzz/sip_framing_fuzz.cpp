// Fuzzes the stream framer (RFC 3261 18.3, RFC 5626 4.4.1) the way a TCP
// or TLS connection drives it: bytes arrive in chunks, each read is
// followed by framing as many messages as the buffer holds, and each
// framed message is parsed as a stream message.
//
// Input: byte 0 picks the size limit, bytes 1 to 3 the chunk sizes (in
// turn; 0 means everything left), the rest is the stream.
#include "fuzz_check.hpp"
#include "message_reading.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/framing.hpp"
#include "sip/syntax/message.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace passerelle;
using namespace passerelle::sip;

constexpr std::size_t control_bytes = 4;

std::size_t size_limit(std::uint8_t b) {
  return (b & 0x80) != 0 ? 65535 : 64 + std::size_t{b} * 32;
}

void deliver(std::string_view frame_bytes, std::size_t max) {
  auto m = message::parse(frame_bytes, {transport_kind::stream, max});
  if (!m)
    return;
  // The framer and the parser must agree on where a message ends, or a
  // peer could hide one message inside another.
  if (!m->has(message_defect::content_length_invalid) &&
      !m->has(message_defect::content_length_repeated) &&
      !m->has(message_defect::content_length_missing))
    fuzz::check(m->consumed() == frame_bytes.size(),
                "the parser and the framer disagree on the message end");
  fuzz::read_all_fields(*m, frame_bytes);
  (void)classify(*m);
}

// Frames what `inbox` holds, as stream_connection::consume_inbox does.
// Returns false when the connection would be closed.
bool consume(std::string& inbox, std::size_t max) {
  std::size_t pos = 0;
  while (pos < inbox.size()) {
    std::string_view rest{inbox.data() + pos, inbox.size() - pos};
    auto f = next_frame(rest, max);
    if (f.status == frame_status::error)
      return false;
    if (f.status == frame_status::need_more) {
      // RFC 3261 18.3: the limit bounds the buffer too.
      fuzz::check(rest.size() <= max + 3, "the buffer outgrew the limit");
      break;
    }
    fuzz::check(f.size > 0 && f.size <= rest.size(), "bad frame size");
    if (f.status == frame_status::keepalive) {
      fuzz::check(rest.substr(0, f.size).find_first_not_of("\r\n") ==
                      std::string_view::npos,
                  "a keep-alive that is not CRLFs");
      if (f.size == 2 && rest.size() == 2)
        break;
    } else {
      fuzz::check(f.size <= max, "a message over the limit");
      deliver(rest.substr(0, f.size), max);
    }
    pos += f.size;
  }
  inbox.erase(0, pos);
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size < control_bytes)
    return 0;
  auto max = size_limit(data[0]);
  std::array<std::size_t, 3> chunks{data[1], data[2], data[3]};
  std::string_view stream{reinterpret_cast<const char*>(data) + control_bytes,
                          size - control_bytes};
  std::string inbox;
  std::size_t turn = 0;
  while (!stream.empty()) {
    auto n = chunks[turn++ % chunks.size()];
    if (n == 0 || n > stream.size())
      n = stream.size();
    inbox.append(stream.substr(0, n));
    stream.remove_prefix(n);
    if (!consume(inbox, max))
      return 0;
  }
  return 0;
}
