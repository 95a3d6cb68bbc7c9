#include "sip/auth/challenge.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/message.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::sip;
using namespace passerelle::sip::auth;

namespace {

const std::string register_text = "REGISTER sip:gw.example SIP/2.0\r\n"
                                  "Via: SIP/2.0/UDP 10.0.0.5:5060;branch="
                                  "z9hG4bK776\r\n"
                                  "Max-Forwards: 70\r\n"
                                  "From: <sip:100@gw.example>;tag=a1\r\n"
                                  "To: <sip:100@gw.example>\r\n"
                                  "Call-ID: c1@10.0.0.5\r\n"
                                  "CSeq: 1 REGISTER\r\n"
                                  "Contact: <sip:100@10.0.0.5:5060>\r\n"
                                  "Content-Length: 0\r\n\r\n";

} // namespace

TEST_CASE("challenges offer SHA-256 first and MD5 last",
          "[sip_auth][challenge]") {
  challenge_params p{"gw.example", "abc", std::nullopt, false};
  auto values = challenge(p);
  REQUIRE(values.size() == 2);
  CHECK(values[0] == "Digest realm=\"gw.example\", nonce=\"abc\", "
                     "algorithm=SHA-256, qop=\"auth\"");
  CHECK(values[1] == "Digest realm=\"gw.example\", nonce=\"abc\", "
                     "algorithm=MD5, qop=\"auth\"");
}

TEST_CASE("stale and opaque appear when asked", "[sip_auth][challenge]") {
  challenge_params p{"gw.example", "abc", "xyz", true};
  auto v = challenge_value(p, digest_algorithm::md5);
  CHECK(v == "Digest realm=\"gw.example\", nonce=\"abc\", opaque=\"xyz\", "
             "algorithm=MD5, qop=\"auth\", stale=true");
  auto parsed = parse_auth(v);
  REQUIRE(parsed);
  CHECK(parsed->stale());
  CHECK(parsed->opaque() == "xyz");
}

TEST_CASE("challenges read as the credentials writer writes them",
          "[sip_auth][challenge]") {
  // challenge_value writes its parameters itself: the same text as
  // to_string of the same parameters.
  for (const char* realm : {"gw.example", "a \"quoted\\ realm"})
    for (bool stale : {false, true})
      for (auto opaque :
           {std::optional<std::string>{}, std::optional<std::string>{"o\"p"}})
        for (auto a : {digest_algorithm::md5, digest_algorithm::sha256}) {
          challenge_params p{realm, "MTcx-_nonce", opaque, stale};
          auth_value v;
          v.scheme = "Digest";
          v.params.push_back({"realm", p.realm, true});
          v.params.push_back({"nonce", p.nonce, true});
          if (opaque)
            v.params.push_back({"opaque", *opaque, true});
          v.params.push_back({"algorithm", std::string(to_string(a)), false});
          v.params.push_back({"qop", "auth", true});
          if (stale)
            v.params.push_back({"stale", "true", false});
          CHECK(challenge_value(p, a) == to_string(v, false));
        }
}

TEST_CASE("401 and 407 carry both challenges", "[sip_auth][challenge]") {
  auto req = message::parse(register_text);
  REQUIRE(req);
  challenge_params p{"gw.example", "n0nce", std::nullopt, false};
  SECTION("401 WWW-Authenticate") {
    auto text =
        make_challenge_response(*req, challenge_kind::origin, p, "t1").str();
    auto res = message::parse(text);
    REQUIRE(res);
    CHECK(res->status_code() == 401);
    auto values = res->values(header_id::www_authenticate);
    REQUIRE(values.size() == 2);
    CHECK(parse_auth(values[0])->algorithm() == "SHA-256");
    CHECK(parse_auth(values[1])->algorithm() == "MD5");
    CHECK(res->value(header_id::to) == "<sip:100@gw.example>;tag=t1");
    CHECK(res->count(header_id::proxy_authenticate) == 0);
  }
  SECTION("407 Proxy-Authenticate") {
    auto text = make_challenge_response(*req, challenge_kind::proxy, p).str();
    auto res = message::parse(text);
    REQUIRE(res);
    CHECK(res->status_code() == 407);
    CHECK(res->count(header_id::proxy_authenticate) == 2);
    CHECK(res->count(header_id::www_authenticate) == 0);
  }
  CHECK(credentials_header(challenge_kind::origin) == header_id::authorization);
  CHECK(credentials_header(challenge_kind::proxy) ==
        header_id::proxy_authorization);
}
