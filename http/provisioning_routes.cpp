#include "http/api_server.hpp"

#include "http/api_errors.hpp"
#include "http/handover_server.hpp"
#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"
#include "http/provisioning/request_path.hpp"

#include <httplib.h>

#include <optional>
#include <variant>

namespace passerelle::http {

namespace {

namespace prov = provisioning;

phone_answer plain(int status, const std::string& text) {
  return {status, "text/plain; charset=utf-8", text + "\n"};
}

} // namespace

void api_server::add_provisioning_routes() {
  // Until sign-in lands (later issue), the Sign in key opens a localized
  // notice rather than an error.
  server_->Get(
      R"(/phone/([0-9a-fA-F]{12})/signin)",
      [](const httplib::Request& req, httplib::Response& res) {
        auto ua = prov::parse_user_agent(req.get_header_value("User-Agent"));
        auto lang = req.has_param("lang") ? req.get_param_value("lang") : "en";
        auto strings = prov::strings_for(ua.vendor, ua.model, lang);
        auto text = prov::xml_escape(strings.sign_in_unavailable);
        res.set_content("<!doctype html><html><head><meta charset=\"utf-8\">"
                        "<title>" +
                            text + "</title></head><body><p>" + text +
                            "</p></body></html>\n",
                        "text/html; charset=utf-8");
      });
  server_->Get(R"(/.*)", [this](const httplib::Request& req,
                                httplib::Response& res) {
    if (req.path.starts_with("/api/")) {
      res.status = 404;
      res.set_content(error_body("not_found", "no such resource: " + req.path),
                      "application/json");
      return;
    }
    serve_config(req, res);
  });
}

void api_server::serve_config(const httplib::Request& req,
                              httplib::Response& res) {
  auto answer = serve_phone_file(req.path, req.get_header_value("User-Agent"),
                                 req.remote_addr);
  res.status = answer.status;
  res.body = std::move(answer.body);
  res.set_header("Content-Type", answer.content_type);
}

phone_answer api_server::serve_phone_file(std::string_view path,
                                          std::string_view user_agent,
                                          const std::string& remote_addr) {
  return *answer_phone_file(path, user_agent, remote_addr, true);
}

std::optional<phone_answer>
api_server::serve_known_phone_file(std::string_view path,
                                   std::string_view user_agent,
                                   const std::string& remote_addr) {
  return answer_phone_file(path, user_agent, remote_addr, false);
}

std::optional<phone_answer>
api_server::answer_phone_file(std::string_view path,
                              std::string_view user_agent,
                              const std::string& remote_addr, bool may_block) {
  auto parsed = prov::parse_request_path(path, user_agent);
  if (parsed.status != prov::path_status::ok)
    return plain(prov::http_status(parsed.status), parsed.reason);
  auto& pr = parsed.request;
  if (!pr.tenant.empty() && pr.tenant != settings_.tenant)
    return plain(404, "unknown tenant " + pr.tenant);
  if (pr.mac_mismatch)
    return plain(403, "the MAC in the path is not this phone's");
  prov::render_input in;
  if (pr.kind == prov::file_kind::per_mac) {
    // Onboarding: the first per-MAC request records the phone and creates
    // the device; later ones get the same derived credentials.
    events::phone_profile phone{prov::to_string(pr.vendor),
                                pr.model,
                                pr.firmware,
                                remote_addr,
                                pr.language,
                                pr.tenant,
                                pr.firmware_unsupported};
    std::variant<std::string, failure> password;
    if (may_block) {
      password = onboard_phone(pr.mac, std::move(phone));
    } else if (auto known = onboarded_.password_for(pr.mac, phone)) {
      password = std::move(*known);
    } else {
      return std::nullopt;
    }
    if (auto* f = std::get_if<failure>(&password))
      return plain(status_of(f->code), f->message);
    in.username = pr.mac;
    in.password = std::move(std::get<std::string>(password));
  }
  in.vendor = pr.vendor;
  in.model = pr.model;
  in.firmware = pr.firmware;
  in.mac = pr.mac;
  in.language = pr.language;
  in.gateway_host = settings_.gateway_host;
  in.http_port = settings_.http_port;
  in.sips_port = settings_.sips_port;
  in.sip_domain = settings_.domain;
  in.provisioning_base_url = prov::provisioning_base_url(
      settings_.gateway_host, settings_.http_port, pr.tenant, pr.language);
  if (!pr.mac.empty())
    in.sign_in_url =
        prov::sign_in_url(settings_.gateway_host, settings_.http_port, pr.mac);
  auto file = prov::render(pr.kind, in);
  if (!file)
    return plain(404, "no such file for this phone");
  return phone_answer{200, std::move(file->content_type),
                      std::move(file->body)};
}

} // namespace passerelle::http
