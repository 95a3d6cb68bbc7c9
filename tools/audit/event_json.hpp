#pragma once

#include "events/envelope.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace passerelle::audit {

/// The JSON view of a stored event, fields in envelope order: tenant,
/// stream, seq, position, time, node, type, schema, actor, payload (or
/// `payload_hex` when it is not CBOR), prev_hash, hash.
nlohmann::ordered_json to_json(const events::envelope& x);

/// `to_json` on one line, invalid UTF-8 replaced rather than thrown on.
std::string to_json_line(const events::envelope& x);

} // namespace passerelle::audit
