#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <future>

using namespace passerelle::sip::transport;
using namespace passerelle::sip::transport::test;

TEST_CASE("a UDP request reaches the handler and its reply returns", "[udp]") {
  temp_dir dir;
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  running_hub h{cfg};
  REQUIRE(h.ports.udp != 0);
  CHECK(h.ports.udp == h.ports.tcp);

  udp_client phone;
  phone.send_to(h.ports.udp, sample_register("u1"));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->transport == protocol::udp);
  CHECK(m->source_ip == "127.0.0.1");
  CHECK(m->source_port == phone.port());
  CHECK(m->local_port == h.ports.udp);
  CHECK(m->connection_id == 0);
  CHECK(m->received_at.time_since_epoch().count() != 0);
  // RFC 3581: rport was asked for, so both values are stamped.
  CHECK(m->top_via.rport == phone.port());
  CHECK(m->top_via.received == "127.0.0.1");
  CHECK(m->via_stamped);
  std::string stamped = ";rport=";
  stamped += std::to_string(phone.port());
  stamped += ";received=127.0.0.1\r\n";
  CHECK(m->bytes.find(stamped) != std::string::npos);

  std::promise<std::error_code> sent;
  h.hub.send(reply_target(*m), sample_response("u1"),
             [&](std::error_code ec) { sent.set_value(ec); });
  auto reply = phone.receive();
  REQUIRE(reply);
  CHECK(*reply == sample_response("u1"));
  CHECK_FALSE(sent.get_future().get());
  CHECK(h.hub.counters().messages_in(protocol::udp) == 1);
  CHECK(eventually(
      [&] { return h.hub.counters().messages_out(protocol::udp) == 1; }));
}

TEST_CASE("each datagram carries its own source address", "[udp]") {
  temp_dir dir;
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  running_hub h{cfg};
  // Alternating sources: the endpoint's memo of the last one must follow.
  udp_client first{"127.0.0.1"};
  udp_client second{"127.0.0.2"};
  for (auto* phone : {&first, &second, &second, &first}) {
    phone->send_to(h.ports.udp, sample_register("u1"));
    auto m = h.messages.pop();
    REQUIRE(m);
    CHECK(m->source_ip == (phone == &first ? "127.0.0.1" : "127.0.0.2"));
    CHECK(m->source_port == phone->port());
    CHECK(m->top_via.received == m->source_ip);
  }
}

TEST_CASE("UDP keep-alives and non-SIP datagrams are not delivered", "[udp]") {
  temp_dir dir;
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  running_hub h{cfg};
  udp_client phone;
  phone.send_to(h.ports.udp, "\r\n\r\n");
  // A STUN binding request (RFC 5389 6) starts with two zero bits.
  phone.send_to(h.ports.udp,
                std::string("\x00\x01\x00\x00\x21\x12\xa4\x42", 8));
  phone.send_to(h.ports.udp, sample_register("u2"));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->bytes.find("Call-ID: u2") != std::string::npos);
  CHECK(h.hub.counters().drops(drop_reason::not_sip) == 1);
  CHECK(h.messages.size() == 0);
}

TEST_CASE("an oversize datagram is dropped and counted", "[udp][limits]") {
  temp_dir dir;
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  cfg.limits.max_message_size = 1000;
  running_hub h{cfg};
  udp_client phone;
  phone.send_to(h.ports.udp,
                sample_register("big", "UDP", std::string(1500, 'x')));
  phone.send_to(h.ports.udp, sample_register("small"));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->bytes.find("Call-ID: small") != std::string::npos);
  CHECK(h.hub.counters().drops(drop_reason::oversize) == 1);
}

TEST_CASE("sends to bad targets fail through the handler", "[udp]") {
  temp_dir dir;
  auto cfg = loopback_config(dir.path());
  cfg.enable_tls = false;
  running_hub h{cfg};
  std::error_code got;
  h.hub.send({protocol::udp, "not-an-ip", 5060, 0}, "x",
             [&](std::error_code ec) { got = ec; });
  CHECK(got == errc::bad_address);
  h.hub.send({protocol::tcp, "127.0.0.1", 9, 0}, "x",
             [&](std::error_code ec) { got = ec; });
  CHECK(got == errc::no_connection);
  h.hub.stop();
  h.hub.send({protocol::udp, "127.0.0.1", 9, 0}, "x",
             [&](std::error_code ec) { got = ec; });
  CHECK(got == errc::stopped);
}
