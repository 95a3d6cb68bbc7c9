#include "tools/ctl/dhcp_snippets.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace passerelle::ctl {

namespace {

using nlohmann::ordered_json;

/// Name of the Cisco class (ISC, Kea) and tag (dnsmasq).
constexpr std::string_view cisco_class = "passerelle-cisco";

/// Name Kea gives option 160 through our `option-def`.
constexpr std::string_view kea_option_160 = "provisioning-url";

/// First comment line on the Cisco class or tag, in every format.
constexpr std::string_view cisco_comment =
    "# Cisco MPP phones need their own option 160 (and 66) value, ending in";

/// Appends every piece to `out`; spares GCC 12 its false -Wrestrict on
/// `"literal" + std::string`.
void add(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (auto piece : pieces)
    out.append(piece);
}

/// Appends the pieces as one line of a config file.
void line(std::string& out, std::initializer_list<std::string_view> pieces) {
  add(out, pieces);
  out.push_back('\n');
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out.append(sep);
    out.append(item);
  }
  return out;
}

ordered_json kea_option(std::string_view name, int code, std::string data) {
  return ordered_json{
      {"name", name}, {"code", code}, {"data", std::move(data)}};
}

ordered_json kea_url_options(const std::string& url) {
  auto opt_160 = kea_option(kea_option_160, 160, kea_string_data(url));
  // Phones that read 160 do not always ask for it (option 55).
  opt_160["always-send"] = true;
  return ordered_json::array(
      {kea_option("tftp-server-name", 66, kea_string_data(url)), opt_160});
}

} // namespace

provisioning_urls make_provisioning_urls(const dhcp_request& req) {
  provisioning_urls urls;
  urls.generic = req.base_url;
  if (req.tenant)
    add(urls.generic, {"/tenantid/", *req.tenant});
  if (req.lang)
    add(urls.generic, {"/lang_", *req.lang});
  urls.cisco = urls.generic;
  urls.cisco.append("/$PSN.xml");
  return urls;
}

std::string quoted_literal(std::string_view text) {
  std::string out{"\""};
  for (char c : text) {
    if (c == '\\' || c == '"')
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string kea_string_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ',')
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string render_isc(const dhcp_request& req) {
  auto urls = make_provisioning_urls(req);
  auto generic = quoted_literal(urls.generic);
  auto cisco = quoted_literal(urls.cisco);
  std::string out;
  line(out, {"# Passerelle phone provisioning, ISC dhcpd (global scope)."});
  line(out, {"# Option 66: provisioning URL for Yealink phones."});
  line(out, {"# Option 160: provisioning URL for Poly, Cisco and AudioCodes."});
  line(out, {"option option-160 code 160 = text;"});
  line(out, {"option tftp-server-name ", generic, ";"});
  line(out, {"option option-160 ", generic, ";"});
  line(out, {"# Phones do not always ask for 160: add it to their option 55."});
  line(out, {"if exists dhcp-parameter-request-list {"});
  line(out, {"  option dhcp-parameter-request-list ="});
  line(out, {"    concat(option dhcp-parameter-request-list, a0);"});
  line(out, {"}"});
  if (!req.ntp_servers.empty()) {
    line(out, {"# Option 42: NTP servers."});
    line(out, {"option ntp-servers ", join(req.ntp_servers, ", "), ";"});
  }
  if (req.utc_offset) {
    line(out, {"# Option 2: UTC offset in seconds."});
    line(out, {"option time-offset ", std::to_string(*req.utc_offset), ";"});
  }
  line(out, {cisco_comment});
  line(out,
       {"# /$PSN.xml: this class matches their vendor class (option 60)."});
  line(out, {"class \"", cisco_class, "\" {"});
  line(out, {"  match if substring(option vendor-class-identifier, 0, 5) = "
             "\"Cisco\";"});
  line(out, {"  option tftp-server-name ", cisco, ";"});
  line(out, {"  option option-160 ", cisco, ";"});
  line(out, {"}"});
  return out;
}

std::string render_kea(const dhcp_request& req) {
  auto urls = make_provisioning_urls(req);
  ordered_json def{
      {"name", kea_option_160},
      {"code", 160},
      {"space", "dhcp4"},
      {"type", "string"},
      {"comment", "Provisioning URL for Poly, Cisco and AudioCodes phones."}};
  auto data = kea_url_options(urls.generic);
  data[0]["comment"] = "Provisioning URL for Yealink phones.";
  if (!req.ntp_servers.empty())
    data.push_back(kea_option("ntp-servers", 42, join(req.ntp_servers, ", ")));
  if (req.utc_offset)
    data.push_back(
        kea_option("time-offset", 2, std::to_string(*req.utc_offset)));
  ordered_json cisco{
      {"name", cisco_class},
      {"test", "substring(option[60].hex,0,5) == 'Cisco'"},
      {"comment", "Cisco MPP phones need their own option 160 (and 66) value, "
                  "ending in /$PSN.xml: this class matches their vendor class "
                  "(option 60) and overrides the global values."},
      {"option-data", kea_url_options(urls.cisco)}};
  ordered_json doc{{"Dhcp4",
                    {{"option-def", ordered_json::array({def})},
                     {"option-data", data},
                     {"client-classes", ordered_json::array({cisco})}}}};
  auto out = doc.dump(2);
  out.push_back('\n');
  return out;
}

std::string render_dnsmasq(const dhcp_request& req) {
  auto urls = make_provisioning_urls(req);
  auto generic = quoted_literal(urls.generic);
  auto cisco = quoted_literal(urls.cisco);
  std::string out;
  line(out, {"# Passerelle phone provisioning, dnsmasq."});
  line(out, {"# Option 66: provisioning URL for Yealink phones."});
  line(out, {"dhcp-option=66,", generic});
  line(out, {"# Option 160: provisioning URL for Poly, Cisco and AudioCodes,"});
  line(out, {"# forced since phones do not always ask for it."});
  line(out, {"dhcp-option-force=160,", generic});
  if (!req.ntp_servers.empty()) {
    line(out, {"# Option 42: NTP servers."});
    line(out, {"dhcp-option=42,", join(req.ntp_servers, ",")});
  }
  if (req.utc_offset) {
    line(out, {"# Option 2: UTC offset in seconds."});
    line(out, {"dhcp-option=2,", std::to_string(*req.utc_offset)});
  }
  line(out, {cisco_comment});
  line(out, {"# /$PSN.xml: tag them by vendor class (option 60); tagged "
             "options win."});
  line(out, {"dhcp-vendorclass=set:", cisco_class, ",Cisco"});
  line(out, {"dhcp-option=tag:", cisco_class, ",66,", cisco});
  line(out, {"dhcp-option-force=tag:", cisco_class, ",160,", cisco});
  return out;
}

std::string render_snippets(const dhcp_request& req, snippet_format format) {
  switch (format) {
  case snippet_format::isc:
    return render_isc(req);
  case snippet_format::kea:
    return render_kea(req);
  case snippet_format::dnsmasq:
    return render_dnsmasq(req);
  case snippet_format::all:
    break;
  }
  // Kea reads `#` comments too, so every banner is safe to paste along.
  std::string out;
  add(out, {"# ==== ISC dhcpd ====\n", render_isc(req),
            "\n# ==== Kea: merge into kea-dhcp4.conf ====\n", render_kea(req),
            "\n# ==== dnsmasq ====\n", render_dnsmasq(req)});
  return out;
}

} // namespace passerelle::ctl
