#pragma once

#include "sip/registrar/register_request.hpp"
#include "sip/syntax/message.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace passerelle::sip::registrar::test {

/// A REGISTER from a phone, written as text and read back.
struct register_text {
  std::vector<std::string> contacts{"<sip:100@192.168.1.20:5060>"};
  std::optional<std::string> expires{"3600"};
  std::string to = "<sip:100@gw.example>";
  std::string call_id = "c1@192.168.1.20";
  std::uint32_t cseq = 1;
  std::string user_agent = "Yealink SIP-T46U 108.86.0.45";
  arrival from{transport_protocol::udp, {"203.0.113.5", 5060}, 0};

  std::string text() const {
    std::string out = "REGISTER sip:gw.example SIP/2.0\r\n"
                      "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK9\r\n"
                      "Max-Forwards: 70\r\n"
                      "From: <sip:100@gw.example>;tag=f1\r\n";
    out += "To: " + to + "\r\n";
    out += "Call-ID: " + call_id + "\r\n";
    out += "CSeq: " + std::to_string(cseq) + " REGISTER\r\n";
    for (const auto& c : contacts)
      out += "Contact: " + c + "\r\n";
    if (expires)
      out += "Expires: " + *expires + "\r\n";
    out += "User-Agent: " + user_agent + "\r\n";
    out += "Content-Length: 0\r\n\r\n";
    return out;
  }

  /// Extracts the request; the test fails if it is refused.
  register_request request() const {
    auto bytes = text();
    auto m = message::parse(bytes);
    REQUIRE(m);
    auto r = extract_register(*m, from);
    REQUIRE(std::holds_alternative<register_request>(r));
    return std::get<register_request>(std::move(r));
  }

  /// Extracts the request expecting a refusal.
  request_rejection rejection() const {
    auto bytes = text();
    auto m = message::parse(bytes);
    REQUIRE(m);
    auto r = extract_register(*m, from);
    REQUIRE(std::holds_alternative<request_rejection>(r));
    return std::get<request_rejection>(std::move(r));
  }
};

} // namespace passerelle::sip::registrar::test
