// Poly VVX/Trio (PROTOCOLS.md §5). The phone asks `<mac>.cfg`, else
// `000000000000.cfg`: both get the same master file, which lists this
// phone's `<mac>-user.cfg` first (it wins) and then `common.cfg`. Settings
// are XML attributes. Unverified beyond §5 and public templates:
// `softkey.N.action` holding a URL (opens the microbrowser on
// `mb.main.home`), the `*99*$Tinvite$` voicemail macro, and
// `device.prov.serverName` taking a full URL.
#include "http/provisioning/render.hpp"
#include "http/provisioning/render_text.hpp"

#include <utility>
#include <vector>

namespace passerelle::provisioning {

namespace {

using attributes = std::vector<std::pair<std::string_view, std::string>>;

constexpr std::string_view xml_declaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// `  <element\n    name="value"\n    name="value"/>\n`.
void append_group(std::string& out, std::string_view element,
                  const attributes& attrs) {
  out.append("  <");
  out.append(element);
  for (auto& [name, value] : attrs) {
    out.append("\n    ");
    out.append(name);
    out.append("=\"");
    out.append(xml_escape(value));
    out.push_back('"');
  }
  out.append("/>\n");
}

rendered_file xml(std::string body) {
  return {"application/xml; charset=utf-8", std::move(body)};
}

std::string master_file() {
  std::string out{xml_declaration};
  out.append("<!-- Passerelle master file: this phone's own file first, "
             "then the shared one. -->\n");
  out.append("<APPLICATION APP_FILE_PATH=\"\" "
             "CONFIG_FILES=\"[PHONE_MAC_ADDRESS]-user.cfg, common.cfg\" "
             "MISC_FILES=\"\" LOG_FILE_DIRECTORY=\"\" "
             "OVERRIDES_DIRECTORY=\"\" CONTACTS_DIRECTORY=\"\" "
             "LICENSE_DIRECTORY=\"\"/>\n");
  return out;
}

std::string common_file(const render_input& in) {
  std::string out{xml_declaration};
  out.append("<!-- Passerelle shared settings: TLS registrar, SRTP "
             "required, time, resync. -->\n");
  out.append("<polycomConfig>\n");
  append_group(
      out, "reg",
      {
          {"reg.1.server.1.address", std::string{registrar_domain(in)}},
          {"reg.1.server.1.port", std::to_string(in.sips_port)},
          {"reg.1.server.1.transport", "TLS"},
          {"reg.1.server.1.expires", std::to_string(in.registration_expiry)},
          {"reg.1.server.1.register", "1"},
      });
  append_group(out, "sec",
               {
                   {"sec.srtp.enable", "1"},
                   {"sec.srtp.offer", "1"},
                   {"sec.srtp.require", "1"},
               });
  attributes time;
  if (!in.ntp_servers.empty()) {
    time.emplace_back("tcpIpApp.sntp.address", in.ntp_servers.front());
    time.emplace_back("tcpIpApp.sntp.address.overrideDHCP", "1");
  }
  time.emplace_back("tcpIpApp.sntp.gmtOffset",
                    std::to_string(in.utc_offset_seconds));
  time.emplace_back("tcpIpApp.sntp.daylightSavings.enable", "0");
  append_group(out, "tcpIpApp", time);
  // 0: a check-sync NOTIFY reboots only when the files changed (§5).
  append_group(out, "voIpProt",
               {{"voIpProt.SIP.specialEvent.checkSync.alwaysReboot", "0"}});
  append_group(out, "msg",
               {
                   {"msg.mwi.1.callBackMode", "contact"},
                   {"msg.mwi.1.callBack", in.voicemail_number},
               });
  append_group(out, "feature", {{"feature.enhancedFeatureKeys.enabled", "1"}});
  out.append("</polycomConfig>\n");
  return out;
}

std::string device_file(const render_input& in) {
  auto text = strings_for(phone_vendor::poly, in.model, in.language);
  auto lang = vendor_language(
      phone_vendor::poly, effective_language(phone_vendor::poly, in.language));
  auto line = line_identity_of(in, text);
  std::string out{xml_declaration};
  out.append("<!-- Passerelle device file: account, language, Sign in "
             "softkey. -->\n");
  out.append("<polycomConfig>\n");
  append_group(out, "reg",
               {
                   {"reg.1.address", in.username},
                   {"reg.1.auth.userId", in.username},
                   {"reg.1.auth.password", in.password},
                   {"reg.1.displayName", line.display_name},
                   {"reg.1.label", line.label},
               });
  append_group(out, "lcl", {{"lcl.ml.lang", std::string{lang}}});
  append_group(out, "mb", {{"mb.main.home", in.sign_in_url}});
  append_group(
      out, "softkey",
      {
          {"softkey.1.enable", "1"},
          {"softkey.1.label", std::string{sign_in_key_label(in, text)}},
          {"softkey.1.action", in.sign_in_url},
          {"softkey.1.use.idle", "1"},
          {"softkey.2.enable", "1"},
          {"softkey.2.label", std::string{text.voicemail}},
          {"softkey.2.action", in.voicemail_number + "$Tinvite$"},
          {"softkey.2.use.idle", "1"},
      });
  append_group(out, "device",
               {
                   {"device.set", "1"},
                   {"device.prov.serverName.set", "1"},
                   {"device.prov.serverName", provisioning_directory(in)},
               });
  out.append("</polycomConfig>\n");
  return out;
}

} // namespace

std::optional<rendered_file> render_poly(file_kind kind,
                                         const render_input& in) {
  switch (kind) {
  case file_kind::master:
    return xml(master_file());
  case file_kind::common:
    return xml(common_file(in));
  case file_kind::per_mac:
    if (!valid_mac(in.mac))
      return std::nullopt;
    return xml(device_file(in));
  default:
    return std::nullopt;
  }
}

} // namespace passerelle::provisioning
