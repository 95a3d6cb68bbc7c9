#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

// Locates the shared RFC 4475 torture messages for the sip_syntax tests.
namespace passerelle::sip::test {

/// Returns the RFC 4475 directory: $PASSERELLE_SOURCE_DIR/../shared/...
/// first, then the path compiled in by CMake.
inline std::filesystem::path rfc4475_dir() {
  if (const char* root = std::getenv("PASSERELLE_SOURCE_DIR")) {
    auto p =
        std::filesystem::path{root} / ".." / "shared" / "testdata" / "rfc4475";
    if (std::filesystem::exists(p / "EXPECTED.tsv"))
      return p;
  }
  return std::filesystem::path{PASSERELLE_RFC4475_DIR};
}

/// Returns the bytes of a file, or nothing when it cannot be read.
inline std::optional<std::string> read_bytes(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  if (!in)
    return std::nullopt;
  return std::string{std::istreambuf_iterator<char>{in},
                     std::istreambuf_iterator<char>{}};
}

/// Returns the bytes of one torture message (empty when missing).
inline std::string torture(const std::string& name) {
  return read_bytes(rfc4475_dir() / name).value_or(std::string{});
}

} // namespace passerelle::sip::test
