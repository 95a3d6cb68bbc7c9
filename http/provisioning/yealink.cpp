// Yealink T2x/T3x/T4x/T5x (PROTOCOLS.md §5): `#!version:1.0.0.1` on the
// first line, then `key = value`. Key names from §5; values: transport 2 =
// TLS, srtp_encryption 2 = compulsory, DSS key type 27 = XML browser, 12 =
// voicemail (seen in public templates).
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"

namespace passerelle::provisioning {

namespace {

constexpr std::string_view header = "#!version:1.0.0.1\n";

/// `key = value`; an empty value is written `%NULL%`, Yealink's way of
/// clearing a setting (a blank value may leave the old one in place).
void put(std::string& out, std::string_view key, std::string_view value) {
  append_setting(out, key, " = ", value.empty() ? "%NULL%" : value);
}

rendered_file plain_text(std::string body) {
  return {"text/plain; charset=utf-8", std::move(body)};
}

/// `<mac>.boot` / `y000000000000.boot`: load this phone's own file only.
/// Relative include paths resolve against the provisioning URL
/// (unverified for every firmware).
std::string boot_file(const render_input& in) {
  std::string out{header};
  out.append("## Passerelle boot file: this phone's own configuration.\n");
  out.append("include:config \"");
  out.append(in.mac);
  out.append(".cfg\"\n");
  return out;
}

/// Settings that hold for every Yealink phone of the deployment.
void put_shared(std::string& out, const render_input& in) {
  put(out, "static.auto_provision.server.url", provisioning_directory(in));
  // 0: a check-sync NOTIFY resyncs without rebooting (PROTOCOLS.md §5).
  put(out, "sip.notify_reboot_enable", "0");
  if (!in.ntp_servers.empty())
    put(out, "local_time.ntp_server1", in.ntp_servers[0]);
  if (in.ntp_servers.size() > 1)
    put(out, "local_time.ntp_server2", in.ntp_servers[1]);
  put(out, "local_time.time_zone", utc_offset_hours(in.utc_offset_seconds));
  put(out, "local_time.summer_time", "0");
}

std::string model_file(const render_input& in) {
  std::string out{header};
  out.append("## Passerelle model profile: shared settings, no account.\n");
  put_shared(out, in);
  return out;
}

std::string device_file(const render_input& in) {
  auto text = strings_for(phone_vendor::yealink, in.model, in.language);
  auto lang =
      vendor_language(phone_vendor::yealink,
                      effective_language(phone_vendor::yealink, in.language));
  auto line = line_identity_of(in, text);
  auto port = std::to_string(in.sips_port);
  std::string out{header};
  out.append("## Passerelle device file: one TLS account, SRTP required.\n");
  put(out, "account.1.enable", "1");
  put(out, "account.1.label", line.label);
  put(out, "account.1.display_name", line.display_name);
  put(out, "account.1.auth_name", in.username);
  put(out, "account.1.user_name", in.username);
  put(out, "account.1.password", in.password);
  put(out, "account.1.sip_server.1.address", registrar_domain(in));
  put(out, "account.1.sip_server.1.port", port);
  put(out, "account.1.sip_server.1.transport_type", "2");
  put(out, "account.1.sip_server.1.expires",
      std::to_string(in.registration_expiry));
  put(out, "account.1.srtp_encryption", "2");
  put(out, "voice_mail.number.1", in.voicemail_number);
  put(out, "lang.gui", lang);
  put(out, "lang.wui", lang);
  put_shared(out, in);
  put(out, "programablekey.1.type", "27");
  put(out, "programablekey.1.label", sign_in_key_label(in, text));
  put(out, "programablekey.1.value", in.sign_in_url);
  put(out, "linekey.2.type", "12");
  put(out, "linekey.2.line", "1");
  put(out, "linekey.2.label", text.voicemail);
  return out;
}

} // namespace

std::optional<rendered_file> render_yealink(file_kind kind,
                                            const render_input& in) {
  switch (kind) {
  case file_kind::boot:
    if (!valid_mac(in.mac))
      return std::nullopt;
    return plain_text(boot_file(in));
  case file_kind::model_profile:
    return plain_text(model_file(in));
  case file_kind::per_mac:
    if (!valid_mac(in.mac))
      return std::nullopt;
    return plain_text(device_file(in));
  default:
    return std::nullopt;
  }
}

} // namespace passerelle::provisioning
