#include "sip/transport/connection_table.hpp"

#include "sip/transport/connection.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip::transport;

namespace {

struct fake_connection : connection {
  void send(std::string, send_handler) override {
    // nop
  }
  void close(close_reason) override {
    // nop
  }
};

} // namespace

TEST_CASE("admission counts per address and in total", "[table]") {
  connection_table table{3, 2};
  CHECK(table.admit("192.0.2.1") == admission::admitted);
  CHECK(table.admit("192.0.2.1") == admission::admitted);
  CHECK(table.admit("192.0.2.1") == admission::per_ip_limit);
  CHECK(table.admit("192.0.2.2") == admission::admitted);
  CHECK(table.admit("192.0.2.3") == admission::total_limit);
  CHECK(table.size() == 3);
  table.release("192.0.2.1");
  CHECK(table.count("192.0.2.1") == 1);
  CHECK(table.admit("192.0.2.3") == admission::admitted);
}

TEST_CASE("connections are found by id and by peer", "[table]") {
  connection_table table{10, 10};
  auto a = std::make_shared<fake_connection>();
  auto b = std::make_shared<fake_connection>();
  REQUIRE(table.admit("192.0.2.1") == admission::admitted);
  table.insert(1, protocol::tcp, "192.0.2.1", 5060, a);
  REQUIRE(table.admit("192.0.2.1") == admission::admitted);
  table.insert(2, protocol::tls, "192.0.2.1", 5060, b);
  CHECK(table.find(1) == a);
  CHECK(table.find(protocol::tls, "192.0.2.1", 5060) == b);
  CHECK(table.find(protocol::tcp, "192.0.2.1", 5061) == nullptr);
  CHECK(table.snapshot().size() == 2);
  table.erase(1);
  CHECK(table.find(1) == nullptr);
  CHECK(table.find(protocol::tcp, "192.0.2.1", 5060) == nullptr);
  CHECK(table.count("192.0.2.1") == 1);
  table.erase(1); // twice is harmless
  CHECK(table.size() == 1);
}
