#include "http/provisioning/render_text.hpp"

#include <algorithm>

namespace passerelle::provisioning {

namespace {

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

/// Offsets beyond any real zone are clamped (UTC-12 .. UTC+14).
int32_t clamp_offset(int32_t seconds) {
  return std::clamp(seconds, -12 * 3600, 14 * 3600);
}

std::string two_digits(int32_t x) {
  std::string out;
  out.push_back(static_cast<char>('0' + x / 10));
  out.push_back(static_cast<char>('0' + x % 10));
  return out;
}

} // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      if (!is_control(c))
        out.push_back(c);
    }
  }
  return out;
}

std::string single_line(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    if (is_control(c))
      c = ' ';
  return out;
}

void append_setting(std::string& out, std::string_view key,
                    std::string_view separator, std::string_view value) {
  out.append(key);
  out.append(separator);
  out.append(single_line(value));
  out.push_back('\n');
}

void append_element(std::string& out, std::string_view name,
                    std::string_view value) {
  out.append("  <");
  out.append(name);
  out.push_back('>');
  out.append(xml_escape(value));
  out.append("</");
  out.append(name);
  out.append(">\n");
}

bool valid_mac(std::string_view mac) {
  return mac.size() == 12 && std::all_of(mac.begin(), mac.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string utc_offset_hours(int32_t seconds) {
  seconds = clamp_offset(seconds);
  auto magnitude = seconds < 0 ? -seconds : seconds;
  std::string out{seconds < 0 ? "-" : "+"};
  out.append(std::to_string(magnitude / 3600));
  if (auto minutes = magnitude % 3600 / 60; minutes != 0) {
    out.push_back(':');
    out.append(two_digits(minutes));
  }
  return out;
}

std::string utc_offset_hhmm(int32_t seconds) {
  seconds = clamp_offset(seconds);
  auto magnitude = seconds < 0 ? -seconds : seconds;
  std::string out{seconds < 0 ? "-" : "+"};
  out.append(two_digits(magnitude / 3600));
  out.push_back(':');
  out.append(two_digits(magnitude % 3600 / 60));
  return out;
}

std::string_view registrar_domain(const render_input& in) {
  return in.sip_domain.empty() ? std::string_view{in.gateway_host}
                               : std::string_view{in.sip_domain};
}

std::string provisioning_directory(const render_input& in) {
  std::string out = in.provisioning_base_url;
  while (!out.empty() && out.back() == '/')
    out.pop_back();
  out.push_back('/');
  return out;
}

line_identity line_identity_of(const render_input& in, const catalog& text) {
  line_identity out;
  if (!in.user) {
    out.label = std::string{text.signed_out_line};
    return out;
  }
  auto& user = *in.user;
  out.display_name = user.display_name;
  if (user.display_name.empty()) {
    out.label = user.number;
  } else if (user.number.empty()) {
    out.label = user.display_name;
  } else {
    out.label = user.display_name;
    out.label.append(" (");
    out.label.append(user.number);
    out.label.push_back(')');
  }
  return out;
}

std::string_view sign_in_key_label(const render_input& in,
                                   const catalog& text) {
  return in.user ? text.sign_out : text.sign_in;
}

} // namespace passerelle::provisioning
