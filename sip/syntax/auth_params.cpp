#include "sip/syntax/auth_params.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/text.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace passerelle::sip {

namespace {

// Digest parameters written as quoted-strings (RFC 7616 3.3, 3.4); qop is
// quoted in challenges only.
bool always_quoted(std::string_view name) {
  static constexpr std::array<std::string_view, 8> names{
      "realm",    "nonce", "opaque",   "domain",
      "username", "uri",   "response", "cnonce"};
  for (auto n : names)
    if (iequals(n, name))
      return true;
  return false;
}

// Digest parameters RFC 7616 writes as tokens (qop only in credentials).
bool token_param(std::string_view name) {
  static constexpr std::array<std::string_view, 6> names{
      "qop", "algorithm", "nc", "stale", "userhash", "charset"};
  for (auto n : names)
    if (iequals(n, name))
      return true;
  return false;
}

// One auth-param as read: views into the text, or into the caller's
// scratch for a quoted value holding quoted-pairs or folds.
struct param_text {
  std::string_view name;
  std::string_view value;
  bool quoted = false;
};

bool valid_digest_param(const param_text& p) {
  if (iequals(p.name, "nc"))
    return p.value.size() == 8 && chars::all_of(p.value, chars::hex);
  if (iequals(p.name, "stale"))
    return iequals(p.value, "true") || iequals(p.value, "false");
  if (iequals(p.name, "response"))
    return chars::all_of(p.value, chars::hex);
  return true;
}

// Skips what `for_each_list_element` trims around a list element.
void skip_blanks(scanner& in) noexcept {
  in.take_while([](char c) { return chars::is(c, chars::blank_bit); });
}

// auth-param = auth-param-name EQUAL ( token / quoted-string ), read from
// the front of `in`; a quoted value holding quoted-pairs or folds is
// unquoted into `scratch`.
result<param_text> read_param(scanner& in, std::string& scratch) {
  param_text p;
  p.name = in.take_token();
  if (p.name.empty() || !in.eat_separator('='))
    return syntax_error::bad_auth;
  if (in.peek() == '"') {
    auto q = in.take_quoted(scratch);
    if (!q)
      return q.error();
    p.value = *q;
    p.quoted = true;
  } else {
    p.value = in.take_token();
    if (p.value.empty())
      return syntax_error::bad_auth;
  }
  return p;
}

// Reads `scheme [LWS auth-param *(COMMA auth-param)]`, the grammar of
// parse_auth, handing the scheme to `on_scheme` and each parameter to
// `on_param`, which returns false when the parameter repeats one before
// it. Both parse_auth and is_auth_value read through here, so they
// accept the same texts.
//
// One pass: the parameters are the elements `for_each_list_element`
// would split the rest into, each with the blanks around it. A comma in
// a quoted-string splits neither; a '<', which would stop the splitting,
// is an error where it stands.
template <class OnScheme, class OnParam>
std::optional<syntax_error> read_auth(std::string_view text, OnScheme on_scheme,
                                      OnParam on_param) {
  scanner in{trim(text)};
  auto scheme = in.take_token();
  if (scheme.empty())
    return syntax_error::bad_auth;
  on_scheme(scheme, in.rest());
  if (in.done())
    return std::nullopt;
  if (!in.skip_lws())
    return syntax_error::bad_auth;
  bool digest = iequals(scheme, "Digest");
  std::string scratch;
  while (true) {
    skip_blanks(in);
    auto p = read_param(in, scratch);
    if (!p)
      return p.error();
    if (digest && !valid_digest_param(*p))
      return syntax_error::bad_auth;
    if (!on_param(*p, digest))
      return syntax_error::bad_auth;
    skip_blanks(in);
    if (in.done())
      return std::nullopt;
    if (!in.eat(','))
      return syntax_error::bad_auth;
  }
}

// The names seen so far, to find repeated Digest parameters without
// allocating for the usual dozen or fewer.
class seen_names {
public:
  // Returns false when `name` was seen before (case-insensitive).
  bool insert(std::string_view name) {
    for (std::size_t i = 0; i < size_; ++i)
      if (iequals(at(i), name))
        return false;
    if (size_ < inline_.size())
      inline_[size_] = name;
    else
      more_.push_back(name);
    ++size_;
    return true;
  }

private:
  std::string_view at(std::size_t i) const {
    return i < inline_.size() ? inline_[i] : more_[i - inline_.size()];
  }

  std::array<std::string_view, 16> inline_;
  std::vector<std::string_view> more_;
  std::size_t size_ = 0;
};

} // namespace

bool auth_value::is_digest() const {
  return iequals(scheme, "Digest");
}

const auth_param* auth_value::find(std::string_view name) const noexcept {
  for (const auto& p : params)
    if (iequals(p.name, name))
      return &p;
  return nullptr;
}

std::optional<std::string> auth_value::get(std::string_view name) const {
  auto p = find(name);
  return p ? std::optional{p->value} : std::nullopt;
}

bool auth_value::stale() const {
  auto s = get("stale");
  return s && iequals(*s, "true");
}

std::string_view auth_scheme(std::string_view text) noexcept {
  scanner in{trim(text)};
  return in.take_token();
}

result<auth_value> parse_auth(std::string_view text) {
  auth_value v;
  auto on_scheme = [&v](std::string_view scheme, std::string_view rest) {
    v.scheme = std::string(scheme);
    // At most one parameter per comma, plus the last.
    v.params.reserve(occurrences(rest, ',') + 1);
  };
  auto on_param = [&v](const param_text& p, bool digest) {
    if (digest && v.find(p.name))
      return false;
    auto& added = v.params.emplace_back();
    added.name = p.name;
    added.value = p.value;
    added.quoted = p.quoted;
    return true;
  };
  if (auto error = read_auth(text, on_scheme, on_param))
    return *error;
  return v;
}

bool is_auth_value(std::string_view text) {
  seen_names names;
  auto on_param = [&names](const param_text& p, bool digest) {
    return !digest || names.insert(p.name);
  };
  return !read_auth(
      text, [](std::string_view, std::string_view) {}, on_param);
}

std::string to_string(const auth_value& v, bool credentials) {
  std::string out = v.scheme;
  bool first = true;
  for (const auto& p : v.params) {
    out += first ? " " : ", ";
    first = false;
    out += p.name;
    out.push_back('=');
    // RFC 7616 fixes the form of the Digest parameters it names; others
    // keep the form they were read in; a value that is no token must stay
    // quoted to read back the same.
    bool q = p.quoted;
    if (v.is_digest() && always_quoted(p.name))
      q = true;
    else if (v.is_digest() && token_param(p.name))
      q = iequals(p.name, "qop") && !credentials;
    if (!chars::is_token(p.value))
      q = true;
    out += q ? quote(p.value) : p.value;
  }
  return out;
}

} // namespace passerelle::sip
