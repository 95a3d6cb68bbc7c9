#include "http/provisioning/device_info.hpp"

#include "events/device.hpp"

#include <cctype>
#include <vector>

namespace passerelle::provisioning {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool icontains(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size())
    return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && lower(text[i + k]) == lower(needle[k]))
      ++k;
    if (k == needle.size())
      return true;
  }
  return false;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && icontains(a, b);
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         iequals(text.substr(0, prefix.size()), prefix);
}

/// Splits on the separators User-Agents use between their parts.
std::vector<std::string_view> ua_tokens(std::string_view ua) {
  constexpr std::string_view separators = " \t/();,[]";
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= ua.size(); ++i) {
    if (i == ua.size() || separators.find(ua[i]) != std::string_view::npos) {
      if (i > start)
        out.push_back(ua.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

/// Numbers of a dotted version, stopping at the first non-separator:
/// `11.3.5MPP` -> {11, 3, 5}, `5.9.5.3182` -> {5, 9, 5, 3182}.
std::vector<uint32_t> version_numbers(std::string_view text) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < text.size() && out.size() < 8) {
    size_t digits = 0;
    uint32_t value = 0;
    while (i < text.size() && is_digit(text[i]) && digits < 9) {
      value = value * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0)
      break;
    out.push_back(value);
    if (i >= text.size() || (text[i] != '.' && text[i] != '-'))
      break;
    ++i;
  }
  return out;
}

bool version_at_least(std::string_view version, std::string_view minimum) {
  auto have = version_numbers(version);
  auto need = version_numbers(minimum);
  for (size_t i = 0; i < need.size(); ++i) {
    uint32_t x = i < have.size() ? have[i] : 0;
    if (x != need[i])
      return x > need[i];
  }
  return true;
}

std::string first_mac(const std::vector<std::string_view>& tokens) {
  for (auto tok : tokens) {
    if (tok.size() != 12 && tok.size() != 17)
      continue;
    if (auto mac = events::normalize_mac(tok))
      return *mac;
  }
  return {};
}

void read_yealink(std::string_view ua, user_agent_info& out) {
  // `Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72`
  auto tokens = ua_tokens(ua);
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!iequals(tokens[i], "yealink"))
      continue;
    auto model = tokens[i + 1];
    if (istarts_with(model, "SIP-"))
      model.remove_prefix(4);
    out.model = std::string{model};
    if (i + 2 < tokens.size() && is_digit(tokens[i + 2].front()))
      out.firmware = std::string{tokens[i + 2]};
    break;
  }
  out.mac = first_mac(tokens);
}

void read_poly(std::string_view ua, user_agent_info& out) {
  // `FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application`
  auto ua_at = ua.find("-UA/");
  if (ua_at == std::string_view::npos)
    return;
  auto head = ua.substr(0, ua_at);
  auto space = head.rfind(' ');
  if (space != std::string_view::npos)
    head.remove_prefix(space + 1);
  auto dash = head.find('-');
  if (dash != std::string_view::npos) {
    for (char c : head.substr(dash + 1))
      if (c != '_' && c != ' ')
        out.model.push_back(c);
  }
  // The BootROM/updater reports its own version, not the application's.
  if (icontains(ua, "Type/Updater"))
    return;
  auto rest = ua.substr(ua_at + 4);
  auto end = rest.find(' ');
  out.firmware = std::string{rest.substr(0, end)};
}

void read_cisco(std::string_view ua, user_agent_info& out) {
  // `Cisco-CP-7832-3PCC/11.0.1 (00562b043615)`
  auto body = ua.substr(6);
  auto slash = body.find('/');
  auto product = body.substr(0, slash);
  if (product.size() > 5 &&
      iequals(product.substr(product.size() - 5), "-3PCC"))
    product.remove_suffix(5);
  if (!istarts_with(product, "CP-"))
    out.model = "CP-";
  out.model.append(product);
  if (slash != std::string_view::npos) {
    auto rest = body.substr(slash + 1);
    out.firmware = std::string{rest.substr(0, rest.find(' '))};
  }
  out.mac = first_mac(ua_tokens(ua));
}

bool is_dotted_version(std::string_view tok) {
  auto dots = 0;
  for (char c : tok) {
    if (c == '.')
      ++dots;
    else if (!is_digit(c))
      return false;
  }
  return dots >= 2 && is_digit(tok.front()) && is_digit(tok.back());
}

void read_audiocodes(std::string_view ua, user_agent_info& out) {
  // Unverified format, read loosely: the first `NNNHD` token is the model,
  // the first dotted number the firmware, the first 12-hex token the MAC.
  auto tokens = ua_tokens(ua);
  for (auto tok : tokens) {
    if (out.model.empty() && tok.size() >= 5 && is_digit(tok[0]) &&
        is_digit(tok[1]) && is_digit(tok[2]) && upper(tok[3]) == 'H' &&
        upper(tok[4]) == 'D') {
      for (char c : tok.substr(0, 5))
        out.model.push_back(upper(c));
    }
    if (out.firmware.empty() && is_dotted_version(tok))
      out.firmware = std::string{tok};
  }
  out.mac = first_mac(tokens);
}

} // namespace

const char* to_string(phone_vendor x) {
  switch (x) {
  case phone_vendor::yealink:
    return "yealink";
  case phone_vendor::poly:
    return "poly";
  case phone_vendor::cisco:
    return "cisco";
  case phone_vendor::audiocodes:
    return "audiocodes";
  case phone_vendor::unknown:
    break;
  }
  return "unknown";
}

user_agent_info parse_user_agent(std::string_view ua) {
  user_agent_info out;
  if (ua.size() > 512)
    return out;
  if (icontains(ua, "yealink")) {
    out.vendor = phone_vendor::yealink;
    read_yealink(ua, out);
  } else if (icontains(ua, "polycom")) {
    out.vendor = phone_vendor::poly;
    read_poly(ua, out);
  } else if (istarts_with(ua, "Cisco-")) {
    out.vendor = phone_vendor::cisco;
    read_cisco(ua, out);
  } else if (icontains(ua, "AUDC") || icontains(ua, "AudioCodes")) {
    out.vendor = phone_vendor::audiocodes;
    read_audiocodes(ua, out);
  }
  return out;
}

std::string model_key(std::string_view model) {
  std::string out;
  for (char c : model)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(upper(c));
  return out;
}

bool same_model(std::string_view a, std::string_view b) {
  return model_key(a) == model_key(b);
}

std::string_view minimum_firmware(phone_vendor vendor, std::string_view model) {
  auto key = model_key(model);
  switch (vendor) {
  case phone_vendor::yealink:
    return "83";
  case phone_vendor::poly:
    return key.starts_with("TRIO") ? "5.9.5.3182" : "5.9.5";
  case phone_vendor::cisco:
    return key == "CP8832" ? "11.3.5" : "11.1.1";
  case phone_vendor::audiocodes:
    return key.starts_with("405") ? "2.2.8" : "3.2.1";
  case phone_vendor::unknown:
    break;
  }
  return {};
}

bool firmware_supported(phone_vendor vendor, std::string_view model,
                        std::string_view version) {
  auto minimum = minimum_firmware(vendor, model);
  if (minimum.empty() || version_numbers(version).empty())
    return true;
  if (vendor == phone_vendor::yealink) {
    // `66.86.0.15`: hardware id 66, firmware major 86.
    auto nums = version_numbers(version);
    return nums.size() < 2 || nums[1] >= version_numbers(minimum).front();
  }
  return version_at_least(version, minimum);
}

} // namespace passerelle::provisioning
