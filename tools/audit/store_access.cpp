#include "tools/audit/store_access.hpp"

#include <chrono>
#include <filesystem>
#include <thread>

namespace passerelle::audit {

namespace fs = std::filesystem;

result<std::string> find_store_dir(const std::string& data_dir) {
  std::error_code err;
  fs::path dir{data_dir};
  if (!fs::is_directory(dir, err))
    return failure{ec::not_found, "no such directory: " + data_dir};
  if (fs::is_directory(dir / "store", err))
    return (dir / "store").string();
  if (fs::is_regular_file(dir / "CURRENT", err))
    return dir.string();
  return failure{ec::not_found, "no event store in " + data_dir +
                                    " (expected " + (dir / "store").string() +
                                    ")"};
}

result<std::unique_ptr<storage::event_store>>
open_read_only(const std::string& data_dir) {
  auto dir = find_store_dir(data_dir);
  if (!dir)
    return dir.error();
  storage::store_options opts;
  opts.read_only = true;
  // A live gateway may flush and delete a WAL or roll the MANIFEST while we
  // read them; a second attempt then sees the new files.
  constexpr int attempts = 3;
  for (int i = 1;; ++i) {
    auto store = storage::event_store::open(*dir, opts);
    if (store || i == attempts)
      return store;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
}

} // namespace passerelle::audit
