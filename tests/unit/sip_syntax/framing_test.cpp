#include "sip/syntax/framing.hpp"

#include "sip/syntax/message.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip;

namespace {

const std::string options = "OPTIONS sip:a@b SIP/2.0\r\n"
                            "Via: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"
                            "Content-Length: 5\r\n"
                            "\r\n"
                            "hello";

} // namespace

TEST_CASE("a complete message is framed", "[framing]") {
  auto f = next_frame(options, 65535);
  CHECK(f.status == frame_status::message);
  CHECK(f.size == options.size());
  auto m = message::parse(std::string_view{options}.substr(0, f.size),
                          {transport_kind::stream, 65535});
  REQUIRE(m);
  CHECK(m->body() == "hello");
}

TEST_CASE("every strict prefix needs more", "[framing]") {
  for (std::size_t n = 0; n < options.size(); ++n) {
    INFO(n);
    auto f = next_frame(std::string_view{options}.substr(0, n), 65535);
    CHECK(f.status == frame_status::need_more);
  }
}

TEST_CASE("several messages in one buffer come one at a time", "[framing]") {
  std::string buffer = options + options + options.substr(0, 10);
  std::string_view rest = buffer;
  int complete = 0;
  while (true) {
    auto f = next_frame(rest, 65535);
    if (f.status != frame_status::message)
      break;
    ++complete;
    rest.remove_prefix(f.size);
  }
  CHECK(complete == 2);
  CHECK(rest == options.substr(0, 10));
}

TEST_CASE("CRLF keep-alives are reported apart", "[framing]") {
  auto ping = next_frame("\r\n\r\n", 65535);
  CHECK(ping.status == frame_status::keepalive);
  CHECK(ping.size == 4);
  CHECK(ping.is_ping());
  auto pong = next_frame("\r\n", 65535);
  CHECK(pong.status == frame_status::keepalive);
  CHECK_FALSE(pong.is_ping());
  CHECK(next_frame("\r", 65535).status == frame_status::need_more);
  std::string buffer = "\r\n\r\n" + options;
  auto f = next_frame(buffer, 65535);
  CHECK(f.status == frame_status::keepalive);
  CHECK(f.size == 4);
  f = next_frame(std::string_view{buffer}.substr(4), 65535);
  CHECK(f.status == frame_status::message);
}

TEST_CASE("streams without a usable Content-Length fail", "[framing]") {
  std::string head = "OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n";
  auto missing = next_frame(head + "\r\n", 65535);
  CHECK(missing.status == frame_status::error);
  CHECK(missing.error == frame_error::missing_content_length);
  auto negative = next_frame(head + "l: -5\r\n\r\n", 65535);
  CHECK(negative.error == frame_error::bad_content_length);
  auto differ = next_frame(head + "l: 5\r\nContent-Length: 13\r\n\r\n", 65535);
  CHECK(differ.error == frame_error::bad_content_length);
  auto agree = next_frame(head + "l: 0\r\nContent-Length: 0\r\n\r\n", 65535);
  CHECK(agree.status == frame_status::message);
  auto folded = next_frame(head + "Content-Length:\r\n 0\r\n\r\n", 65535);
  CHECK(folded.status == frame_status::message);
}

TEST_CASE("oversized messages fail early", "[framing]") {
  auto big_body =
      next_frame("OPTIONS sip:a@b SIP/2.0\r\nl: 4000\r\n\r\n", 1000);
  CHECK(big_body.status == frame_status::error);
  CHECK(big_body.error == frame_error::too_large);
  auto huge_cl = next_frame(
      "OPTIONS sip:a@b SIP/2.0\r\nl: 99999999999999999999\r\n\r\n", 1000);
  CHECK(huge_cl.status == frame_status::error);
  std::string endless =
      "OPTIONS sip:a@b SIP/2.0\r\nX: " + std::string(2000, 'a');
  auto no_end = next_frame(endless, 1000);
  CHECK(no_end.status == frame_status::error);
  CHECK(no_end.error == frame_error::too_large);
  CHECK(next_frame(endless.substr(0, 900), 1000).status ==
        frame_status::need_more);
}
