#pragma once

#include "events/ec.hpp"

#include <string>

namespace passerelle {

/// Where the admin token came from, for the start-up banner.
struct admin_token {
  std::string value;
  /// `flag`, `environment`, or the path of the token file.
  std::string source;
  /// Whether this start generated it (then it is printed once).
  bool generated = false;
};

/// Picks the token: `--admin-token`, else `PASSERELLE_ADMIN_TOKEN`, else the
/// file `<data_dir>/admin-token`, else a new random token written there with
/// mode 0600.
result<admin_token> resolve_admin_token(const std::string& flag,
                                        const std::string& data_dir);

/// Reads `path` (hex) or creates it with 32 random bytes, mode 0600: the
/// secret device passwords derive from. Losing it changes every derived
/// password, so it lives with the store in the data dir.
result<std::string> load_or_create_secret(const std::string& path);

/// A short public id for a token (first 12 hex digits of its SHA-256),
/// recorded as the actor of admin events instead of the secret.
std::string token_id(const std::string& token);

} // namespace passerelle
