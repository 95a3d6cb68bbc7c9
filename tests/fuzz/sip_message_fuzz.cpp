// Fuzzes every step a received SIP message takes before the registrar
// stores anything: the transport's parse and top Via stamping (RFC 3261
// 18.2.1, RFC 3581), the kept parse handed on, classify, the accessors,
// the answers built from the request, and the REGISTER path with its
// credentials (find, verify against a decoy account, extract, process).
#include "fuzz_check.hpp"
#include "message_reading.hpp"
#include "sip/auth/verify.hpp"
#include "sip/registrar/process.hpp"
#include "sip/registrar/register_request.hpp"
#include "sip/registrar/response.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/message.hpp"
#include "sip/transport/via_stamp.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace passerelle;
using namespace passerelle::sip;

constexpr std::string_view realm = "gw.example";
constexpr std::string_view to_tag = "4711";

auth::time_point fixed_now() {
  return auth::time_point{std::chrono::seconds{1700000000}};
}

const auth::nonce_issuer& issuer() {
  static const auth::nonce_issuer nonces{"fuzz nonce secret"};
  return nonces;
}

// What the gateway sends back must itself be a SIP message.
void check_answer(const message_builder& b) {
  auto text = b.str();
  auto parsed = message::parse(std::string_view{text});
  fuzz::check(parsed.has_value(), "an answer we built does not parse");
  fuzz::check(parsed->is_response(), "an answer we built is no response");
}

void check_credentials(const message& m, const auth_value& creds) {
  auto user = creds.username().value_or("");
  auto decoy = auth::decoy_account("fuzz decoy secret", user, realm);
  auth::digest_context ctx{m.method(), m.request_uri(), realm, std::nullopt};
  auth::nonce_counter counter{16};
  (void)auth::check_response(creds, ctx, decoy);
  (void)auth::verify(creds, ctx, decoy, issuer(), counter, fixed_now());
}

// The registrar's steps for a REGISTER, run whatever the credentials say
// since no input can carry a correct digest.
void handle_register(const message& m, const transport::inbound_message& in) {
  (void)auth::find_credentials(m, auth::challenge_kind::proxy, realm);
  auto creds = auth::find_credentials(m, auth::challenge_kind::origin, realm);
  if (creds && *creds)
    check_credentials(m, **creds);
  registrar::arrival from;
  from.transport = in.transport == transport::protocol::udp
                       ? registrar::transport_protocol::udp
                       : registrar::transport_protocol::tcp;
  from.source = {in.source_ip, in.source_port};
  from.connection_id = in.connection_id;
  auto req = registrar::extract_register(m, from);
  if (auto* bad = std::get_if<registrar::request_rejection>(&req)) {
    check_answer(registrar::make_register_rejection(m, *bad, to_tag));
    return;
  }
  auto& reg = std::get<registrar::register_request>(req);
  auto decision = registrar::process_register({}, reg, fixed_now());
  check_answer(
      registrar::make_register_response(m, decision, fixed_now(), to_tag));
}

// What registrar_core's on_message does with a parsed message.
void handle(const message& m, const transport::inbound_message& in) {
  auto v = classify(m);
  if (m.is_response() || v.action == disposition::drop)
    return;
  if (v.action == disposition::reject) {
    check_answer(make_rejection(m, v, uas_profile::gateway(), to_tag));
    return;
  }
  if (m.method() == "ACK")
    return;
  if (m.method() == "REGISTER")
    handle_register(m, in);
  else
    check_answer(make_response(m, 200, {}, to_tag));
}

void receive(std::string_view data, transport::protocol proto,
             std::string_view source_ip) {
  transport::inbound_message in;
  in.bytes.assign(data);
  in.transport = proto;
  in.source_ip = source_ip;
  in.source_port = 40000;
  in.connection_id = proto == transport::protocol::udp ? 0 : 1;
  auto kind =
      in.connection_id == 0 ? transport_kind::datagram : transport_kind::stream;
  transport::stamp_top_via(in, true);
  auto kept = in.parsed.take(in.bytes, kind);
  auto fresh = message::parse(std::string_view{in.bytes}, {kind});
  if (kept) {
    fuzz::check(fresh.has_value(), "a kept parse that parsing refuses");
    fuzz::check_same_parse(*kept, *fresh);
  }
  if (!fresh)
    return;
  // The registrar reads the kept parse, rebased over the stamped bytes.
  const message& used = kept ? *kept : *fresh;
  fuzz::read_all_fields(used, in.bytes);
  handle(used, in);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  receive(input, transport::protocol::udp, "203.0.113.7");
  receive(input, transport::protocol::tcp, "2001:db8::7");
  // A small limit reaches the too_large paths without huge inputs.
  parse_options small{transport_kind::datagram, size / 2};
  if (auto m = message::parse(input, small))
    (void)classify(*m);
  return 0;
}
