#include "http/credentials.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::http;

TEST_CASE("the password alone is the one issued with the credentials",
          "[http][credentials]") {
  // HA1 = MD5(mac:realm:password), from Python's hashlib.
  struct known {
    uint32_t generation;
    const char* ha1_md5;
  };
  for (auto [generation, ha1_md5] :
       {known{2, "32da3a07dca7d3b340dd3652c186c96b"},
        known{17, "6577da089a0228a0bea6f8975f6a7649"}}) {
    auto issued = derive_credentials("secret", "805ec0d57d72",
                                     "passerelle.local", generation);
    CHECK(derive_password("secret", "805ec0d57d72", generation) ==
          issued.password);
    CHECK(issued.password.size() == 20);
    CHECK(issued.stored.ha1_md5 == ha1_md5);
  }
  CHECK(derive_password("secret", "805ec0d57d72", 1) !=
        derive_password("secret", "805ec0d57d72", 2));
  CHECK(derive_password("secret", "805ec0d57d72", 1) !=
        derive_password("other", "805ec0d57d72", 1));
}

TEST_CASE("passwords and HA1 values are the ones issued before (pinned)",
          "[http][credentials]") {
  // Phones keep the password they were given: the derivation must never
  // change. Values from Python's hmac/hashlib over the same inputs.
  auto issued =
      derive_credentials("secret", "805ec0d57d72", "passerelle.local", 1);
  CHECK(issued.password == "Gue99zBUHMjDgghrhNp6");
  CHECK(issued.stored.ha1_md5 == "510a1b78f03309a7bf03d63a6a9527cd");
  CHECK(issued.stored.ha1_sha256 ==
        "bdc47bcdcbed01389f4b53dc3ebcfa5dd533c7c92f350c64460cb0c45e6b33e8");
}
