#pragma once

// Shared by the render tests: one input per vendor and tiny readers of
// each output format, enough to check what the phone will read.

#include "http/provisioning/render.hpp"

#include <map>
#include <string>
#include <string_view>

namespace passerelle::provisioning::test {

inline constexpr std::string_view gateway_host = "gw.example.net";
inline constexpr std::string_view domain = "sip.example.net";
inline constexpr std::string_view tenant = "contoso";
/// XML and line-breaking characters on purpose.
inline constexpr std::string_view password = "p&<\"'>w0rd;=x";

/// A signed-out device of `vendor` asking in `language`.
inline render_input input_for(phone_vendor vendor, std::string model,
                              std::string mac, std::string language) {
  render_input in;
  in.vendor = vendor;
  in.model = std::move(model);
  in.mac = std::move(mac);
  in.language = std::move(language);
  in.gateway_host = std::string{gateway_host};
  in.http_port = 8080;
  in.sips_port = 5061;
  in.sip_domain = std::string{domain};
  in.registration_expiry = 600;
  in.ntp_servers = {"ntp1.example.net", "ntp2.example.net"};
  in.utc_offset_seconds = 3600;
  in.provisioning_base_url =
      provisioning_base_url(gateway_host, 8080, tenant, in.language);
  in.username = "dev-";
  in.username.append(in.mac);
  in.password = std::string{password};
  in.sign_in_url = sign_in_url(gateway_host, 8080, in.mac);
  return in;
}

/// Undoes xml_escape's entities.
inline std::string xml_unescape(std::string_view text) {
  static const std::pair<std::string_view, char> entities[] = {
      {"&amp;", '&'},  {"&lt;", '<'},    {"&gt;", '>'},
      {"&quot;", '"'}, {"&apos;", '\''},
  };
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (auto& [entity, c] : entities) {
      if (text.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced)
      out.push_back(text[i++]);
  }
  return out;
}

/// `key<separator>value` lines; lines starting with `comment` skipped.
inline std::map<std::string, std::string>
read_settings(std::string_view body, std::string_view separator,
              std::string_view comment) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string_view::npos)
      end = body.size();
    auto line = body.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.starts_with(comment))
      continue;
    auto sep = line.find(separator);
    if (sep == std::string_view::npos)
      continue;
    out.emplace(std::string{line.substr(0, sep)},
                std::string{line.substr(sep + separator.size())});
  }
  return out;
}

/// Every `name="value"` attribute of a Poly file (values unescaped).
inline std::map<std::string, std::string>
read_attributes(std::string_view body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while ((pos = body.find("=\"", pos)) != std::string_view::npos) {
    auto name_start = body.find_last_of(" \n\t<", pos);
    auto value_end = body.find('"', pos + 2);
    if (name_start == std::string_view::npos ||
        value_end == std::string_view::npos)
      break;
    auto name = body.substr(name_start + 1, pos - name_start - 1);
    auto value = body.substr(pos + 2, value_end - pos - 2);
    out.emplace(std::string{name}, xml_unescape(value));
    pos = value_end + 1;
  }
  return out;
}

/// Every `<Name>value</Name>` element of a Cisco flat profile.
inline std::map<std::string, std::string> read_elements(std::string_view body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while ((pos = body.find('<', pos)) != std::string_view::npos) {
    auto name_end = body.find('>', pos);
    if (name_end == std::string_view::npos)
      break;
    auto name = body.substr(pos + 1, name_end - pos - 1);
    std::string closing{"</"};
    closing.append(name).push_back('>');
    auto value_end = body.find(closing, name_end);
    if (name.empty() || name.front() == '/' || name.front() == '?' ||
        name.front() == '!' || value_end == std::string_view::npos ||
        body.substr(name_end + 1, value_end - name_end - 1).find('<') !=
            std::string_view::npos) {
      pos = name_end + 1;
      continue;
    }
    auto value = body.substr(name_end + 1, value_end - name_end - 1);
    out.emplace(std::string{name}, xml_unescape(value));
    pos = value_end + closing.size();
  }
  return out;
}

} // namespace passerelle::provisioning::test
