// Fuzzes what the provisioning front reads from a phone: the HTTP request
// head (RFC 9112), the decision to answer it or hand it to httplib, the
// provisioning path with its `/tenantid/` and `/lang_xx` segments, and the
// User-Agent.
//
// The input is a request head. Its first line, cut at the first LF, is
// also read as a path with the rest of the input as User-Agent, so both
// parsers see arbitrary text even when the head is refused.
#include "fuzz_check.hpp"
#include "http/front_request.hpp"
#include "http/provisioning/device_info.hpp"
#include "http/provisioning/request_path.hpp"
#include "http/request_head.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace passerelle;

void read_phone(std::string_view path, std::string_view user_agent) {
  auto parsed = provisioning::parse_request_path(path, user_agent);
  (void)provisioning::http_status(parsed.status);
  (void)provisioning::to_string(parsed.request.kind);
  if (parsed.status == provisioning::path_status::ok)
    fuzz::check(parsed.request.mac.empty() || parsed.request.mac.size() == 12,
                "a MAC that is not 12 digits");
  auto ua = provisioning::parse_user_agent(user_agent);
  (void)provisioning::model_key(ua.model);
  (void)provisioning::same_model(ua.model, parsed.request.model);
  (void)provisioning::minimum_firmware(ua.vendor, ua.model);
  (void)provisioning::firmware_supported(ua.vendor, ua.model, ua.firmware);
}

void read_head(std::string_view bytes, const http::head_limits& limits) {
  http::request_head head;
  auto status = http::parse_request_head(bytes, head, limits);
  if (status != http::head_status::complete)
    return;
  fuzz::check(head.size > 0 && head.size <= bytes.size() &&
                  head.size <= limits.max_size,
              "a head size outside the input or the limit");
  fuzz::check(head.fields.size() <= limits.max_fields, "too many fields");
  (void)http::keeps_alive(head);
  (void)http::count_fields(head, "Host");
  auto get = http::front_takes(head);
  if (!get)
    return;
  const auto* ua = http::find_field(head, "User-Agent");
  fuzz::check(ua == nullptr || get->user_agent == ua->value,
              "front_takes lost the User-Agent");
  read_phone(get->path, get->user_agent);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  read_head(input, {});
  // Small limits reach the too_large paths.
  read_head(input, {256, 4});
  auto nl = input.find('\n');
  if (nl == std::string_view::npos)
    read_phone(input, {});
  else
    read_phone(input.substr(0, nl), input.substr(nl + 1));
  return 0;
}
