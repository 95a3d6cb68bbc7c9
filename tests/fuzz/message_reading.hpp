#pragma once

#include "sip/syntax/message.hpp"

#include <string_view>

// What the SIP targets do with every message that parses: read it the way
// classify, the transaction layer and the registrar do.
namespace passerelle::fuzz {

/// Calls every accessor of `m` that parses a field and checks the
/// properties message.hpp promises. `input` is the buffer `m` was parsed
/// from.
void read_all_fields(const sip::message& m, std::string_view input);

/// Checks that two parses of the same bytes found the same start line,
/// fields, body and top Via (a rebased parse against a fresh one).
void check_same_parse(const sip::message& a, const sip::message& b);

} // namespace passerelle::fuzz
