#pragma once

#include "http/request_head.hpp"

#include <optional>
#include <string_view>

namespace passerelle::http {

/// A phone's configuration fetch, as the front answers it.
struct phone_get {
  /// The request target: a path, no query.
  std::string_view path;
  /// Empty when the request has none.
  std::string_view user_agent;
};

/// The fetch in `head` when the front answers it itself: a GET with no
/// body of a path under none of the other routes (/api, /healthz,
/// /metrics, /phone), made of the characters a provisioning path may hold
/// (no query, no percent-encoding), whose fields are all ones httplib does
/// nothing with that would change the answer (no Range, Expect, body or
/// compression). Anything else, nullopt: httplib answers it as before.
std::optional<phone_get> front_takes(const request_head& head);

} // namespace passerelle::http
