#include "http/phone_files.hpp"

#include "http/api_errors.hpp"
#include "http/provisioning/request_path.hpp"

namespace passerelle::http {

namespace {

namespace prov = provisioning;

phone_answer plain(int status, const std::string& text) {
  return {status, "text/plain; charset=utf-8", text + "\n"};
}

phone_answer render_file(prov::file_kind kind, const prov::render_input& in) {
  auto file = prov::render(kind, in);
  if (!file)
    return plain(404, "no such file for this phone");
  return phone_answer{200, std::move(file->content_type),
                      std::move(file->body)};
}

} // namespace

std::variant<phone_answer, pending_phone_file>
plan_phone_file(std::string_view path, std::string_view user_agent,
                std::string_view remote_addr, const phone_file_settings& s) {
  auto parsed = prov::parse_request_path(path, user_agent);
  if (parsed.status != prov::path_status::ok)
    return plain(prov::http_status(parsed.status), parsed.reason);
  auto& pr = parsed.request;
  if (!pr.tenant.empty() && pr.tenant != s.tenant)
    return plain(404, "unknown tenant " + pr.tenant);
  if (pr.mac_mismatch)
    return plain(403, "the MAC in the path is not this phone's");
  prov::render_input in;
  in.vendor = pr.vendor;
  in.model = pr.model;
  in.firmware = pr.firmware;
  in.mac = pr.mac;
  in.language = pr.language;
  in.gateway_host = s.gateway_host;
  in.http_port = s.http_port;
  in.sips_port = s.sips_port;
  in.sip_domain = s.domain;
  in.provisioning_base_url = prov::provisioning_base_url(
      s.gateway_host, s.http_port, pr.tenant, pr.language);
  if (!pr.mac.empty())
    in.sign_in_url = prov::sign_in_url(s.gateway_host, s.http_port, pr.mac);
  if (pr.kind != prov::file_kind::per_mac)
    return render_file(pr.kind, in);
  // Onboarding: the first per-MAC request records the phone and creates
  // the device; later ones get the same derived credentials.
  events::phone_profile phone{
      prov::to_string(pr.vendor), pr.model,    pr.firmware,
      std::string{remote_addr},   pr.language, pr.tenant,
      pr.firmware_unsupported};
  return pending_phone_file{pr.mac, std::move(phone), pr.kind, std::move(in)};
}

phone_answer no_fleet_answer() {
  return plain(503, "no answer from the fleet");
}

phone_answer finish_phone_file(pending_phone_file file,
                               onboarding_outcome password) {
  if (auto* f = std::get_if<failure>(&password))
    return plain(status_of(f->code), f->message);
  file.in.username = file.mac;
  file.in.password = std::move(std::get<std::string>(password));
  return render_file(file.kind, file.in);
}

} // namespace passerelle::http
