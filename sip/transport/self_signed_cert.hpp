#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace passerelle::sip::transport {

/// A PEM certificate chain and its private key on disk.
struct certificate_files {
  std::filesystem::path cert;
  std::filesystem::path key;
};

/// The outcome of `ensure_self_signed_cert`.
struct self_signed_outcome {
  certificate_files files;
  /// Whether the pair was made by this call (else it was reused).
  bool generated = false;
  /// Empty on success.
  std::string error;

  bool ok() const noexcept { return error.empty(); }
};

/// Returns `<dir>/tls/cert.pem` and `<dir>/tls/key.pem`, first making them
/// when either is missing: an EC P-256 key (mode 0600) and a self-signed
/// X.509 v3 certificate with CN `domain`, subjectAltName DNS `domain` (or
/// IP, when it is an address) and IP 127.0.0.1, valid for ten years.
/// Existing files are reused as they are, so the certificate a phone has
/// pinned survives restarts.
self_signed_outcome ensure_self_signed_cert(const std::filesystem::path& dir,
                                            std::string_view domain);

} // namespace passerelle::sip::transport
