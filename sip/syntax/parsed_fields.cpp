#include "sip/syntax/message.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

namespace {

// Calls `f` on each list element of the fields with this id, in order:
// the elements of `message::list` without copying them.
template <class F>
void each_element(const message& m, header_id id, F f) {
  auto first = m.find(id);
  if (first == nullptr)
    return;
  const auto& fields = m.headers();
  std::string scratch;
  for (auto i = static_cast<std::size_t>(first - fields.data());
       i < fields.size(); ++i)
    if (fields[i].id == id &&
        !for_each_list_element(fields[i].value_view(scratch), f))
      return;
}

// The parse kept in `slot` of the first field with this id, made on first
// use; null when there is no such field.
template <class T, class Parse>
const result<T>* kept(std::optional<result<T>>& slot, const message& m,
                      header_id id, Parse parse) {
  if (!slot) {
    const auto* field = m.find(id);
    if (field == nullptr)
      return nullptr;
    std::string scratch;
    slot.emplace(parse(field->value_view(scratch)));
  }
  return &*slot;
}

// parse_contacts(m.list(header_id::contact)) without the copies.
result<contact_list> contacts_of(const message& m) {
  contact_list out;
  std::optional<syntax_error> error;
  each_element(m, header_id::contact, [&](std::string_view v) {
    error = add_contact(out, v);
    return !error;
  });
  if (error)
    return *error;
  if (out.wildcard && !out.entries.empty())
    return syntax_error::bad_address;
  return out;
}

} // namespace

const result<via>* message::top_via() const {
  return kept(parsed_.top_via, *this, header_id::via, [](std::string_view v) {
    return parse_via(first_list_element(v));
  });
}

result<via> message::take_top_via() {
  if (top_via() == nullptr)
    return syntax_error::empty;
  auto out = std::move(*parsed_.top_via);
  parsed_.top_via.reset();
  return out;
}

const result<address>* message::from() const {
  return kept(parsed_.from, *this, header_id::from, parse_address);
}

const result<address>* message::to() const {
  return kept(parsed_.to, *this, header_id::to, parse_address);
}

const result<sip::cseq>* message::cseq() const {
  return kept(parsed_.cseq, *this, header_id::cseq, parse_cseq);
}

const result<auth_value>* message::authorization() const {
  return kept(parsed_.authorization, *this, header_id::authorization,
              parse_auth);
}

const result<contact_list>& message::contacts() const {
  if (!parsed_.contacts)
    parsed_.contacts.emplace(contacts_of(*this));
  return *parsed_.contacts;
}

void message::forget_parsed(const std::array<bool, header_id_count>& touched) {
  auto at = [&touched](header_id id) {
    return touched[static_cast<std::size_t>(id)];
  };
  if (at(header_id::via))
    parsed_.top_via.reset();
  if (at(header_id::from))
    parsed_.from.reset();
  if (at(header_id::to))
    parsed_.to.reset();
  if (at(header_id::cseq))
    parsed_.cseq.reset();
  if (at(header_id::contact))
    parsed_.contacts.reset();
  if (at(header_id::authorization))
    parsed_.authorization.reset();
}

} // namespace passerelle::sip
