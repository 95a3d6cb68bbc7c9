#include "sip/transport/self_signed_cert.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

namespace passerelle::sip::transport {

namespace {

template <class T, auto Free>
struct openssl_free {
  void operator()(T* p) const noexcept { Free(p); }
};

template <class T, auto Free>
using owned = std::unique_ptr<T, openssl_free<T, Free>>;

using pkey_ptr = owned<EVP_PKEY, EVP_PKEY_free>;
using pkey_ctx_ptr = owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using x509_ptr = owned<X509, X509_free>;
using bio_ptr = owned<BIO, BIO_free_all>;
using bn_ptr = owned<BIGNUM, BN_free>;
using names_ptr = owned<GENERAL_NAMES, GENERAL_NAMES_free>;

constexpr int validity_days = 3653; // ten years, leap days included

// Returns `what` followed by OpenSSL's first queued error, if any.
std::string failure(std::string_view what) {
  std::string out{what};
  if (auto e = ERR_get_error(); e != 0) {
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    out += ": ";
    out += text;
  }
  ERR_clear_error();
  return out;
}

pkey_ptr make_key() {
  pkey_ctx_ptr ctx{EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)};
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") <= 0 ||
      EVP_PKEY_generate(ctx.get(), &key) <= 0)
    return nullptr;
  return pkey_ptr{key};
}

// Adds one subjectAltName entry: an IP address when `text` parses as one,
// else a DNS name.
bool add_name(GENERAL_NAMES* names, std::string_view text) {
  std::string copy{text};
  GENERAL_NAME* name = nullptr;
  if (auto* ip = a2i_IPADDRESS(copy.c_str()); ip != nullptr) {
    name = GENERAL_NAME_new();
    if (name == nullptr) {
      ASN1_OCTET_STRING_free(ip);
      return false;
    }
    GENERAL_NAME_set0_value(name, GEN_IPADD, ip);
  } else {
    auto* dns = ASN1_IA5STRING_new();
    name = GENERAL_NAME_new();
    if (dns == nullptr || name == nullptr ||
        ASN1_STRING_set(dns, copy.data(), static_cast<int>(copy.size())) != 1) {
      ASN1_IA5STRING_free(dns);
      GENERAL_NAME_free(name);
      return false;
    }
    GENERAL_NAME_set0_value(name, GEN_DNS, dns);
  }
  if (sk_GENERAL_NAME_push(names, name) <= 0) {
    GENERAL_NAME_free(name);
    return false;
  }
  return true;
}

bool add_alt_names(X509* cert, std::string_view domain) {
  names_ptr names{sk_GENERAL_NAME_new_null()};
  if (!names || !add_name(names.get(), domain))
    return false;
  if (domain != "127.0.0.1" && !add_name(names.get(), "127.0.0.1"))
    return false;
  return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0,
                           X509V3_ADD_DEFAULT) == 1;
}

bool set_serial(X509* cert) {
  // RFC 5280 4.1.2.2: positive, at most 20 octets; random so that a new
  // certificate never collides with an old one a client remembers.
  bn_ptr bn{BN_new()};
  return bn && BN_rand(bn.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
         BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

x509_ptr make_cert(EVP_PKEY* key, std::string_view domain) {
  x509_ptr cert{X509_new()};
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      !set_serial(cert.get()) ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), validity_days, 0,
                       nullptr) == nullptr ||
      X509_set_pubkey(cert.get(), key) != 1)
    return nullptr;
  auto* name = X509_get_subject_name(cert.get());
  std::string cn{domain};
  if (X509_NAME_add_entry_by_txt(
          name, "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(cn.data()),
          static_cast<int>(cn.size()), -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1 ||
      !add_alt_names(cert.get(), domain) ||
      X509_sign(cert.get(), key, EVP_sha256()) <= 0)
    return nullptr;
  return cert;
}

// Returns the bytes written into a memory BIO.
std::string drain(BIO* bio) {
  char* data = nullptr;
  auto size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size))
                  : std::string{};
}

// Returns "<what> <path>: <why>".
std::string describe(std::string_view what, const std::filesystem::path& path,
                     std::string_view why) {
  std::string out{what};
  out += ' ';
  out += path.string();
  out += ": ";
  out += why;
  return out;
}

// Writes `bytes` to `path` through a temporary file and a rename, so a
// crash never leaves half a key behind.
std::string write_file(const std::filesystem::path& path,
                       const std::string& bytes, mode_t mode) {
  auto tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return describe("cannot create", tmp, std::strerror(errno));
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    if (ok)
      done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    auto error = describe("cannot write", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return error;
  }
  return {};
}

std::string generate(const certificate_files& files, std::string_view domain) {
  auto key = make_key();
  if (!key)
    return failure("cannot generate the TLS key");
  auto cert = make_cert(key.get(), domain);
  if (!cert)
    return failure("cannot build the TLS certificate");
  bio_ptr key_pem{BIO_new(BIO_s_mem())};
  bio_ptr cert_pem{BIO_new(BIO_s_mem())};
  if (!key_pem || !cert_pem ||
      PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(cert_pem.get(), cert.get()) != 1)
    return failure("cannot encode the TLS certificate");
  if (auto e = write_file(files.key, drain(key_pem.get()), 0600); !e.empty())
    return e;
  return write_file(files.cert, drain(cert_pem.get()), 0644);
}

} // namespace

self_signed_outcome ensure_self_signed_cert(const std::filesystem::path& dir,
                                            std::string_view domain) {
  self_signed_outcome out;
  auto tls_dir = dir / "tls";
  out.files = {tls_dir / "cert.pem", tls_dir / "key.pem"};
  std::error_code ec;
  if (std::filesystem::is_regular_file(out.files.cert, ec) &&
      std::filesystem::is_regular_file(out.files.key, ec))
    return out;
  std::filesystem::create_directories(tls_dir, ec);
  if (ec) {
    out.error = describe("cannot create", tls_dir, ec.message());
    return out;
  }
  if (domain.empty())
    domain = "localhost";
  out.error = generate(out.files, domain);
  out.generated = out.error.empty();
  return out;
}

} // namespace passerelle::sip::transport
