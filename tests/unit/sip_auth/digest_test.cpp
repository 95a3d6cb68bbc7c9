#include "sip/auth/digest.hpp"

#include "sip/auth/verify.hpp"
#include "sip/syntax/auth_params.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip::auth;
using passerelle::sip::parse_auth;

namespace {

// RFC 7616 3.9.1: user "Mufasa", password "Circle of Life".
constexpr std::string_view realm = "http-auth@example.org";
constexpr std::string_view nonce =
    "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr std::string_view cnonce =
    "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
constexpr std::string_view opaque =
    "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
constexpr std::string_view md5_response = "8ca523f5e9506fed4657c9700eebdbec";
constexpr std::string_view sha256_response =
    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";

std::string rfc_authorization(std::string_view algorithm,
                              std::string_view response) {
  std::string out = "Digest username=\"Mufasa\", realm=\"";
  out.append(realm).append("\", uri=\"/dir/index.html\", algorithm=");
  out.append(algorithm).append(", nonce=\"").append(nonce);
  out.append("\", nc=00000001, cnonce=\"").append(cnonce);
  out.append("\", qop=auth, response=\"").append(response);
  out.append("\", opaque=\"").append(opaque).append("\"");
  return out;
}

account_ha1 mufasa() {
  return {
      "Mufasa", std::string(realm),
      digest_ha1(digest_algorithm::md5, "Mufasa", realm, "Circle of Life"),
      digest_ha1(digest_algorithm::sha256, "Mufasa", realm, "Circle of Life")};
}

} // namespace

TEST_CASE("algorithm tokens", "[sip_auth][digest]") {
  CHECK(parse_algorithm("MD5") == digest_algorithm::md5);
  CHECK(parse_algorithm("md5") == digest_algorithm::md5);
  CHECK(parse_algorithm("SHA-256") == digest_algorithm::sha256);
  CHECK(parse_algorithm("sha-256") == digest_algorithm::sha256);
  CHECK_FALSE(parse_algorithm("MD5-sess"));
  CHECK_FALSE(parse_algorithm("SHA-256-sess"));
  CHECK_FALSE(parse_algorithm("SHA-512-256"));
  CHECK_FALSE(parse_algorithm(""));
  CHECK(to_string(digest_algorithm::sha256) == "SHA-256");
  CHECK(to_string(digest_algorithm::md5) == "MD5");
}

TEST_CASE("HA1 values of RFC 7616 3.9.1", "[sip_auth][digest]") {
  // Computed independently (python hashlib) from "Mufasa:realm:Circle of
  // Life".
  CHECK(mufasa().md5 == "3d78807defe7de2157e2b0b6573a855f");
  CHECK(mufasa().sha256 ==
        "7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232");
}

TEST_CASE("responses of RFC 7616 3.9.1", "[sip_auth][digest]") {
  auto acc = mufasa();
  response_input in{
      digest_algorithm::md5, acc.md5, nonce, "00000001", cnonce, "GET",
      "/dir/index.html"};
  CHECK(digest_response(in) == md5_response);
  in.algorithm = digest_algorithm::sha256;
  in.ha1 = acc.sha256;
  CHECK(digest_response(in) == sha256_response);
}

TEST_CASE("RFC 7616 3.9.1 credentials check against the account",
          "[sip_auth][digest]") {
  digest_context ctx{"GET", "/dir/index.html", realm, opaque};
  auto acc = mufasa();
  SECTION("SHA-256") {
    auto creds = parse_auth(rfc_authorization("SHA-256", sha256_response));
    REQUIRE(creds);
    auto v = check_response(*creds, ctx, acc);
    CHECK(v.outcome == auth_outcome::ok);
    CHECK(v.algorithm == digest_algorithm::sha256);
  }
  SECTION("MD5") {
    auto creds = parse_auth(rfc_authorization("MD5", md5_response));
    REQUIRE(creds);
    CHECK(check_response(*creds, ctx, acc).outcome == auth_outcome::ok);
  }
  SECTION("answers swapped between algorithms") {
    auto creds = parse_auth(rfc_authorization("SHA-256", md5_response));
    REQUIRE(creds);
    CHECK(check_response(*creds, ctx, acc).outcome == auth_outcome::malformed);
  }
  SECTION("another method") {
    auto creds = parse_auth(rfc_authorization("MD5", md5_response));
    REQUIRE(creds);
    ctx.method = "POST";
    CHECK(check_response(*creds, ctx, acc).outcome == auth_outcome::wrong);
  }
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[sip_auth][digest]") {
  auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  REQUIRE(mac.size() == 32);
  auto hex = to_hex(mac);
  CHECK(hex ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac_sha256("", "x").size() == 32);
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 6 (key longer than a "
          "block)",
          "[sip_auth][digest]") {
  auto mac = hmac_sha256(std::string(131, '\xaa'),
                         "Test Using Larger Than Block-Size Key - Hash Key "
                         "First");
  auto hex = to_hex(mac);
  CHECK(hex ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("a prepared HMAC-SHA256 key gives the same MACs",
          "[sip_auth][digest]") {
  // RFC 4231 test cases 2 and 6, split into parts.
  CHECK(to_hex(hmac_sha256_key{"Jefe"}.mac(
            {"what do ya want ", "for nothing?"})) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(to_hex(hmac_sha256_key{std::string(131, '\xaa')}.mac(
            {"Test Using Larger Than Block-Size Key - Hash Key First"})) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  for (std::size_t n : {0u, 1u, 32u, 63u, 64u, 65u, 200u}) {
    std::string key(n, 'k');
    hmac_sha256_key prepared{key};
    auto copy = prepared;
    for (std::string data :
         {std::string{}, std::string{"x"}, std::string(300, 'd')}) {
      INFO(n << " " << data.size());
      CHECK(prepared.mac({data}) == hmac_sha256(key, data));
      CHECK(copy.mac({data.substr(0, data.size() / 2),
                      data.substr(data.size() / 2)}) == hmac_sha256(key, data));
    }
  }
}

TEST_CASE("constant-time comparison", "[sip_auth][digest]") {
  CHECK(equal_constant_time("abc", "abc"));
  CHECK_FALSE(equal_constant_time("abc", "abd"));
  CHECK_FALSE(equal_constant_time("abc", "abcd"));
  CHECK(equal_constant_time("", ""));
}
