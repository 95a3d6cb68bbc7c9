#include "sip/registrar/response.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/scalars.hpp"
#include "tests/unit/sip_registrar/register_text.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace std::chrono_literals;
using namespace passerelle::sip;
using namespace passerelle::sip::registrar;
using passerelle::sip::registrar::test::register_text;

namespace {

const time_point t0 = time_point{1'700'000'000s};

/// Builds the answer to `t` and parses it back.
struct answered {
  std::string text;
  result<message> reply = syntax_error::empty;

  answered(const register_text& t, const register_decision& d,
           time_point now = t0) {
    auto bytes = t.text();
    auto req = message::parse(bytes);
    REQUIRE(req);
    text = make_register_response(*req, d, now, "gw1").str();
    reply = message::parse(text);
    REQUIRE(reply);
  }
};

} // namespace

TEST_CASE("Date values are RFC 1123 in GMT", "[sip_registrar][response]") {
  CHECK(format_date(t0) == "Tue, 14 Nov 2023 22:13:20 GMT");
  CHECK(format_date(time_point{951'782'400s}) ==
        "Tue, 29 Feb 2000 00:00:00 GMT");
  CHECK(format_date(time_point{-86'400s}) == "Wed, 31 Dec 1969 00:00:00 GMT");
  CHECK(parse_date(format_date(t0 + 500ms)));
}

TEST_CASE("Date values are written as snprintf would write them",
          "[registrar][response]") {
  using namespace std::chrono;
  static constexpr const char* wkdays[] = {"Thu", "Fri", "Sat", "Sun",
                                           "Mon", "Tue", "Wed"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};
  // 1716 to 2255 (nanosecond time points span ±292 years), in steps of
  // 997 hours and 61 seconds.
  using registrar::time_point;
  for (auto t = time_point{-8'000'000'000s}; t < time_point{9'000'000'000s};
       t += 997h + 61s) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{floor<seconds>(t - day)};
    auto wkday = ((day.time_since_epoch().count() % 7) + 7) % 7;
    char expected[40];
    std::snprintf(
        expected, sizeof expected, "%s, %02u %s %04d %02d:%02d:%02d GMT",
        wkdays[wkday], static_cast<unsigned>(ymd.day()),
        months[static_cast<unsigned>(ymd.month()) - 1],
        static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
        static_cast<int>(hms.minutes().count()),
        static_cast<int>(hms.seconds().count()));
    REQUIRE(format_date(t) == expected);
  }
}

TEST_CASE("Contact values carry the time left", "[sip_registrar][response]") {
  registration_binding b;
  b.contact = "sip:100@10.0.0.1:5060;transport=tcp";
  b.expires_at = t0 + 3600s;
  CHECK(contact_value(b, t0) == "<sip:100@10.0.0.1:5060;transport=tcp>"
                                ";expires=3600");
  CHECK(contact_value(b, t0 + 1500ms) ==
        "<sip:100@10.0.0.1:5060;transport=tcp>;expires=3599");
  CHECK(contact_value(b, t0 + 4000s) ==
        "<sip:100@10.0.0.1:5060;transport=tcp>;expires=0");
  b.q = 500;
  b.instance_id = "<urn:uuid:1>";
  CHECK(contact_value(b, t0) == "<sip:100@10.0.0.1:5060;transport=tcp>"
                                ";expires=3600;q=0.5"
                                ";+sip.instance=\"<urn:uuid:1>\"");
  b.q = 1000;
  b.instance_id.reset();
  CHECK(contact_value(b, t0).ends_with(";q=1"));
  b.q = 75;
  CHECK(contact_value(b, t0).ends_with(";q=0.075"));
}

TEST_CASE("200 lists every binding with a Date", "[sip_registrar][response]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=120",
                "<sip:100@10.8.0.2:5060>"};
  auto d = process_register({}, t.request(), t0);
  REQUIRE(d.status == 200);
  answered a{t, d, t0 + 20s};
  CHECK(a.reply->status_code() == 200);
  auto contacts = a.reply->list(header_id::contact);
  REQUIRE(contacts.size() == 2);
  CHECK(contacts[0] == "<sip:100@192.168.1.20:5060>;expires=100");
  CHECK(contacts[1] == "<sip:100@10.8.0.2:5060>;expires=3580");
  CHECK(a.reply->value(header_id::date) == "Tue, 14 Nov 2023 22:13:40 GMT");
  CHECK(a.reply->value(header_id::to) == "<sip:100@gw.example>;tag=gw1");
  CHECK(a.reply->value(header_id::cseq) == "1 REGISTER");
  CHECK(a.reply->value(header_id::call_id) == "c1@192.168.1.20");
}

TEST_CASE("423 carries Min-Expires", "[sip_registrar][response]") {
  register_text t;
  t.expires = "10";
  auto d = process_register({}, t.request(), t0);
  answered a{t, d};
  CHECK(a.reply->status_code() == 423);
  CHECK(a.reply->reason() == "Interval Too Brief");
  CHECK(a.reply->value(header_id::min_expires) == "60");
  CHECK(a.reply->count(header_id::contact) == 0);
}

TEST_CASE("other refusals carry their reason", "[sip_registrar][response]") {
  register_text t;
  t.contacts = {"*"};
  t.expires = "60";
  auto d = process_register({}, t.request(), t0);
  answered a{t, d};
  CHECK(a.reply->status_code() == 400);
  CHECK(a.reply->reason() == "Invalid Wildcard");
  CHECK(a.reply->count(header_id::date) == 0);

  register_text bad;
  bad.expires = "x";
  auto bytes = bad.text();
  auto req = message::parse(bytes);
  REQUIRE(req);
  auto r = bad.rejection();
  auto text = make_register_rejection(*req, r).str();
  CHECK(text.starts_with("SIP/2.0 400 Bad Expires\r\n"));
}

TEST_CASE("401 offers SHA-256 then MD5", "[sip_registrar][response]") {
  register_text t;
  auto bytes = t.text();
  auto req = message::parse(bytes);
  REQUIRE(req);
  auth::challenge_params p{"gw.example", "n1", std::nullopt, true};
  auto text = make_register_challenge(*req, p, "gw1").str();
  auto reply = message::parse(text);
  REQUIRE(reply);
  CHECK(reply->status_code() == 401);
  auto values = reply->values(header_id::www_authenticate);
  REQUIRE(values.size() == 2);
  auto first = parse_auth(values[0]);
  auto second = parse_auth(values[1]);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->algorithm() == "SHA-256");
  CHECK(second->algorithm() == "MD5");
  CHECK(first->qop() == "auth");
  CHECK(first->stale());
  CHECK(first->realm() == "gw.example");
  CHECK(first->nonce() == "n1");
}
