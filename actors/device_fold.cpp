#include "actors/device_fold.hpp"

namespace passerelle {

namespace {

using events::device_aggregate;

constexpr size_t page_size = 4096;

} // namespace

result<folded_devices> fold_devices(const storage::event_store& store,
                                    const std::string& tenant) {
  folded_devices out;
  for (uint64_t from = 1;;) {
    auto page = store.read_all(from, page_size);
    if (!page)
      return page.error();
    for (auto& x : *page) {
      if (x.tenant != tenant ||
          !x.stream.starts_with(device_aggregate::stream_prefix))
        continue;
      auto event = device_aggregate::decode(x);
      if (!event)
        return failure{ec::corrupt, "cannot decode " + x.type + " at " +
                                        x.stream + "#" + std::to_string(x.seq)};
      auto& device = out[x.stream];
      device.model = device_aggregate::apply(std::move(device.model), *event);
      device.version = x.seq;
    }
    if (page->size() < page_size)
      break;
    from = page->back().position + 1;
  }
  return out;
}

} // namespace passerelle
