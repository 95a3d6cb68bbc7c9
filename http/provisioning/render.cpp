#include "http/provisioning/render.hpp"

namespace passerelle::provisioning {

namespace {

std::string http_origin(std::string_view host, uint16_t http_port) {
  std::string out{"http://"};
  out.append(host);
  if (http_port != 80) {
    out.push_back(':');
    out.append(std::to_string(http_port));
  }
  return out;
}

} // namespace

std::string provisioning_base_url(std::string_view host, uint16_t http_port,
                                  std::string_view tenant,
                                  std::string_view language) {
  auto out = http_origin(host, http_port);
  if (!tenant.empty()) {
    out.append("/tenantid/");
    out.append(tenant);
  }
  if (!language.empty()) {
    out.append("/lang_");
    out.append(language);
  }
  return out;
}

std::string sign_in_url(std::string_view host, uint16_t http_port,
                        std::string_view mac) {
  auto out = http_origin(host, http_port);
  out.append("/phone/");
  out.append(mac);
  out.append("/signin");
  return out;
}

std::optional<rendered_file> render(file_kind kind, const render_input& in) {
  switch (in.vendor) {
  case phone_vendor::yealink:
    return render_yealink(kind, in);
  case phone_vendor::poly:
    return render_poly(kind, in);
  case phone_vendor::cisco:
    return render_cisco(kind, in);
  case phone_vendor::audiocodes:
    return render_audiocodes(kind, in);
  case phone_vendor::unknown:
    break;
  }
  return std::nullopt;
}

} // namespace passerelle::provisioning
