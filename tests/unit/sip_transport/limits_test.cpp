#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace passerelle::sip::transport;
using namespace passerelle::sip::transport::test;

namespace {

hub_config tcp_config(const temp_dir& dir) {
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  return cfg;
}

// Checks that `phone` is still served: a request in, a reply back.
void check_served(running_hub& h, stream_client& phone,
                  std::string_view call_id) {
  REQUIRE(phone.write(sample_register(call_id, "TCP")));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->bytes.find(call_id) != std::string::npos);
  h.hub.send(reply_target(*m), sample_response(call_id));
  CHECK(phone.read_until("\r\n\r\n") == sample_response(call_id));
}

std::string numbered(std::string prefix, int i) {
  prefix += std::to_string(i);
  return prefix;
}

} // namespace

TEST_CASE("an oversize message closes only its connection", "[limits][tcp]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.max_message_size = 2048;
  running_hub h{cfg};
  stream_client big{h.ports.tcp};
  stream_client good{h.ports.tcp};
  REQUIRE(big.write(sample_register("big", "TCP", std::string(4096, 'x'))));
  CHECK(big.wait_closed());
  CHECK(eventually(
      [&] { return h.hub.counters().closes(close_reason::oversize) == 1; }));
  check_served(h, good, "good1");
  CHECK(h.messages.size() == 0);

  // Headers that never end are cut at the limit too.
  stream_client endless{h.ports.tcp};
  std::string headers = "REGISTER sip:x SIP/2.0\r\n";
  while (headers.size() < 4096)
    headers += "X-Filler: 0123456789\r\n";
  endless.write(headers);
  CHECK(endless.wait_closed());
}

TEST_CASE("garbage closes its connection while others are served",
          "[limits][tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client good{h.ports.tcp};
  const std::string garbage[] = {
      "GET / HTTP/1.1\r\nHost: gw\r\n\r\n",
      std::string("\x16\x03\x01\x00\xa5\x01\x00\x00", 8), // a TLS ClientHello
      // RFC 3261 18.3: no Content-Length on a stream cannot be framed.
      "OPTIONS sip:gw SIP/2.0\r\nCall-ID: z\r\n\r\n",
      "OPTIONS sip:gw SIP/2.0\r\nContent-Length: lots\r\n\r\n",
  };
  for (const auto& bytes : garbage) {
    stream_client bad{h.ports.tcp};
    bad.write(bytes);
    CHECK(bad.wait_closed());
  }
  CHECK(eventually([&] {
    return h.hub.counters().closes(close_reason::framing_error) == 4;
  }));
  check_served(h, good, "good2");
}

TEST_CASE("connections per address are limited", "[limits][tcp]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.max_connections_per_ip = 3;
  running_hub h{cfg};
  std::vector<std::unique_ptr<stream_client>> phones;
  for (int i = 0; i < 3; ++i)
    phones.push_back(std::make_unique<stream_client>(h.ports.tcp));
  REQUIRE(eventually([&] { return h.hub.open_connections() == 3; }));
  stream_client extra{h.ports.tcp};
  CHECK(extra.wait_closed());
  CHECK(eventually([&] {
    return h.hub.counters().refusals(refusal_reason::per_ip_limit) == 1;
  }));
  check_served(h, *phones[0], "kept");

  phones.pop_back();
  REQUIRE(eventually([&] { return h.hub.open_connections() == 2; }));
  stream_client again{h.ports.tcp};
  check_served(h, again, "again");
}

TEST_CASE("connections in total are limited", "[limits][tcp]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.max_connections = 2;
  running_hub h{cfg};
  stream_client a{h.ports.tcp};
  stream_client b{h.ports.tcp};
  REQUIRE(eventually([&] { return h.hub.open_connections() == 2; }));
  stream_client c{h.ports.tcp};
  CHECK(c.wait_closed());
  CHECK(eventually([&] {
    return h.hub.counters().refusals(refusal_reason::total_limit) == 1;
  }));
}

TEST_CASE("an idle connection is closed; pings keep one open",
          "[limits][tcp][keepalive]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.idle_timeout = std::chrono::milliseconds{200};
  running_hub h{cfg};
  stream_client idle{h.ports.tcp};
  CHECK(idle.wait_closed());
  CHECK(eventually([&] {
    return h.hub.counters().closes(close_reason::idle_timeout) == 1;
  }));

  // A phone pinging well inside the timeout stays connected.
  stream_client pinging{h.ports.tcp};
  auto until = std::chrono::steady_clock::now() + 600ms;
  while (std::chrono::steady_clock::now() < until) {
    REQUIRE(pinging.write("\r\n\r\n"));
    REQUIRE(pinging.read_until("\r\n"));
  }
  check_served(h, pinging, "alive");
}

TEST_CASE("a message that never completes is cut off (slowloris)",
          "[limits][tcp]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.idle_timeout = std::chrono::milliseconds{60'000};
  cfg.limits.partial_message_timeout = std::chrono::milliseconds{300};
  running_hub h{cfg};
  stream_client slow{h.ports.tcp};
  stream_client good{h.ports.tcp};
  REQUIRE(slow.write("REGISTER sip:gw SIP/2.0\r\n"));
  // Trickle a header line at a time: traffic, but never a message.
  bool closed = false;
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!closed && std::chrono::steady_clock::now() < until) {
    if (!slow.write("X-Slow: a\r\n"))
      break;
    closed = slow.wait_closed(20ms);
  }
  CHECK((closed || slow.wait_closed()));
  CHECK(eventually([&] {
    return h.hub.counters().closes(close_reason::partial_timeout) == 1;
  }));
  check_served(h, good, "fast");
}

TEST_CASE("messages over the per-address rate are dropped and counted",
          "[limits][udp][tcp]") {
  temp_dir dir;
  auto cfg = tcp_config(dir);
  cfg.limits.messages_per_second = 1;
  cfg.limits.message_burst = 5;
  running_hub h{cfg};
  udp_client phone;
  for (int i = 0; i < 20; ++i)
    phone.send_to(h.ports.udp, sample_register(numbered("rate", i)));
  const auto& c = h.hub.counters();
  REQUIRE(eventually([&] {
    return c.messages_in(protocol::udp) + c.drops(drop_reason::rate_limited) ==
           20;
  }));
  CHECK(c.messages_in(protocol::udp) >= 5);
  CHECK(c.messages_in(protocol::udp) <= 8);
  CHECK(c.drops(drop_reason::rate_limited) >= 12);

  // On a stream the excess is dropped but the connection stays.
  auto udp_drops = c.drops(drop_reason::rate_limited);
  stream_client streamer{h.ports.tcp};
  std::string burst;
  for (int i = 0; i < 10; ++i)
    burst += sample_register(numbered("s", i), "TCP");
  REQUIRE(streamer.write(burst));
  REQUIRE(eventually([&] {
    return c.messages_in(protocol::tcp) +
               (c.drops(drop_reason::rate_limited) - udp_drops) ==
           10;
  }));
  CHECK(c.drops(drop_reason::rate_limited) - udp_drops >= 5);
  CHECK(h.hub.open_connections() == 1);
}
