#pragma once

#include "sip/auth/challenge.hpp"
#include "sip/registrar/binding.hpp"
#include "sip/registrar/process.hpp"
#include "sip/registrar/register_request.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/message.hpp"

#include <string>
#include <string_view>

namespace passerelle::sip::registrar {

/// Returns a Date value: `Sat, 13 Nov 2010 23:29:00 GMT` (RFC 3261 20.17,
/// RFC 1123 in GMT).
std::string format_date(time_point t);

/// Returns the Contact value listing a binding in a 200 answer:
/// `<uri>;expires=N`, with q and `+sip.instance` when the binding has them
/// (RFC 3261 10.3 step 8, RFC 5626 6).
std::string contact_value(const registration_binding& b, time_point now);

/// Builds the answer to a REGISTER (RFC 3261 10.3 step 8): 200 with every
/// current binding and a Date, 423 with Min-Expires, otherwise the status
/// and reason of the decision.
message_builder make_register_response(const message& request,
                                       const register_decision& d,
                                       time_point now,
                                       std::string_view to_tag = {});

/// Builds the answer to a REGISTER that could not be read.
message_builder make_register_rejection(const message& request,
                                        const request_rejection& r,
                                        std::string_view to_tag = {});

/// Builds the 401 asking a REGISTER for credentials, offering SHA-256
/// then MD5 (RFC 3261 10.3 step 3, RFC 8760).
message_builder make_register_challenge(const message& request,
                                        const auth::challenge_params& p,
                                        std::string_view to_tag = {});

} // namespace passerelle::sip::registrar
