#include "events/registry.hpp"

#include "events/aggregate.hpp"
#include "events/device.hpp"

namespace passerelle::events {

namespace {

template <class Aggregate>
result<nlohmann::json> rebuild_as(const std::vector<envelope>& events) {
  auto state = fold(versioned<Aggregate>{}, events);
  if (!state)
    return state.error();
  auto j = to_json(state->model);
  j["version"] = state->version;
  return j;
}

} // namespace

bool known_stream(std::string_view stream) {
  return stream.starts_with(device_aggregate::stream_prefix);
}

result<nlohmann::json> rebuild(std::string_view stream,
                               const std::vector<envelope>& events) {
  if (stream.starts_with(device_aggregate::stream_prefix))
    return rebuild_as<device_aggregate>(events);
  return failure{ec::not_found,
                 "no aggregate owns stream " + std::string{stream}};
}

} // namespace passerelle::events
