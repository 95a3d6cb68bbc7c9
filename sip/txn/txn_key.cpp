#include "sip/txn/txn_key.hpp"

namespace passerelle::sip::txn {

namespace {

// ASCII, as std::tolower in the "C" locale the gateway runs in.
std::string lowercase(std::string_view view) {
  std::string text{view};
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return text;
}

/// RFC 3261 17.2.3: an ACK matches the INVITE that created the transaction.
std::string creating_method(std::string_view method) {
  return std::string{method == "ACK" ? "INVITE" : method};
}

} // namespace

bool has_magic_cookie(std::string_view branch) noexcept {
  return branch.starts_with(magic_cookie);
}

txn_key make_txn_key(const request_summary& req) {
  return txn_key{std::string{req.branch}, lowercase(req.sent_by),
                 creating_method(req.method), std::string{req.call_id},
                 req.cseq_number};
}

rfc2543_key make_rfc2543_key(const request_summary& req) {
  // RFC 3261 17.2.3: an ACK matches on CSeq number, not CSeq method.
  auto method = req.method == "ACK" ? "INVITE" : req.cseq_method;
  return rfc2543_key{std::string{req.request_uri}, std::string{req.from_tag},
                     std::string{req.call_id},     req.cseq_number,
                     std::string{method},          std::string{req.top_via}};
}

} // namespace passerelle::sip::txn
