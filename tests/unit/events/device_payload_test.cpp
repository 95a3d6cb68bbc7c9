// Device event payloads are written straight to CBOR (events/cbor_writer);
// they must stay the bytes the JSON objects they replaced gave, so that a
// log written before and after reads the same and the same event hashes
// the same.
#include "events/cbor_writer.hpp"
#include "events/device.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace passerelle::events;
using nlohmann::json;

namespace {

json credentials_json(const sip_credentials& x) {
  return {{"username", x.username},
          {"realm", x.realm},
          {"ha1_md5", x.ha1_md5},
          {"ha1_sha256", x.ha1_sha256}};
}

/// The payload as it was written before the CBOR writer.
std::vector<uint8_t> reference(const device_event& x) {
  json j;
  if (auto* p = std::get_if<device_provisioned>(&x))
    j = {{"mac", p->mac},
         {"credentials", credentials_json(p->credentials)},
         {"credential_generation", p->credential_generation}};
  else if (auto* k = std::get_if<device_command_completed>(&x))
    j = {{"result", to_json(k->result)}};
  else if (auto* o = std::get_if<device_onboarded>(&x))
    j = {{"phone", to_json(o->phone)}};
  else if (auto* d = std::get_if<device_deleted>(&x))
    j = {{"reason", d->reason}};
  else if (auto* b = std::get_if<registration_bound>(&x))
    j = {{"binding", to_json(b->binding)}};
  else
    j = {{"contact", std::get<registration_removed>(x).contact},
         {"reason", std::get<registration_removed>(x).reason}};
  return json::to_cbor(j);
}

/// Strings across every CBOR length form, integers likewise.
const std::vector<std::string> texts{"",
                                     "a",
                                     std::string(23, 'x'),
                                     std::string(24, 'y'),
                                     std::string(255, 'z'),
                                     std::string(256, 'w'),
                                     std::string(70000, 'v'),
                                     "caf\xc3\xa9 \"quoted\"\n"};

} // namespace

TEST_CASE("device event payloads are the bytes the JSON encoding gave",
          "[device][cbor]") {
  std::vector<device_event> evs;
  for (auto& t : texts) {
    sip_credentials c{t, "realm" + t, std::string(32, 'a'), t};
    for (uint32_t gen : {0u, 1u, 23u, 24u, 255u, 256u, 65535u, 65536u,
                         std::numeric_limits<uint32_t>::max()})
      evs.push_back(device_provisioned{t, c, gen});
    evs.push_back(device_onboarded{
        {t, "T46S", "66.86.0.15", "127.0.0.1", "fr", t, true}});
    evs.push_back(device_onboarded{{"yealink", t, t, t, t, "", false}});
    evs.push_back(device_deleted{t});
    evs.push_back(registration_removed{t, "expired"});
    evs.push_back(device_command_completed{{}});
    for (int status : {0, 23, 24, 200, 488, -1, -24, -25, -300,
                       std::numeric_limits<int>::min()})
      evs.push_back(device_command_completed{{"restart", t, status}});
    for (int64_t at : {int64_t{0}, int64_t{1764000000000000000}, int64_t{-1},
                       int64_t{-25}, std::numeric_limits<int64_t>::min(),
                       std::numeric_limits<int64_t>::max()})
      for (uint64_t conn :
           {uint64_t{0}, uint64_t{70000}, std::numeric_limits<uint64_t>::max()})
        evs.push_back(registration_bound{{"<sip:" + t + "@10.0.0.1>", "tls",
                                          "10.0.0.1:5061", conn, at, t, t}});
  }
  for (auto& ev : evs) {
    auto written = device_aggregate::encode(ev, "test");
    CHECK(written.payload == reference(ev));
    // And it reads back as the event it was.
    envelope x;
    x.type = written.type;
    x.schema = written.schema;
    x.payload = written.payload;
    auto back = device_aggregate::decode(x);
    REQUIRE(back);
    CHECK(back->index() == ev.index());
    CHECK(device_aggregate::encode(*back, "test").payload == written.payload);
  }
}

TEST_CASE("the CBOR writer picks the shortest head", "[cbor]") {
  auto bytes = [](auto write) {
    cbor_writer w;
    write(w);
    return w.take();
  };
  using v = std::vector<uint8_t>;
  CHECK(bytes([](auto& w) { w.unsigned_integer(23); }) == v{0x17});
  CHECK(bytes([](auto& w) { w.unsigned_integer(24); }) == v{0x18, 24});
  CHECK(bytes([](auto& w) { w.unsigned_integer(256); }) == v{0x19, 1, 0});
  CHECK(bytes([](auto& w) { w.integer(-1); }) == v{0x20});
  CHECK(bytes([](auto& w) { w.integer(-25); }) == v{0x38, 24});
  CHECK(bytes([](auto& w) { w.text("ab"); }) == v{0x62, 'a', 'b'});
  CHECK(bytes([](auto& w) { w.map(2); }) == v{0xa2});
  CHECK(bytes([](auto& w) { w.null(); }) == v{0xf6});
  CHECK(bytes([](auto& w) { w.boolean(true); }) == v{0xf5});
}
