#pragma once

#include "storage/event_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/audit/sample_log.hpp"
#include "tools/audit/audit_commands.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace passerelle::test {

/// A gateway-like data dir (`<dir>/store`) holding the sample log, with the
/// writing handle still open as a running gateway would keep it.
struct sample_data_dir {
  temp_dir dir;
  std::unique_ptr<storage::event_store> writer;

  sample_data_dir() {
    auto store = storage::event_store::open(
        (dir.path() / "store").string(),
        {storage::durability::nosync, "node-a", false});
    REQUIRE(store);
    writer = std::move(*store);
    REQUIRE(write_sample_log(*writer));
  }

  std::string flag() const { return "--data-dir=" + dir.str(); }
};

/// What one run of the tool printed and returned.
struct audit_run {
  audit::exit_status status = audit::exit_status::ok;
  std::string out;
  std::string err;
};

inline audit_run run_audit(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  auto status = audit::run(args, out, err);
  return {status, out.str(), err.str()};
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

} // namespace passerelle::test
