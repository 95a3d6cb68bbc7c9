#include "sip/auth/verify.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/message.hpp"

#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <cctype>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;
using namespace passerelle::sip;
using namespace passerelle::sip::auth;

namespace {

const time_point t0 = time_point{1'700'000'000s};
constexpr std::string_view realm = "gw.example";
constexpr std::string_view ruri = "sip:gw.example";

// The phone's side, written against OpenSSL directly so that the library
// is checked against an independent computation.
std::string h(const char* alg, const std::string& s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out, &len, EVP_get_digestbyname(alg), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

struct phone {
  std::string user = "100";
  std::string password = "s3cret";
  std::string algorithm = "SHA-256";
  std::string uri = std::string(ruri);
  std::string cnonce = "0a4f113b";

  const char* md() const { return algorithm == "MD5" ? "MD5" : "SHA256"; }

  auth_value answer(const std::string& nonce, unsigned nc,
                    const std::string& method = "REGISTER") const {
    char nc_text[9];
    std::snprintf(nc_text, sizeof nc_text, "%08x", nc);
    auto ha1 = h(md(), user + ":" + std::string(realm) + ":" + password);
    auto ha2 = h(md(), method + ":" + uri);
    auto resp = h(md(), ha1 + ":" + nonce + ":" + nc_text + ":" + cnonce +
                            ":auth:" + ha2);
    auto text = "Digest username=\"" + user + "\", realm=\"" +
                std::string(realm) + "\", nonce=\"" + nonce + "\", uri=\"" +
                uri + "\", response=\"" + resp + "\", algorithm=" + algorithm +
                ", cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc_text;
    auto v = parse_auth(text);
    REQUIRE(v);
    return *v;
  }
};

account_ha1 account_100() {
  // HA1 of "100:gw.example:s3cret", as the store keeps it.
  return {"100", std::string(realm), h("MD5", "100:gw.example:s3cret"),
          h("SHA256", "100:gw.example:s3cret")};
}

struct fixture {
  nonce_issuer issuer{"nonce-secret"};
  nonce_counter counter;
  digest_context ctx{"REGISTER", ruri, realm, std::nullopt};
  std::string nonce = issuer.issue(realm, t0, 42);

  verification run(const auth_value& creds, time_point now = t0,
                   const account_ha1& acc = account_100()) {
    return verify(creds, ctx, acc, issuer, counter, now);
  }
};

} // namespace

TEST_CASE("correct answers pass with SHA-256 and MD5", "[sip_auth][verify]") {
  fixture f;
  phone p;
  auto v = f.run(p.answer(f.nonce, 1), t0 + 1s);
  CHECK(v.outcome == auth_outcome::ok);
  CHECK(v.algorithm == digest_algorithm::sha256);
  CHECK(v.detail.empty());
  p.algorithm = "MD5";
  v = f.run(p.answer(f.nonce, 2), t0 + 2s);
  CHECK(v.outcome == auth_outcome::ok);
  CHECK(v.algorithm == digest_algorithm::md5);
}

TEST_CASE("a wrong password is wrong", "[sip_auth][verify]") {
  fixture f;
  phone p;
  p.password = "guess";
  CHECK(f.run(p.answer(f.nonce, 1)).outcome == auth_outcome::wrong);
  // A failed attempt does not use up the count.
  p.password = "s3cret";
  CHECK(f.run(p.answer(f.nonce, 1)).outcome == auth_outcome::ok);
}

TEST_CASE("an unknown user gets the same answer as a wrong password",
          "[sip_auth][verify]") {
  fixture f;
  phone wrong_password;
  wrong_password.password = "guess";
  auto known = f.run(wrong_password.answer(f.nonce, 1));
  phone stranger;
  stranger.user = "999";
  auto decoy = decoy_account("decoy-secret", "999", realm);
  CHECK(decoy.md5.size() == 32);
  CHECK(decoy.sha256.size() == 64);
  CHECK(decoy_account("decoy-secret", "999", realm).sha256 == decoy.sha256);
  CHECK(decoy_account("decoy-secret", "998", realm).sha256 != decoy.sha256);
  auto unknown = f.run(stranger.answer(f.nonce, 1), t0, decoy);
  CHECK(unknown.outcome == known.outcome);
  CHECK(unknown.outcome == auth_outcome::wrong);
  CHECK(unknown.detail == known.detail);
}

TEST_CASE("the uri must name the Request-URI", "[sip_auth][verify]") {
  fixture f;
  phone p;
  p.uri = "sip:other.example";
  auto v = f.run(p.answer(f.nonce, 1));
  CHECK(v.outcome == auth_outcome::malformed);
  CHECK(v.detail == "uri mismatch");
  p.uri = "sip:GW.example"; // equivalent (RFC 3261 19.1.4)
  CHECK(f.run(p.answer(f.nonce, 1)).outcome == auth_outcome::ok);
}

TEST_CASE("a replayed nonce-count is refused", "[sip_auth][verify]") {
  fixture f;
  phone p;
  auto creds = p.answer(f.nonce, 1);
  CHECK(f.run(creds).outcome == auth_outcome::ok);
  CHECK(f.run(creds, t0 + 1s).outcome == auth_outcome::replay);
  CHECK(f.run(p.answer(f.nonce, 2), t0 + 2s).outcome == auth_outcome::ok);
  CHECK(f.run(p.answer(f.nonce, 2), t0 + 3s).outcome == auth_outcome::replay);
}

TEST_CASE("old and foreign nonces are stale only for correct answers",
          "[sip_auth][verify]") {
  fixture f;
  phone p;
  CHECK(f.run(p.answer(f.nonce, 1), t0 + 61s).outcome == auth_outcome::stale);
  nonce_issuer other{"rotated"};
  auto foreign = other.issue(realm, t0, 1);
  auto v = f.run(p.answer(foreign, 1));
  CHECK(v.outcome == auth_outcome::stale);
  CHECK(v.detail == "nonce not ours");
  CHECK(f.run(p.answer("garbage", 1)).outcome == auth_outcome::stale);
  p.password = "guess";
  CHECK(f.run(p.answer(f.nonce, 1), t0 + 61s).outcome == auth_outcome::wrong);
  CHECK(f.run(p.answer(foreign, 1)).outcome == auth_outcome::wrong);
}

TEST_CASE("malformed credentials", "[sip_auth][verify]") {
  fixture f;
  auto check = [&](const std::string& text) {
    auto v = parse_auth(text);
    REQUIRE(v);
    return f.run(*v).outcome;
  };
  auto n = f.nonce;
  std::string base = "Digest username=\"100\", realm=\"gw.example\", nonce=\"" +
                     n + "\", uri=\"sip:gw.example\", response=\"" +
                     std::string(64, 'a') + "\"";
  // RFC 2069 style (no qop): refused.
  CHECK(check(base + ", algorithm=SHA-256") == auth_outcome::malformed);
  CHECK(check(base + ", algorithm=SHA-256, qop=auth-int, nc=00000001, "
                     "cnonce=\"x\"") == auth_outcome::malformed);
  CHECK(check(base + ", algorithm=SHA-256-sess, qop=auth, nc=00000001, "
                     "cnonce=\"x\"") == auth_outcome::malformed);
  CHECK(check(base + ", algorithm=SHA-256, qop=auth, nc=00000000, "
                     "cnonce=\"x\"") == auth_outcome::malformed);
  CHECK(check(base + ", algorithm=SHA-256, qop=auth, nc=00000001") ==
        auth_outcome::malformed);
  CHECK(check(base + ", algorithm=SHA-256, qop=auth, nc=00000001, "
                     "cnonce=\"x\", userhash=true") == auth_outcome::malformed);
  // No algorithm means MD5, whose responses are 32 digits.
  CHECK(check(base + ", qop=auth, nc=00000001, cnonce=\"x\"") ==
        auth_outcome::malformed);
  CHECK(check("Basic realm=\"gw.example\"") == auth_outcome::malformed);
  CHECK(check("Digest realm=\"gw.example\"") == auth_outcome::malformed);
}

TEST_CASE("realm, user and opaque must match", "[sip_auth][verify]") {
  fixture f;
  phone p;
  f.ctx.realm = "elsewhere";
  CHECK(f.run(p.answer(f.nonce, 1)).detail == "realm mismatch");
  f.ctx.realm = realm;
  auto acc = account_100();
  acc.username = "101";
  CHECK(f.run(p.answer(f.nonce, 1), t0, acc).outcome == auth_outcome::wrong);
  f.ctx.opaque = "op";
  CHECK(f.run(p.answer(f.nonce, 1)).detail == "opaque mismatch");
}

TEST_CASE("an account without an HA1 for the algorithm never passes",
          "[sip_auth][verify]") {
  fixture f;
  phone p;
  auto acc = account_100();
  acc.sha256.clear();
  // A phone computing with an empty HA1 must not get in.
  auto ha2 = h("SHA256", "REGISTER:" + std::string(ruri));
  auto resp = h("SHA256", ":" + f.nonce + ":00000001:c:auth:" + ha2);
  auto creds = parse_auth("Digest username=\"100\", realm=\"gw.example\", "
                          "nonce=\"" +
                          f.nonce +
                          "\", uri=\"sip:gw.example\", "
                          "response=\"" +
                          resp +
                          "\", algorithm=SHA-256, "
                          "cnonce=\"c\", qop=auth, nc=00000001");
  REQUIRE(creds);
  CHECK(f.run(*creds, t0, acc).outcome == auth_outcome::wrong);
  CHECK(f.run(p.answer(f.nonce, 1), t0, acc).outcome == auth_outcome::wrong);
}

TEST_CASE("credentials are found by realm", "[sip_auth][verify]") {
  std::string text =
      "REGISTER sip:gw.example SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\r\n"
      "From: <sip:100@gw.example>;tag=1\r\n"
      "To: <sip:100@gw.example>\r\n"
      "Call-ID: x\r\nCSeq: 2 REGISTER\r\n"
      "Authorization: Digest username=\"a\", realm=\"other\", "
      "nonce=\"1\", uri=\"sip:gw.example\", response=\"ab\"\r\n"
      "Authorization: Digest username=\"100\", "
      "realm=\"gw.example\", nonce=\"2\", uri=\"sip:gw.example\","
      " response=\"cd\"\r\n"
      "Content-Length: 0\r\n\r\n";
  auto m = message::parse(text);
  REQUIRE(m);
  auto found = find_credentials(*m, challenge_kind::origin, realm);
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->nonce() == "2");
  auto none = find_credentials(*m, challenge_kind::origin, "nowhere");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
  CHECK_FALSE(find_credentials(*m, challenge_kind::proxy, realm)->has_value());
  std::string bad = "REGISTER sip:gw.example SIP/2.0\r\n"
                    "Authorization: Digest nc=zz\r\n\r\n";
  auto mb = message::parse(bad);
  REQUIRE(mb);
  CHECK_FALSE(find_credentials(*mb, challenge_kind::origin, realm));
}

TEST_CASE("credentials are looked for in order, the first kept parse first",
          "[sip_auth][verify]") {
  auto request = [](std::string first, std::string second) {
    return "REGISTER sip:gw.example SIP/2.0\r\n"
           "Authorization: " +
           first + "\r\nX-Between: 1\r\nAuthorization: " + second + "\r\n\r\n";
  };
  const std::string ours = "Digest username=\"100\", realm=\"gw.example\"";
  const std::string theirs = "Digest username=\"a\", realm=\"other\"";
  const std::string broken = "Digest nc=zz";
  // The first is ours: what comes after does not matter.
  auto text = request(ours, broken);
  auto m = message::parse(text);
  REQUIRE(m);
  (void)m->authorization(); // classify's parse, kept
  auto found = find_credentials(*m, challenge_kind::origin, "gw.example");
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->username() == "100");
  // Another realm first, then a broken value: an error.
  auto text2 = request(theirs, broken);
  auto m2 = message::parse(text2);
  REQUIRE(m2);
  CHECK_FALSE(find_credentials(*m2, challenge_kind::origin, "gw.example"));
  // A broken first value is an error even if ours follows.
  auto text3 = request(broken, ours);
  auto m3 = message::parse(text3);
  REQUIRE(m3);
  CHECK_FALSE(find_credentials(*m3, challenge_kind::origin, "gw.example"));
  // Ours second.
  auto text4 = request(theirs, ours);
  auto m4 = message::parse(text4);
  REQUIRE(m4);
  auto second = find_credentials(*m4, challenge_kind::origin, "gw.example");
  REQUIRE(second);
  REQUIRE(second->has_value());
  CHECK((*second)->username() == "100");
}

TEST_CASE("parameters are read by name ignoring case, the first of each",
          "[sip_auth][verify]") {
  fixture f;
  phone p;
  auto creds = p.answer(f.nonce, 1);
  // Names in another case still name the parameters.
  for (auto& param : creds.params)
    for (auto& c : param.name)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(f.run(creds).outcome == auth_outcome::ok);
  // A repeated parameter counts by its first occurrence.
  auto later = p.answer(f.nonce, 2);
  later.params.push_back({"response", std::string(64, '0'), true});
  later.params.push_back({"nc", "00000009", false});
  CHECK(f.run(later).outcome == auth_outcome::ok);
  auto first_wrong = p.answer(f.nonce, 3);
  first_wrong.params.insert(first_wrong.params.begin(),
                            {"Response", std::string(64, '0'), true});
  CHECK(f.run(first_wrong).outcome == auth_outcome::wrong);
  // A response in upper-case hex is the same answer.
  auto upper = p.answer(f.nonce, 4);
  for (auto& param : upper.params)
    if (param.name == "response")
      for (auto& c : param.value)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(f.run(upper).outcome == auth_outcome::ok);
}
