#pragma once

#include "sip/syntax/uri.hpp"

#include <catch2/catch.hpp>

#include <string_view>

namespace passerelle::sip::test {

/// Parses a URI the test expects to be valid; fails the test otherwise.
inline uri must_uri(std::string_view text) {
  INFO(text);
  auto u = parse_uri(text);
  REQUIRE(u);
  return *u;
}

} // namespace passerelle::sip::test
