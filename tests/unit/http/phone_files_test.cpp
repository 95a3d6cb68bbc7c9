#include "http/phone_files.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;
using namespace passerelle::http;

namespace {

const phone_file_settings settings{"default", "gw.example", 8080, 5061,
                                   "passerelle.local"};

const std::string ua = "Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72";

pending_phone_file pending(std::string_view path) {
  auto plan = plan_phone_file(path, ua, "10.0.0.9", settings);
  REQUIRE(std::holds_alternative<pending_phone_file>(plan));
  return std::get<pending_phone_file>(std::move(plan));
}

phone_answer answered(std::string_view path, std::string_view user_agent = ua) {
  auto plan = plan_phone_file(path, user_agent, "10.0.0.9", settings);
  REQUIRE(std::holds_alternative<phone_answer>(plan));
  return std::get<phone_answer>(std::move(plan));
}

} // namespace

TEST_CASE("files without secrets are answered at once", "[http][files]") {
  auto model = answered("/lang_fr/y000000000066.cfg");
  CHECK(model.status == 200);
  CHECK(model.body.find("account.1.password") == std::string::npos);
  CHECK(answered("/nothing-here.cfg").status == 404);
  CHECK(answered("/tenantid/other/805ec0d57d72.cfg").status == 404);
  // Another phone's file.
  CHECK(answered("/805ec0d57d99.cfg").status == 403);
}

TEST_CASE("a phone's own file waits for its password", "[http][files]") {
  auto file = pending("/lang_fr/805ec0d57d72.cfg");
  CHECK(file.mac == "805ec0d57d72");
  CHECK(file.phone.vendor == "yealink");
  CHECK(file.phone.source_ip == "10.0.0.9");
  CHECK(file.phone.language == "fr");
  auto answer = finish_phone_file(file, std::string{"p4ssw0rd"});
  CHECK(answer.status == 200);
  CHECK(answer.body.find("account.1.user_name = 805ec0d57d72") !=
        std::string::npos);
  CHECK(answer.body.find("account.1.password = p4ssw0rd") != std::string::npos);
  CHECK(answer.body.find("gw.example:8080") != std::string::npos);
}

TEST_CASE("a failed onboarding answers its status", "[http][files]") {
  auto file = pending("/805ec0d57d72.cfg");
  auto gone = finish_phone_file(file, failure{ec::timeout, "stopping"});
  CHECK(gone.status == 503);
  CHECK(gone.body == "stopping\n");
  CHECK(finish_phone_file(file, failure{ec::conflict, "x"}).status == 409);
  CHECK(finish_phone_file(file, failure{ec::storage_failure, "x"}).status ==
        500);
}
