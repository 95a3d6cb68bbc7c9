#include "actors/device_notify.hpp"

#include "sip/auth/digest.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/builder.hpp"

namespace passerelle {

std::string notify_event(std::string_view vendor, std::string_view command) {
  if (command != "restart" && command != "resync")
    return {};
  if (vendor == "cisco")
    return command == "restart" ? "reboot_now" : "resync";
  return command == "restart" ? "check-sync;reboot=true"
                              : "check-sync;reboot=false";
}

std::string render_notify(const notify_request& r) {
  sip::request_fields f;
  f.method = "NOTIFY";
  f.request_uri = r.target_uri;
  f.via = "SIP/2.0/" + r.transport + " " + r.via_host + ":" +
          std::to_string(r.via_port) + ";branch=" + r.branch + ";rport";
  f.from = "<sip:passerelle@" + r.domain + ">;tag=" + r.from_tag;
  f.to = r.to;
  f.call_id = r.call_id;
  f.cseq = r.cseq;
  auto b = sip::make_request(f);
  b.add("Event", r.event);
  b.add("Subscription-State", "terminated");
  if (!r.authorization.empty())
    b.add(sip::header_id::authorization, r.authorization);
  return b.str();
}

std::optional<std::string>
answer_challenge(const sip::message& response, const notify_request& r,
                 std::string_view username, std::string_view ha1_md5,
                 std::string_view ha1_sha256, std::string_view cnonce) {
  for (auto id :
       {sip::header_id::www_authenticate, sip::header_id::proxy_authenticate})
    for (auto& value : response.values(id)) {
      auto parsed = sip::parse_auth(value);
      if (!parsed || !parsed->is_digest())
        continue;
      auto alg_token = parsed->get("algorithm");
      auto alg = alg_token ? sip::auth::parse_algorithm(*alg_token)
                           : sip::auth::digest_algorithm::md5;
      if (!alg)
        continue;
      auto nonce = parsed->get("nonce");
      auto realm = parsed->get("realm");
      if (!nonce || !realm)
        continue;
      auto ha1 =
          *alg == sip::auth::digest_algorithm::md5 ? ha1_md5 : ha1_sha256;
      std::string nc = "00000001";
      auto qop = parsed->get("qop");
      bool with_qop = qop && qop->find("auth") != std::string::npos;
      // RFC 2617 3.2.2.1: without qop, response = H(HA1:nonce:HA2).
      auto response_hex =
          with_qop
              ? sip::auth::digest_response(
                    {*alg, ha1, *nonce, nc, cnonce, "NOTIFY", r.target_uri})
              : sip::auth::hash_hex(
                    *alg,
                    std::string{ha1} + ":" + *nonce + ":" +
                        sip::auth::hash_hex(*alg, "NOTIFY:" + r.target_uri));
      std::string out =
          "Digest username=\"" + std::string{username} + "\", realm=\"" +
          *realm + "\", nonce=\"" + *nonce + "\", uri=\"" + r.target_uri +
          "\", response=\"" + response_hex +
          "\", algorithm=" + std::string{sip::auth::to_string(*alg)};
      if (with_qop)
        out +=
            ", qop=auth, nc=" + nc + ", cnonce=\"" + std::string{cnonce} + "\"";
      if (auto opaque = parsed->get("opaque"))
        out += ", opaque=\"" + *opaque + "\"";
      return out;
    }
  return std::nullopt;
}

} // namespace passerelle
