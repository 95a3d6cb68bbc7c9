#include "http/api_server.hpp"

#include "http/api_errors.hpp"
#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"
#include "http/provisioning/request_path.hpp"

#include <httplib.h>

#include <variant>

namespace passerelle::http {

namespace {

namespace prov = provisioning;

void plain(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text + "\n", "text/plain; charset=utf-8");
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
  auto parsed =
      prov::parse_request_path(req.path, req.get_header_value("User-Agent"));
  if (parsed.status != prov::path_status::ok)
    return plain(res, prov::http_status(parsed.status), parsed.reason);
  auto& pr = parsed.request;
  if (!pr.tenant.empty() && pr.tenant != settings_.tenant)
    return plain(res, 404, "unknown tenant " + pr.tenant);
  if (pr.mac_mismatch)
    return plain(res, 403, "the MAC in the path is not this phone's");
  prov::render_input in;
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
  if (pr.kind == prov::file_kind::per_mac) {
    // Onboarding: the first per-MAC request records the phone and creates
    // the device; later ones get the same derived credentials.
    auto password = onboard_phone(
        pr.mac, events::phone_profile{prov::to_string(pr.vendor), pr.model,
                                      pr.firmware, req.remote_addr, pr.language,
                                      pr.tenant, pr.firmware_unsupported});
    if (auto* f = std::get_if<failure>(&password))
      return plain(res, status_of(f->code), f->message);
    in.username = pr.mac;
    in.password = std::move(std::get<std::string>(password));
  }
  auto file = prov::render(pr.kind, in);
  if (!file)
    return plain(res, 404, "no such file for this phone");
  res.body = std::move(file->body);
  res.set_header("Content-Type", file->content_type);
}

} // namespace passerelle::http
