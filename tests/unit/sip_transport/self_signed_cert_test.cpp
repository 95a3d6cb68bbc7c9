#include "sip/transport/self_signed_cert.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace passerelle::sip::transport;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct x509_deleter {
  void operator()(X509* x) const { X509_free(x); }
};

std::unique_ptr<X509, x509_deleter> load(const std::filesystem::path& p) {
  auto* f = std::fopen(p.c_str(), "r");
  REQUIRE(f != nullptr);
  std::unique_ptr<X509, x509_deleter> cert{
      PEM_read_X509(f, nullptr, nullptr, nullptr)};
  std::fclose(f);
  REQUIRE(cert);
  return cert;
}

std::string common_name(X509* cert) {
  char cn[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                            sizeof cn);
  return cn;
}

} // namespace

TEST_CASE("a self-signed certificate is made once and then reused",
          "[tls][cert]") {
  test::temp_dir dir;
  auto first = ensure_self_signed_cert(dir.path(), "sip.example.com");
  REQUIRE(first.ok());
  CHECK(first.generated);
  CHECK(first.files.cert == dir.path() / "tls" / "cert.pem");
  CHECK(first.files.key == dir.path() / "tls" / "key.pem");
  struct stat st {};
  REQUIRE(::stat(first.files.key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto cert_pem = slurp(first.files.cert);
  auto key_pem = slurp(first.files.key);

  auto second = ensure_self_signed_cert(dir.path(), "sip.example.com");
  REQUIRE(second.ok());
  CHECK_FALSE(second.generated);
  CHECK(slurp(second.files.cert) == cert_pem);
  CHECK(slurp(second.files.key) == key_pem);
}

TEST_CASE("the certificate names the domain and 127.0.0.1", "[tls][cert]") {
  test::temp_dir dir;
  auto made = ensure_self_signed_cert(dir.path(), "sip.example.com");
  REQUIRE(made.ok());
  auto cert = load(made.files.cert);
  CHECK(common_name(cert.get()) == "sip.example.com");
  CHECK(X509_check_host(cert.get(), "sip.example.com", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_host(cert.get(), "other.example.com", 0, 0, nullptr) != 1);
  // Self-signed: issuer is subject, and the signature verifies.
  CHECK(X509_check_issued(cert.get(), cert.get()) == X509_V_OK);
  CHECK(X509_verify(cert.get(), X509_get0_pubkey(cert.get())) == 1);
  // Ten years, give or take the leap days.
  int days = 0;
  int secs = 0;
  REQUIRE(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert.get()),
                         X509_get0_notAfter(cert.get())) == 1);
  CHECK(days >= 3650);
  CHECK(days <= 3653);
  CHECK(EVP_PKEY_is_a(X509_get0_pubkey(cert.get()), "EC"));
}

TEST_CASE("an address as domain becomes an IP subjectAltName", "[tls][cert]") {
  test::temp_dir dir;
  auto made = ensure_self_signed_cert(dir.path(), "192.0.2.5");
  REQUIRE(made.ok());
  auto cert = load(made.files.cert);
  CHECK(X509_check_ip_asc(cert.get(), "192.0.2.5", 0) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
}

TEST_CASE("an unwritable directory is reported, not thrown", "[tls][cert]") {
  test::temp_dir dir;
  auto blocker = dir.path() / "file";
  std::ofstream{blocker} << "x";
  auto made = ensure_self_signed_cert(blocker, "sip.example.com");
  CHECK_FALSE(made.ok());
  CHECK_FALSE(made.error.empty());
}
