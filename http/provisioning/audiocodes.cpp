// AudioCodes 4xxHD (PROTOCOLS.md §5): `path/key=value`, `;` comments.
// From §5: `voip/line/0/*`, `voip/signalling/sip/proxy_*`,
// `provisioning/*`. Seen in public AudioCodes files: `sip_registrar/*`,
// `system/ntp/*` (offset as `-03:00`), `personal_settings/language`.
// Unverified: `transport_protocol=TLS`, `registration_expires`,
// `voip/media/srtp/mode`, the `personal_settings/functional_key/N/*` keys,
// and the language values (see catalog.cpp).
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"

namespace passerelle::provisioning {

namespace {

void put(std::string& out, std::string_view key, std::string_view value) {
  append_setting(out, key, "=", value);
}

std::string device_file(const render_input& in) {
  auto text = strings_for(phone_vendor::audiocodes, in.model, in.language);
  auto lang = vendor_language(
      phone_vendor::audiocodes,
      effective_language(phone_vendor::audiocodes, in.language));
  auto line = line_identity_of(in, text);
  auto domain = registrar_domain(in);
  auto port = std::to_string(in.sips_port);
  std::string out;
  out.append("; Passerelle device file: one TLS line, SRTP required.\n");
  put(out, "voip/line/0/enabled", "1");
  put(out, "voip/line/0/id", in.username);
  put(out, "voip/line/0/description", line.label);
  put(out, "voip/line/0/auth_name", in.username);
  put(out, "voip/line/0/auth_password", in.password);
  put(out, "voip/signalling/sip/proxy_address", domain);
  put(out, "voip/signalling/sip/proxy_port", port);
  put(out, "voip/signalling/sip/transport_protocol", "TLS");
  put(out, "voip/signalling/sip/sip_registrar/enabled", "1");
  put(out, "voip/signalling/sip/sip_registrar/addr", domain);
  put(out, "voip/signalling/sip/sip_registrar/port", port);
  put(out, "voip/signalling/sip/registration_expires",
      std::to_string(in.registration_expiry));
  put(out, "voip/media/srtp/mode", "MANDATORY");
  if (!in.ntp_servers.empty()) {
    put(out, "system/ntp/enabled", "1");
    put(out, "system/ntp/primary_server_address", in.ntp_servers[0]);
  }
  if (in.ntp_servers.size() > 1)
    put(out, "system/ntp/secondary_server_address", in.ntp_servers[1]);
  put(out, "system/ntp/gmt_offset", utc_offset_hhmm(in.utc_offset_seconds));
  put(out, "personal_settings/language", lang);
  put(out, "provisioning/method", "STATIC");
  put(out, "provisioning/configuration/url", provisioning_directory(in));
  put(out, "personal_settings/functional_key/0/type", "URL");
  put(out, "personal_settings/functional_key/0/display_name",
      sign_in_key_label(in, text));
  put(out, "personal_settings/functional_key/0/value", in.sign_in_url);
  put(out, "personal_settings/functional_key/1/type", "SPEED_DIAL");
  put(out, "personal_settings/functional_key/1/display_name", text.voicemail);
  put(out, "personal_settings/functional_key/1/value", in.voicemail_number);
  return out;
}

} // namespace

std::optional<rendered_file> render_audiocodes(file_kind kind,
                                               const render_input& in) {
  if (kind != file_kind::per_mac || !valid_mac(in.mac))
    return std::nullopt;
  return rendered_file{"text/plain; charset=utf-8", device_file(in)};
}

} // namespace passerelle::provisioning
