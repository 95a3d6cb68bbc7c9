#include "gateway/admin_token.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace passerelle {

namespace {

std::string hex(const unsigned char* data, size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 0xf]);
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  return s;
}

/// Creates `path` (it must not exist) holding 32 random bytes in hex, mode
/// 0600, fsynced; returns the hex. `what` names it in errors.
result<std::string> create_random_file(const std::string& path,
                                       const std::string& what) {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof(raw)) != 1)
    return failure{ec::storage_failure, "no randomness for " + what};
  auto value = hex(raw, sizeof(raw));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return failure{ec::storage_failure, "cannot create " + path};
  auto line = value + "\n";
  bool ok = ::write(fd, line.data(), line.size()) ==
            static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok)
    return failure{ec::storage_failure, "cannot write " + path};
  return value;
}

} // namespace

result<admin_token> resolve_admin_token(const std::string& flag,
                                        const std::string& data_dir) {
  if (!flag.empty())
    return admin_token{flag, "flag", false};
  if (auto* env = std::getenv("PASSERELLE_ADMIN_TOKEN"); env && *env)
    return admin_token{env, "environment", false};
  auto path = data_dir + "/admin-token";
  if (std::ifstream in{path}) {
    std::string value;
    std::getline(in, value);
    value = trim(value);
    if (value.size() < 16)
      return failure{ec::invalid_argument,
                     path + " holds no usable token (16+ characters)"};
    return admin_token{value, path, false};
  }
  auto value = create_random_file(path, "the admin token");
  if (!value)
    return value.error();
  return admin_token{*value, path, true};
}

result<std::string> load_or_create_secret(const std::string& path) {
  if (std::ifstream in{path}) {
    std::string value;
    std::getline(in, value);
    value = trim(value);
    if (value.size() != 64)
      return failure{ec::corrupt, path + " does not hold a 64-digit secret"};
    return value;
  }
  return create_random_file(path, path);
}

std::string token_id(const std::string& token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         digest);
  return hex(digest, 6);
}

} // namespace passerelle
