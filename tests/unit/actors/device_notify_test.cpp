#include "actors/device_notify.hpp"

#include "sip/auth/digest.hpp"
#include "sip/syntax/message.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;

TEST_CASE("each vendor gets its own restart and resync event", "[notify]") {
  CHECK(notify_event("yealink", "restart") == "check-sync;reboot=true");
  CHECK(notify_event("poly", "resync") == "check-sync;reboot=false");
  CHECK(notify_event("audiocodes", "restart") == "check-sync;reboot=true");
  CHECK(notify_event("cisco", "restart") == "reboot_now");
  CHECK(notify_event("cisco", "resync") == "resync");
  CHECK(notify_event("cisco", "format") == "");
}

namespace {

notify_request sample() {
  notify_request r;
  r.target_uri = "sip:00562b043615@10.0.0.7:5060";
  r.to = "<sip:00562b043615@passerelle.local>";
  r.via_host = "10.0.0.1";
  r.transport = "UDP";
  r.branch = "z9hG4bKabc";
  r.call_id = "c1@passerelle";
  r.from_tag = "t1";
  r.domain = "passerelle.local";
  r.event = "reboot_now";
  return r;
}

} // namespace

TEST_CASE("the NOTIFY is out of dialog and parses back", "[notify]") {
  auto text = render_notify(sample());
  auto msg = sip::message::parse(std::string_view{text});
  REQUIRE(msg);
  CHECK(msg->method() == "NOTIFY");
  CHECK(msg->request_uri() == "sip:00562b043615@10.0.0.7:5060");
  CHECK(msg->value("Event") == "reboot_now");
  CHECK(msg->value("Subscription-State") == "terminated");
  CHECK(msg->value(sip::header_id::cseq) == "1 NOTIFY");
}

TEST_CASE("a phone's challenge is answered from the HA1", "[notify]") {
  std::string challenge = "SIP/2.0 401 Unauthorized\r\n"
                          "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc\r\n"
                          "From: <sip:passerelle@passerelle.local>;tag=t1\r\n"
                          "To: <sip:00562b043615@passerelle.local>;tag=p\r\n"
                          "Call-ID: c1@passerelle\r\n"
                          "CSeq: 1 NOTIFY\r\n"
                          "WWW-Authenticate: Digest realm=\"cisco\", "
                          "nonce=\"n1\", qop=\"auth\", algorithm=MD5\r\n"
                          "Content-Length: 0\r\n\r\n";
  auto msg = sip::message::parse(std::string_view{challenge});
  REQUIRE(msg);
  auto ha1 = sip::auth::digest_ha1(sip::auth::digest_algorithm::md5,
                                   "00562b043615", "cisco", "secret");
  auto answer =
      answer_challenge(*msg, sample(), "00562b043615", ha1, "", "cn1");
  REQUIRE(answer);
  auto expected = sip::auth::digest_response(
      {sip::auth::digest_algorithm::md5, ha1, "n1", "00000001", "cn1", "NOTIFY",
       "sip:00562b043615@10.0.0.7:5060"});
  CHECK(answer->find("response=\"" + expected + "\"") != std::string::npos);
  CHECK(answer->find("qop=auth") != std::string::npos);
  std::string basic = challenge;
  basic.replace(basic.find("Digest realm=\"cisco\", nonce=\"n1\", "
                           "qop=\"auth\", algorithm=MD5"),
                std::string_view{"Digest realm=\"cisco\", nonce=\"n1\", "
                                 "qop=\"auth\", algorithm=MD5"}
                    .size(),
                "Basic realm=\"cisco\"");
  auto basic_msg = sip::message::parse(std::string_view{basic});
  REQUIRE(basic_msg);
  CHECK_FALSE(answer_challenge(*basic_msg, sample(), "u", ha1, "", "cn1"));
}
