#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <future>

using namespace passerelle::sip::transport;
using namespace passerelle::sip::transport::test;

namespace {

hub_config tcp_config(const temp_dir& dir) {
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  return cfg;
}

// Returns `sent` with its top Via stamped as the hub does for a peer on
// 127.0.0.1 (sample_register asks for rport).
std::string stamped(std::string sent, std::uint16_t port) {
  std::string value = ";rport=";
  value += std::to_string(port);
  value += ";received=127.0.0.1\r\n";
  sent.replace(sent.find(";rport\r\n"), 8, value);
  return sent;
}

bool has(const inbound_message& m, std::string_view text) {
  return m.bytes.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("two messages in one write arrive as two", "[tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  REQUIRE(
      phone.write(sample_register("t1", "TCP") + sample_register("t2", "TCP")));
  auto a = h.messages.pop();
  auto b = h.messages.pop();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(has(*a, "Call-ID: t1"));
  CHECK(has(*b, "Call-ID: t2"));
  CHECK(a->transport == protocol::tcp);
  CHECK(a->source_port == phone.local_port());
  CHECK(a->local_port == h.ports.tcp);
  CHECK(a->connection_id != 0);
  CHECK(a->connection_id == b->connection_id);
  CHECK(has(*a, ";received=127.0.0.1"));
}

TEST_CASE("a message sent a byte at a time arrives whole", "[tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  // The body holds a CRLFCRLF: only Content-Length frames it.
  std::string body = "v=0\r\n\r\ns=-\r\n";
  auto sent = sample_register("slow", "TCP", body);
  for (char c : sent)
    REQUIRE(phone.write(std::string_view{&c, 1}));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(has(*m, "Call-ID: slow"));
  CHECK(m->bytes == stamped(sent, phone.local_port()));
  CHECK(m->bytes.substr(m->bytes.size() - body.size()) == body);
}

TEST_CASE("Content-Length decides where a message ends", "[tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  std::string body = "v=0\r\n\r\nOPTIONS sip:fake SIP/2.0\r\n\r\n";
  REQUIRE(phone.write(sample_register("c1", "TCP", body) +
                      sample_register("c2", "TCP")));
  auto a = h.messages.pop();
  auto b = h.messages.pop();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->bytes.substr(a->bytes.size() - body.size()) == body);
  CHECK(a->bytes.rfind("REGISTER", 0) == 0);
  CHECK(b->bytes.rfind("REGISTER", 0) == 0);
  CHECK(has(*b, "Call-ID: c2"));
  CHECK(h.messages.size() == 0);
}

TEST_CASE("the reply goes back over the same connection", "[tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  REQUIRE(phone.write(sample_register("r1", "TCP")));
  auto m = h.messages.pop();
  REQUIRE(m);
  std::promise<std::error_code> sent;
  h.hub.send(reply_target(*m), sample_response("r1"),
             [&](std::error_code ec) { sent.set_value(ec); });
  CHECK(phone.read_until("\r\n\r\n") == sample_response("r1"));
  CHECK_FALSE(sent.get_future().get());

  // Without the id, the peer's address finds the connection too.
  auto target = reply_target(*m);
  target.connection_id = 0;
  h.hub.send(target, sample_response("r2"));
  CHECK(phone.read_until("\r\n\r\n") == sample_response("r2"));
  CHECK(eventually(
      [&] { return h.hub.counters().messages_out(protocol::tcp) == 2; }));
}

TEST_CASE("a CRLFCRLF ping gets a CRLF pong (RFC 5626 4.4.1)",
          "[tcp][keepalive]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  REQUIRE(phone.write("\r\n\r\n"));
  CHECK(phone.read_until("\r\n") == "\r\n");
  CHECK(h.hub.counters().pongs() == 1);

  // Split over two writes, it is still one ping.
  REQUIRE(phone.write("\r\n"));
  CHECK(eventually([&] { return h.hub.open_connections() == 1; }));
  REQUIRE(phone.write("\r\n"));
  CHECK(phone.read_until("\r\n") == "\r\n");
  CHECK(eventually([&] { return h.hub.counters().pongs() == 2; }));

  // A single CRLF before a message is ignored (RFC 3261 7.5).
  REQUIRE(phone.write(std::string{"\r\n"} + sample_register("k1", "TCP")));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->bytes.rfind("REGISTER", 0) == 0);
  CHECK(h.hub.counters().pongs() == 2);
  CHECK(h.hub.counters().messages_in(protocol::tcp) == 1);
}

TEST_CASE("sending on a closed connection reports no connection", "[tcp]") {
  temp_dir dir;
  std::promise<std::uint64_t> closed;
  auto cfg = tcp_config(dir);
  inbox messages;
  transport_hub hub{cfg,
                    [&](inbound_message&& m) { messages.push(std::move(m)); },
                    [&](std::uint64_t id) { closed.set_value(id); }};
  REQUIRE(hub.start().ok());
  inbound_message m;
  {
    stream_client phone{hub.ports().tcp};
    REQUIRE(phone.write(sample_register("x1", "TCP")));
    auto got = messages.pop();
    REQUIRE(got);
    m = std::move(*got);
  }
  auto closed_id = closed.get_future();
  REQUIRE(closed_id.wait_for(deadline) == std::future_status::ready);
  CHECK(closed_id.get() == m.connection_id);
  CHECK(eventually([&] { return hub.open_connections() == 0; }));
  std::promise<std::error_code> sent;
  hub.send(reply_target(m), sample_response("x1"),
           [&](std::error_code ec) { sent.set_value(ec); });
  CHECK(sent.get_future().get() == errc::no_connection);
  CHECK(hub.counters().closes(close_reason::peer) == 1);
  hub.stop();
}

TEST_CASE("stop closes open connections", "[tcp]") {
  temp_dir dir;
  running_hub h{tcp_config(dir)};
  stream_client phone{h.ports.tcp};
  REQUIRE(phone.write(sample_register("s1", "TCP")));
  REQUIRE(h.messages.pop());
  h.hub.stop();
  CHECK(phone.wait_closed());
  CHECK(h.hub.counters().open(protocol::tcp) == 0);
}
