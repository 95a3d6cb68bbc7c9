#include "events/cbor_check.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

using passerelle::events::well_formed_cbor;

namespace {

std::string bytes(std::initializer_list<int> xs) {
  std::string out;
  for (int x : xs)
    out.push_back(static_cast<char>(x));
  return out;
}

std::string cbor(const nlohmann::json& j) {
  auto v = nlohmann::json::to_cbor(j);
  return {v.begin(), v.end()};
}

} // namespace

TEST_CASE("encoded JSON values are well-formed CBOR", "[cbor]") {
  CHECK(well_formed_cbor(cbor({{"mac", "001565aabbcc"}, {"n", -5}})));
  CHECK(well_formed_cbor(cbor({1, 2.5, nullptr, true, {{"a", {1, 2}}}})));
  CHECK(well_formed_cbor(cbor(std::string(300, 'x'))));
  CHECK(well_formed_cbor(cbor(nlohmann::json::object())));
}

TEST_CASE("indefinite lengths and tags are walked", "[cbor]") {
  CHECK(well_formed_cbor(bytes({0x9f, 0x01, 0x02, 0xff})));       // [_ 1, 2]
  CHECK(well_formed_cbor(bytes({0xbf, 0x61, 0x61, 0x01, 0xff}))); // {_ "a": 1}
  CHECK(well_formed_cbor(bytes({0x7f, 0x61, 0x61, 0x61, 0x62, 0xff})));
  CHECK(well_formed_cbor(bytes({0xc1, 0x1a, 0, 0, 0, 1}))); // tag 1
}

TEST_CASE("malformed CBOR is refused", "[cbor]") {
  CHECK_FALSE(well_formed_cbor(""));
  CHECK_FALSE(well_formed_cbor(bytes({0x62, 0x61})));       // short string
  CHECK_FALSE(well_formed_cbor(bytes({0x82, 0x01})));       // short array
  CHECK_FALSE(well_formed_cbor(bytes({0x01, 0x02})));       // trailing byte
  CHECK_FALSE(well_formed_cbor(bytes({0x1c})));             // reserved info
  CHECK_FALSE(well_formed_cbor(bytes({0xff})));             // lone break
  CHECK_FALSE(well_formed_cbor(bytes({0x9f, 0x01})));       // no break
  CHECK_FALSE(well_formed_cbor(bytes({0x7f, 0x01, 0xff}))); // bad chunk
  CHECK_FALSE(well_formed_cbor(bytes({0xf8, 0x10})));       // bad simple
  CHECK_FALSE(well_formed_cbor(bytes(
      {0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}))); // huge count
  std::string deep(100, static_cast<char>(0x81));
  deep.push_back(0x01);
  CHECK_FALSE(well_formed_cbor(deep)); // nesting beyond the limit
}

TEST_CASE("the walk agrees with nlohmann's decoder on mutations", "[cbor]") {
  std::mt19937 rng{7};
  auto base = cbor(
      {{"binding", {{"contact", "sip:a@b"}, {"n", 1}}}, {"list", {1, 2, 3}}});
  for (int i = 0; i < 5000; ++i) {
    auto x = base;
    x[rng() % x.size()] = static_cast<char>(rng());
    if (rng() % 4 == 0)
      x.resize(rng() % x.size());
    bool decodes = false;
    try {
      decodes = !nlohmann::json::from_cbor(x, true, false).is_discarded();
    } catch (const nlohmann::json::exception&) {
      // nlohmann throws on some sizes even when asked not to
    }
    // nlohmann refuses some well-formed items (e.g. invalid UTF-8); never
    // the other way round.
    if (decodes)
      CHECK(well_formed_cbor(x));
  }
}
