// Cisco MPP (PROTOCOLS.md §5). The factory `Profile_Rule = /$PSN.xml` gets
// the model file, which sets the rules for later resyncs and chains with
// `Profile_Rule_B` to `Cisco/$PN/$MA.cfg`, this phone's own flat profile.
// Unverified beyond §5 and public SPA/MPP templates: `Secure_Call_Option_1_`
// and `SRTP_Method_1_` (SRTP required), `Locale` values other than en-US,
// and `PSK_N_` with `fnc=xml` opening the sign-in page.
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"

namespace passerelle::provisioning {

namespace {

constexpr std::string_view xml_declaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

rendered_file xml(std::string body) {
  return {"application/xml; charset=utf-8", std::move(body)};
}

/// `GMT`, `GMT+01:00`, `GMT-03:30`: the MPP time zone names.
std::string time_zone(int32_t seconds) {
  std::string out{"GMT"};
  if (seconds != 0)
    out.append(utc_offset_hhmm(seconds));
  return out;
}

/// Resync rules and time: the same in the model file and the device's own
/// file, so a phone pointed straight at the latter keeps them.
void append_shared(std::string& out, const render_input& in) {
  auto base = provisioning_directory(in);
  append_element(out, "Profile_Rule", base + "$PSN.xml");
  append_element(out, "Profile_Rule_B", base + "Cisco/$PN/$MA.cfg");
  append_element(out, "Resync_On_Reset", "Yes");
  append_element(out, "Resync_From_SIP", "Yes");
  if (!in.ntp_servers.empty())
    append_element(out, "Primary_NTP_Server", in.ntp_servers[0]);
  if (in.ntp_servers.size() > 1)
    append_element(out, "Secondary_NTP_Server", in.ntp_servers[1]);
  append_element(out, "Time_Zone", time_zone(in.utc_offset_seconds));
}

std::string model_file(const render_input& in) {
  std::string out{xml_declaration};
  out.append("<!-- Passerelle model file: chains to this phone's own file. "
             "-->\n");
  out.append("<flat-profile>\n");
  append_shared(out, in);
  out.append("</flat-profile>\n");
  return out;
}

/// A programmable softkey value: `fnc=<function>;<target>;nme=<label>`.
/// `;` in the label would start a new field.
std::string softkey(std::string_view function, std::string_view target,
                    std::string_view label) {
  std::string out{"fnc="};
  out.append(function);
  out.push_back(';');
  out.append(target);
  out.append(";nme=");
  for (char c : label)
    out.push_back(c == ';' ? ',' : c);
  return out;
}

std::string device_file(const render_input& in) {
  auto text = strings_for(phone_vendor::cisco, in.model, in.language);
  auto lang = effective_language(phone_vendor::cisco, in.language);
  auto line = line_identity_of(in, text);
  std::string proxy{registrar_domain(in)};
  proxy.push_back(':');
  proxy.append(std::to_string(in.sips_port));
  std::string sign_in_target{"url="};
  sign_in_target.append(in.sign_in_url);
  std::string voicemail_target{"ext="};
  voicemail_target.append(in.voicemail_number);
  voicemail_target.append("@$PROXY");
  std::string out{xml_declaration};
  out.append("<!-- Passerelle device file: one TLS line, SRTP required. "
             "-->\n");
  out.append("<flat-profile>\n");
  append_shared(out, in);
  append_element(out, "Line_Enable_1_", "Yes");
  append_element(out, "Proxy_1_", proxy);
  append_element(out, "SIP_Transport_1_", "TLS");
  append_element(out, "Register_1_", "Yes");
  append_element(out, "Register_Expires_1_",
                 std::to_string(in.registration_expiry));
  append_element(out, "User_ID_1_", in.username);
  append_element(out, "Auth_ID_1_", in.username);
  append_element(out, "Use_Auth_ID_1_", "Yes");
  append_element(out, "Password_1_", in.password);
  append_element(out, "Display_Name_1_", line.display_name);
  append_element(out, "Short_Name_1_", line.label);
  append_element(out, "Secure_Call_Option_1_", "Required");
  append_element(out, "SRTP_Method_1_", "s-descriptor");
  append_element(out, "Voice_Mail_Number", in.voicemail_number);
  append_element(out, "Language_Selection",
                 vendor_language(phone_vendor::cisco, lang));
  append_element(out, "Locale", cisco_locale(lang));
  append_element(out, "Programmable_Softkey_Enable", "Yes");
  append_element(out, "PSK_1_",
                 softkey("xml", sign_in_target, sign_in_key_label(in, text)));
  append_element(out, "PSK_2_",
                 softkey("sd", voicemail_target, text.voicemail));
  append_element(out, "Idle_Key_List", "psk1|1;psk2|2;redial|3;recents|4;");
  append_element(out, "XML_Application_Service_Name",
                 sign_in_key_label(in, text));
  append_element(out, "XML_Application_Service_URL", in.sign_in_url);
  out.append("</flat-profile>\n");
  return out;
}

} // namespace

std::optional<rendered_file> render_cisco(file_kind kind,
                                          const render_input& in) {
  switch (kind) {
  case file_kind::model_profile:
    return xml(model_file(in));
  case file_kind::per_mac:
    if (!valid_mac(in.mac))
      return std::nullopt;
    return xml(device_file(in));
  default:
    return std::nullopt;
  }
}

} // namespace passerelle::provisioning
