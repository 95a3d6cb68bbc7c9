#include "sip/registrar/process.hpp"

#include "sip/syntax/uri.hpp"

#include <algorithm>

namespace passerelle::sip::registrar {

namespace {

/// One Contact of the request with its expiry worked out.
struct planned_contact {
  const contact_entry* entry = nullptr;
  std::uint32_t expires = 0;
};

register_decision refuse(const binding_set& current, int status,
                         std::string reason) {
  register_decision d;
  d.status = status;
  d.reason = std::move(reason);
  d.bindings = current;
  return d;
}

// RFC 3261 10.3 step 7: the expires parameter, else the Expires header,
// else the local default.
std::uint32_t requested_expiry(const contact_entry& c,
                               const register_request& r,
                               const registrar_policy& policy) {
  if (c.expires)
    return *c.expires;
  if (r.expires)
    return *r.expires;
  return policy.default_expires;
}

// RFC 3261 10.3 step 7: 423 only for a nonzero interval below both the
// minimum and one hour.
bool too_brief(std::uint32_t expires, const registrar_policy& policy) {
  return expires > 0 && expires < 3600 && expires < policy.min_expires;
}

// RFC 3261 10.3 step 7: bindings are found by URI comparison (19.1.4).
// `text` is `to_string(u)`: a binding stored with that very text holds
// `u` again (a rendered URI parses to an equivalent one, which the
// sip_values fuzz target checks), so only other spellings are parsed.
std::optional<std::size_t> find_by_contact(const binding_set& set, const uri& u,
                                           std::string_view text) {
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (set[i].contact == text)
      return i;
    auto stored = parse_uri(set[i].contact);
    if (stored && equivalent(*stored, u))
      return i;
  }
  return std::nullopt;
}

// A contact with the `+sip.instance` of a binding the request has not
// touched yet replaces it: the same device at a new address (the instance
// identifies the UA, RFC 5626 4.1).
std::optional<std::size_t> find_by_instance(const binding_set& set,
                                            const std::vector<bool>& touched,
                                            const std::string& instance) {
  for (std::size_t i = 0; i < set.size(); ++i)
    if (!touched[i] && set[i].instance_id == instance)
      return i;
  return std::nullopt;
}

registration_binding make_binding(const register_request& r,
                                  const planned_contact& p, time_point now,
                                  std::string contact) {
  registration_binding b;
  b.aor = r.aor;
  b.contact = std::move(contact);
  b.transport = r.from.transport;
  b.source = r.from.source;
  b.connection_id = r.from.connection_id;
  b.expires_at = now + std::chrono::seconds{p.expires};
  b.call_id = r.call_id;
  b.cseq = r.cseq;
  b.q = p.entry->q;
  b.user_agent = r.user_agent;
  b.instance_id = p.entry->addr.param("+sip.instance");
  return b;
}

bool out_of_order(const registration_binding& b, const register_request& r) {
  // RFC 3261 10.3 step 7: same Call-ID and a CSeq not higher aborts.
  return b.call_id == r.call_id && r.cseq <= b.cseq;
}

void remove_all(register_decision& d, const register_request& r,
                const binding_set& current) {
  // RFC 3261 10.3 step 6: `*` is valid only alone and with Expires: 0.
  if (!r.expires || *r.expires != 0) {
    d = refuse(current, 400, "Invalid Wildcard");
    return;
  }
  for (const auto& b : d.bindings) {
    if (out_of_order(b, r)) {
      d = refuse(current, 500, "Out Of Order CSeq");
      return;
    }
  }
  for (auto& b : d.bindings)
    d.changes.push_back(
        {change_kind::removed, removal_cause::requested, std::move(b), {}});
  d.bindings.clear();
}

/// The bindings being rebuilt, with which ones this request touched.
struct draft {
  register_decision& d;
  std::vector<bool> touched;

  void erase(std::size_t i) {
    d.bindings.erase(d.bindings.begin() + static_cast<std::ptrdiff_t>(i));
    touched.erase(touched.begin() + static_cast<std::ptrdiff_t>(i));
  }
};

// Works out every expiry before touching a binding, all or nothing;
// returns the refusal when one is too brief or repeated.
std::optional<register_decision>
plan_contacts(const binding_set& current, const register_request& r,
              const registrar_policy& policy,
              std::vector<planned_contact>& plan) {
  for (const auto& c : r.contacts.entries) {
    auto expires = requested_expiry(c, r, policy);
    if (too_brief(expires, policy)) {
      auto d = refuse(current, 423, "Interval Too Brief");
      d.min_expires = policy.min_expires;
      return d;
    }
    for (const auto& p : plan)
      if (equivalent(p.entry->addr.uri, c.addr.uri))
        return refuse(current, 400, "Duplicate Contact");
    plan.push_back({&c, std::min(expires, policy.max_expires)});
  }
  return std::nullopt;
}

// RFC 3261 10.3 step 7 for one contact; false when the request must fail.
bool apply_contact(draft& w, const planned_contact& p,
                   const register_request& r, time_point now) {
  auto& next = w.d.bindings;
  auto contact = to_string(p.entry->addr.uri);
  auto i = find_by_contact(next, p.entry->addr.uri, contact);
  auto instance = p.entry->addr.param("+sip.instance");
  if (!i && instance)
    i = find_by_instance(next, w.touched, *instance);
  if (!i) {
    if (p.expires > 0) {
      next.push_back(make_binding(r, p, now, std::move(contact)));
      w.touched.push_back(true);
      w.d.changes.push_back({change_kind::added, {}, next.back(), {}});
    }
    return true;
  }
  auto& old = next[*i];
  if (out_of_order(old, r))
    return false;
  if (p.expires == 0) {
    w.d.changes.push_back(
        {change_kind::removed, removal_cause::requested, old, {}});
    w.erase(*i);
    return true;
  }
  auto fresh = make_binding(r, p, now, std::move(contact));
  auto kind =
      same_route(old, fresh) ? change_kind::refreshed : change_kind::changed;
  binding_change change{kind, {}, fresh, std::move(old)};
  old = std::move(fresh);
  w.d.changes.push_back(std::move(change));
  w.touched[*i] = true;
  return true;
}

// Keeps at most `max_contacts`, dropping the untouched bindings that
// expire first; false when that cannot or may not be done.
bool enforce_limit(draft& w, const registrar_policy& policy) {
  auto& next = w.d.bindings;
  if (next.size() <= policy.max_contacts)
    return true;
  auto mentioned = static_cast<std::size_t>(
      std::count(w.touched.begin(), w.touched.end(), true));
  if (!policy.replace_oldest || mentioned > policy.max_contacts)
    return false;
  while (next.size() > policy.max_contacts) {
    std::optional<std::size_t> oldest;
    for (std::size_t i = 0; i < next.size(); ++i)
      if (!w.touched[i] &&
          (!oldest || next[i].expires_at < next[*oldest].expires_at))
        oldest = i;
    w.d.changes.push_back(
        {change_kind::removed, removal_cause::replaced, next[*oldest], {}});
    w.erase(*oldest);
  }
  return true;
}

} // namespace

register_decision process_register(const binding_set& current,
                                   const register_request& request,
                                   time_point now,
                                   const registrar_policy& policy) {
  auto swept = expire(current, now);
  register_decision d;
  d.bindings = std::move(swept.kept);
  for (auto& b : swept.expired)
    d.changes.push_back(
        {change_kind::removed, removal_cause::expired, std::move(b), {}});
  if (request.contacts.wildcard) {
    remove_all(d, request, current);
    return d;
  }
  std::vector<planned_contact> plan;
  if (auto refused = plan_contacts(current, request, policy, plan))
    return std::move(*refused);
  draft w{d, std::vector<bool>(d.bindings.size(), false)};
  for (const auto& p : plan)
    if (!apply_contact(w, p, request, now))
      return refuse(current, 500, "Out Of Order CSeq");
  if (!enforce_limit(w, policy))
    return refuse(current, 403, "Too Many Contacts");
  return d;
}

expiry_sweep expire(const binding_set& bindings, time_point now) {
  expiry_sweep out;
  for (const auto& b : bindings)
    (b.expires_at <= now ? out.expired : out.kept).push_back(b);
  return out;
}

std::optional<time_point> next_expiry(const binding_set& bindings) {
  std::optional<time_point> out;
  for (const auto& b : bindings)
    if (!out || b.expires_at < *out)
      out = b.expires_at;
  return out;
}

} // namespace passerelle::sip::registrar
