#include "sip/registrar/register_request.hpp"

#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip::registrar {

namespace {

request_rejection reject(int status, std::string reason) {
  return request_rejection{status, std::move(reason)};
}

} // namespace

std::string canonical_aor(const uri& u) {
  std::string out = to_lower(u.scheme_name);
  out.push_back(':');
  if (auto user = u.user_unescaped()) {
    out += *user;
    out.push_back('@');
  }
  out += to_lower(u.host);
  if (u.port) {
    out.push_back(':');
    out += std::to_string(*u.port);
  }
  return out;
}

std::variant<register_request, request_rejection>
extract_register(const message& m, const arrival& from) {
  if (!m.is_request() || m.method() != "REGISTER")
    return reject(400, "Not a REGISTER");
  register_request r;
  r.from = from;
  std::string scratch; // for folded values only
  // To, CSeq and Contact as classify parsed them (kept on the message).
  const auto* to = m.to();
  if (to == nullptr || !*to)
    return reject(400, "Bad To");
  if (!(*to)->uri.is_sip())
    return reject(404, "Not Found");
  r.aor = canonical_aor((*to)->uri);
  auto call_id = m.value_view(header_id::call_id, scratch);
  if (!call_id || !is_call_id(*call_id))
    return reject(400, "Bad Call-ID");
  r.call_id = *call_id;
  const auto* cseq = m.cseq();
  if (cseq == nullptr || !*cseq || (*cseq)->method != "REGISTER")
    return reject(400, "Bad CSeq");
  r.cseq = (*cseq)->number;
  const auto& contacts = m.contacts();
  if (!contacts)
    return reject(400, "Bad Contact");
  for (const auto& c : contacts->entries)
    if (!c.addr.uri.is_sip())
      return reject(400, "Contact Must Be SIP URI");
  r.contacts = *contacts;
  if (auto expires = m.value_view(header_id::expires, scratch)) {
    auto seconds = parse_delta_seconds(*expires);
    if (!seconds)
      return reject(400, "Bad Expires");
    r.expires = *seconds;
  }
  r.user_agent = m.value(header_id::user_agent).value_or("");
  return r;
}

} // namespace passerelle::sip::registrar
