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
  auto to_text = m.value_view(header_id::to, scratch);
  auto to =
      to_text ? parse_address(*to_text) : result<address>{syntax_error::empty};
  if (!to)
    return reject(400, "Bad To");
  if (!to->uri.is_sip())
    return reject(404, "Not Found");
  r.aor = canonical_aor(to->uri);
  auto call_id = m.value(header_id::call_id);
  if (!call_id || !is_call_id(*call_id))
    return reject(400, "Bad Call-ID");
  r.call_id = *call_id;
  auto cseq_text = m.value_view(header_id::cseq, scratch);
  auto cseq = cseq_text ? parse_cseq(*cseq_text)
                        : result<sip::cseq>{syntax_error::empty};
  if (!cseq || cseq->method != "REGISTER")
    return reject(400, "Bad CSeq");
  r.cseq = cseq->number;
  if (auto values = m.list(header_id::contact); !values.empty()) {
    auto contacts = parse_contacts(values);
    if (!contacts)
      return reject(400, "Bad Contact");
    for (const auto& c : contacts->entries)
      if (!c.addr.uri.is_sip())
        return reject(400, "Contact Must Be SIP URI");
    r.contacts = std::move(*contacts);
  }
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
