// Cost per message of the syntax layer on the REGISTER path: what the
// transport (Via stamping), the registrar and Digest verification ask of
// sip/syntax for one SIPp-like REGISTER. Instructions per flow of the
// whole gateway: flow_instructions.py beside this file.

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/scalars.hpp"

#include <benchmark/benchmark.h>

#include <string>

using namespace passerelle::sip;

namespace {

const std::string common_headers =
    "Via: SIP/2.0/UDP 10.0.0.7:5061;branch=z9hG4bK-4221-17-0;rport\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:dev0000417@passerelle.local>\r\n"
    "From: <sip:dev0000417@passerelle.local>;tag=4221SIPpTag0017\r\n"
    "Call-ID: 17-4221@10.0.0.7\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Contact: <sip:dev0000417@10.0.0.7:5061;transport=udp>;expires=3600\r\n"
    "Expires: 3600\r\n"
    "User-Agent: SIPp/3.7.3\r\n";

const std::string plain_register = "REGISTER sip:passerelle.local SIP/2.0\r\n" +
                                   common_headers + "Content-Length: 0\r\n\r\n";

const std::string digest_register =
    "REGISTER sip:passerelle.local SIP/2.0\r\n" + common_headers +
    "Authorization: Digest username=\"dev0000417\", "
    "realm=\"passerelle.local\", "
    "nonce=\"MTcxNjIzOTAyMzpkZXYwMDAwNDE3OmI2ZjQ0YzE4ZjNlMjQxYjc\", "
    "uri=\"sip:passerelle.local\", "
    "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, "
    "qop=auth, nc=00000001, cnonce=\"0a4f113b\"\r\n"
    "Content-Length: 0\r\n\r\n";

// What sip/transport/via_stamp.cpp reads before stamping received/rport:
// the parse and the top Via it hands on to the registrar.
void stamp_via(const message& m) {
  benchmark::DoNotOptimize((*m.top_via())->has_rport());
}

// What sip/registrar/register_request.cpp reads (the kept To, CSeq and
// Contact, parsed once by classify).
void read_register(const message& m) {
  benchmark::DoNotOptimize((*m.to())->uri.user_unescaped());
  std::string scratch;
  auto call_id = m.value_view(header_id::call_id, scratch);
  benchmark::DoNotOptimize(is_call_id(*call_id));
  benchmark::DoNotOptimize((*m.cseq())->number);
  benchmark::DoNotOptimize(m.contacts()->entries.size());
  auto expires =
      parse_delta_seconds(*m.value_view(header_id::expires, scratch));
  benchmark::DoNotOptimize(*expires);
  benchmark::DoNotOptimize(m.value(header_id::user_agent).value_or(""));
}

// What sip/auth/verify.cpp reads (the kept first Authorization).
void read_credentials(const message& m) {
  const auto* v = m.authorization();
  if (v == nullptr || !*v || !(*v)->is_digest() ||
      (*v)->realm() != "passerelle.local")
    return;
  benchmark::DoNotOptimize((*v)->username());
  benchmark::DoNotOptimize((*v)->nonce());
  benchmark::DoNotOptimize((*v)->uri());
  benchmark::DoNotOptimize((*v)->response());
  benchmark::DoNotOptimize((*v)->qop());
  benchmark::DoNotOptimize((*v)->nc());
  benchmark::DoNotOptimize((*v)->cnonce());
}

void whole_path(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    // One parse, handed from Via stamping to classify and the registrar.
    auto m = message::parse(text);
    stamp_via(*m);
    auto v = classify(*m);
    benchmark::DoNotOptimize(v.action);
    read_register(*m);
    read_credentials(*m);
  }
}

void parse_only(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto m = message::parse(text);
    benchmark::DoNotOptimize(m->headers().size());
  }
}

void classify_only(benchmark::State& state, const std::string& text) {
  const auto parsed = message::parse(text);
  for (auto _ : state) {
    // A copy with nothing kept yet: classify parses the fields it keeps.
    auto m = *parsed;
    auto v = classify(m);
    benchmark::DoNotOptimize(v.action);
  }
}

void register_reads(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    // Each message is parsed and read once: the first reads parse.
    auto m = message::parse(text);
    read_register(*m);
    read_credentials(*m);
  }
}

BENCHMARK_CAPTURE(whole_path, digest, digest_register);
BENCHMARK_CAPTURE(whole_path, plain, plain_register);
BENCHMARK_CAPTURE(parse_only, digest, digest_register);
BENCHMARK_CAPTURE(classify_only, digest, digest_register);
BENCHMARK_CAPTURE(classify_only, plain, plain_register);
BENCHMARK_CAPTURE(register_reads, digest, digest_register);

} // namespace

BENCHMARK_MAIN();
