#include "http/api_server.hpp"

#include "http/api_errors.hpp"
#include "http/credentials.hpp"
#include "http/handover_server.hpp"
#include "http/phone_files.hpp"
#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render_text.hpp"
#include "http/provisioning/request_path.hpp"

#include <httplib.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <variant>

namespace passerelle::http {

namespace prov = provisioning;

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
                                          std::string_view remote_addr) {
  auto promise = std::make_shared<std::promise<phone_answer>>();
  auto answer = promise->get_future();
  answer_phone_file(path, user_agent, remote_addr, [promise](phone_answer a) {
    promise->set_value(std::move(a));
  });
  // As long as the front waits for the same answer.
  if (answer.wait_for(front_settings{}.answer_timeout) !=
      std::future_status::ready)
    return no_fleet_answer();
  return answer.get();
}

std::variant<phone_answer, pending_phone_file>
api_server::answer_known_phone_file(std::string_view path,
                                    std::string_view user_agent,
                                    std::string_view remote_addr) {
  auto plan = plan_phone_file(path, user_agent, remote_addr, files_);
  if (auto* file = std::get_if<pending_phone_file>(&plan))
    if (auto known = onboarded_->password_for(file->mac, file->phone))
      return finish_phone_file(std::move(*file), std::move(*known));
  return plan;
}

void api_server::remember_onboarded(const folded_devices& devices) {
  auto ticket = onboarded_->ticket();
  for (auto& [stream, device] : devices) {
    auto& model = device.model;
    if (model.lifecycle != events::device_lifecycle::provisioned ||
        !model.onboarded)
      continue;
    if (onboarded_->size() >= onboarding_cache::default_capacity)
      break; // the cache would start over
    onboarded_->remember(model.mac, {model, device.version},
                         derive_password(settings_.credential_secret, model.mac,
                                         model.credential_generation),
                         ticket);
  }
}

void api_server::answer_phone_file(std::string_view path,
                                   std::string_view user_agent,
                                   std::string_view remote_addr,
                                   std::function<void(phone_answer)> done) {
  auto known = answer_known_phone_file(path, user_agent, remote_addr);
  if (auto* answer = std::get_if<phone_answer>(&known))
    return done(std::move(*answer));
  onboard_then_answer(std::move(std::get<pending_phone_file>(known)),
                      std::move(done));
}

void api_server::onboard_then_answer(pending_phone_file file,
                                     std::function<void(phone_answer)> done) {
  onboardings_.fetch_add(1, std::memory_order_relaxed);
  auto mac = file.mac;
  auto phone = file.phone;
  // Rendered where the outcome arrives; captures nothing of this server,
  // which may be gone by then.
  onboard(bridge_, std::move(mac), std::move(phone),
          [file = std::move(file),
           done = std::move(done)](onboarding_outcome password) mutable {
            done(finish_phone_file(std::move(file), std::move(password)));
          });
}

} // namespace passerelle::http
