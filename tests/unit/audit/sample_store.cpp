// Writes the sample log (sample_log.hpp) into `<data-dir>/store`, for the
// passerelle-audit CLI test. With --tamper, flips one byte of the event
// default/device/001565aabbdd#1 instead.

#include "storage/event_store.hpp"
#include "storage/keys.hpp"
#include "tests/unit/audit/sample_log.hpp"

#include <rocksdb/db.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

using namespace passerelle;

namespace {

int fail(const std::string& why) {
  std::fprintf(stderr, "audit_sample_store: %s\n", why.c_str());
  return 1;
}

bool tamper(storage::event_store& store) {
  auto key = storage::event_key("default", "device/001565aabbdd", 1);
  std::string value;
  if (!store.db().Get({}, store.events_cf(), key, &value).ok() ||
      value.size() < 13)
    return false;
  value[12] ^= 0x20;
  return store.db().Put({}, store.events_cf(), key, value).ok();
}

} // namespace

int main(int argc, char** argv) {
  bool tampering = argc == 3 && std::string_view{argv[1]} == "--tamper";
  if (argc != 2 && !tampering)
    return fail("usage: audit_sample_store [--tamper] <data-dir>");
  std::string dir{argv[argc - 1]};
  std::error_code err;
  std::filesystem::create_directories(dir, err);
  auto store = storage::event_store::open(dir + "/store", {});
  if (!store)
    return fail(store.error().message);
  if (tampering)
    return tamper(**store) ? 0 : fail("cannot change the event");
  return test::write_sample_log(**store) ? 0 : fail("cannot append");
}
