#include "http/provisioning/request_path.hpp"

#include <cctype>
#include <vector>

namespace passerelle::provisioning {

namespace {

/// A file name matched against the vendors' boot sequences.
struct file_match {
  path_status status = path_status::ok;
  std::string reason;
  phone_vendor vendor = phone_vendor::unknown;
  file_kind kind = file_kind::per_mac;
  std::string mac;
  std::string model;
};

file_match refuse(path_status status, std::string_view why,
                  std::string_view what = {}) {
  file_match out;
  out.status = status;
  out.reason = std::string{why};
  out.reason.append(what);
  return out;
}

file_match found(phone_vendor vendor, file_kind kind, std::string mac = {},
                 std::string model = {}) {
  file_match out;
  out.vendor = vendor;
  out.kind = kind;
  out.mac = std::move(mac);
  out.model = std::move(model);
  return out;
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

std::string lowered(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string uppered(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lowered(a) == lowered(b);
}

bool is_lang_segment(std::string_view s) {
  return s.size() == 7 && iequals(s.substr(0, 5), "lang_") && is_alpha(s[5]) &&
         is_alpha(s[6]);
}

enum class mac_read { ok, malformed, not_mac };

/// Reads a file name stem as a MAC: exactly 12 hex digits, any case. A stem
/// that merely resembles one (wrong length, a stray letter, separators) is
/// malformed, so the phone gets a 400 rather than a silent 404.
mac_read read_mac(std::string_view stem, std::string& out) {
  size_t hex = 0;
  for (char c : stem)
    hex += is_hex(c) ? 1 : 0;
  if (stem.size() == 12 && hex == 12) {
    out = lowered(stem);
    return mac_read::ok;
  }
  if (stem.size() < 10 || stem.size() > 17 || hex < 8)
    return mac_read::not_mac;
  for (char c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ':' && c != '-')
      return mac_read::not_mac;
  return mac_read::malformed;
}

/// A MAC-named file: `kind` when the stem is a MAC, 400 when it is almost
/// one, 404 otherwise.
file_match mac_file(std::string_view stem, phone_vendor vendor,
                    file_kind kind) {
  std::string mac;
  switch (read_mac(stem, mac)) {
  case mac_read::ok:
    if (mac == "000000000000")
      return refuse(path_status::not_found, "no device has MAC 0");
    return found(vendor, kind, std::move(mac));
  case mac_read::malformed:
    return refuse(path_status::bad_mac, "malformed MAC: ", stem);
  case mac_read::not_mac:
    break;
  }
  return refuse(path_status::not_found, "unknown file");
}

/// `8851`, `6821`, `8851NR`: four digits, then letters.
bool is_cisco_model(std::string_view s) {
  if (s.size() < 4 || s.size() > 8)
    return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i < 4 ? !is_digit(s[i]) : !is_alpha(s[i]))
      return false;
  return true;
}

/// Canonical Cisco model: `8851` -> `CP-8851`.
std::string cisco_model(std::string_view digits) {
  std::string out{"CP-"};
  out.append(uppered(digits));
  return out;
}

/// `445HD`: three digits then HD.
bool is_audiocodes_model(std::string_view s) {
  return s.size() == 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
         iequals(s.substr(3), "HD");
}

file_match match_yealink_common(std::string_view name) {
  // `y0000000000XX.cfg`: 'y', twelve digits, `.cfg`.
  unsigned id = 0;
  for (char c : name.substr(1, 12)) {
    if (!is_digit(c))
      return refuse(path_status::not_found, "unknown file");
    id = id * 10 + static_cast<unsigned>(c - '0');
  }
  return found(phone_vendor::yealink, file_kind::model_profile, {},
               std::string{yealink_model_of(id)});
}

file_match match_cisco_model_file(std::string_view name) {
  // `/$PSN.xml` -> `8851-3PCC.xml` (PROTOCOLS.md §5).
  auto stem = name.substr(0, name.size() - 9);
  if (stem.starts_with("cp-"))
    stem.remove_prefix(3);
  if (!is_cisco_model(stem))
    return refuse(path_status::not_found, "unknown Cisco model file");
  return found(phone_vendor::cisco, file_kind::model_profile, {},
               cisco_model(stem));
}

file_match match_cisco_per_mac(std::string_view pn, std::string_view file) {
  // `Cisco/$PN/$MA.cfg`, $PN = `CP-8851-3PCC`.
  auto lower_pn = lowered(pn);
  std::string_view middle = lower_pn;
  if (!middle.starts_with("cp-") || !middle.ends_with("-3pcc"))
    return refuse(path_status::not_found, "unknown Cisco product ", pn);
  middle = middle.substr(3, middle.size() - 8);
  if (!is_cisco_model(middle))
    return refuse(path_status::not_found, "unknown Cisco product ", pn);
  auto name = lowered(file);
  if (!name.ends_with(".cfg"))
    return refuse(path_status::not_found, "unknown file");
  auto m = mac_file(file.substr(0, file.size() - 4), phone_vendor::cisco,
                    file_kind::per_mac);
  m.model = cisco_model(middle);
  return m;
}

file_match match_audiocodes_conf(std::string_view file) {
  // `<MODEL>_<MAC>_conf.cfg`
  auto stem = file.substr(0, file.size() - 9);
  auto sep = stem.find('_');
  if (sep == std::string_view::npos ||
      !is_audiocodes_model(stem.substr(0, sep)))
    return refuse(path_status::not_found, "unknown file");
  auto m = mac_file(stem.substr(sep + 1), phone_vendor::audiocodes,
                    file_kind::per_mac);
  m.model = uppered(stem.substr(0, sep));
  return m;
}

/// `<mac>.cfg` is asked for by Yealink, Poly (as its master) and
/// AudioCodes: the User-Agent decides.
file_match match_mac_cfg(std::string_view stem, const user_agent_info& ua) {
  switch (ua.vendor) {
  case phone_vendor::yealink:
    return mac_file(stem, phone_vendor::yealink, file_kind::per_mac);
  case phone_vendor::poly:
    return mac_file(stem, phone_vendor::poly, file_kind::master);
  case phone_vendor::audiocodes:
    return mac_file(stem, phone_vendor::audiocodes, file_kind::per_mac);
  case phone_vendor::cisco:
    return refuse(path_status::not_found, "Cisco asks Cisco/<PN>/<mac>.cfg");
  case phone_vendor::unknown:
    break;
  }
  auto m = mac_file(stem, phone_vendor::unknown, file_kind::per_mac);
  if (m.status != path_status::ok)
    return m;
  // Yealink and Poly ask in lowercase; only AudioCodes sends `<MAC>.cfg`.
  for (char c : stem)
    if (c >= 'A' && c <= 'F') {
      m.vendor = phone_vendor::audiocodes;
      return m;
    }
  m.status = path_status::unknown_vendor;
  m.reason = "no vendor in the User-Agent for a <mac>.cfg request";
  return m;
}

file_match match_file(std::string_view file, const user_agent_info& ua) {
  auto name = lowered(file);
  auto stem_before = [&](size_t suffix) {
    return file.substr(0, file.size() - suffix);
  };
  if (name == "y000000000000.boot")
    return found(phone_vendor::yealink, file_kind::boot);
  if (name.size() == 17 && name[0] == 'y' && name.ends_with(".cfg"))
    return match_yealink_common(name);
  if (name == "000000000000.cfg")
    return found(phone_vendor::poly, file_kind::master);
  if (name == "common.cfg")
    return found(phone_vendor::poly, file_kind::common);
  if (name.ends_with("-3pcc.xml"))
    return match_cisco_model_file(name);
  if (name.ends_with("_conf.cfg"))
    return match_audiocodes_conf(file);
  if (name.ends_with("-user.cfg"))
    return mac_file(stem_before(9), phone_vendor::poly, file_kind::per_mac);
  if (name.ends_with(".boot"))
    return mac_file(stem_before(5), phone_vendor::yealink, file_kind::boot);
  if (name.ends_with(".ini"))
    return mac_file(stem_before(4), phone_vendor::audiocodes,
                    file_kind::ata_ini);
  if (name.ends_with(".cfg"))
    return match_mac_cfg(stem_before(4), ua);
  return refuse(path_status::not_found, "unknown file");
}

parsed_request reject(path_status status, std::string_view why,
                      std::string_view what = {}) {
  parsed_request out;
  out.status = status;
  out.reason = std::string{why};
  out.reason.append(what);
  return out;
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (i > start)
        out.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

/// Why a segment is refused outright, or empty.
std::string_view segment_problem(std::string_view s) {
  if (s == "." || s == "..")
    return "dot segment";
  if (s.size() > 64)
    return "segment too long";
  for (char c : s)
    if (!is_segment_char(c))
      return "unexpected character";
  return {};
}

/// Reads the directories before the file name: `tenantid/<id>` and
/// `lang_xx` once each in any order, `Cisco/<PN>` just before the file.
/// Returns the first segment that fits none of them, or empty.
std::string_view read_directories(const std::vector<std::string_view>& segs,
                                  provisioning_request& req,
                                  std::string_view& cisco_pn) {
  auto dirs = segs.size() - 1;
  for (size_t i = 0; i < dirs;) {
    auto s = segs[i];
    if (iequals(s, "tenantid") && i + 1 < dirs && req.tenant.empty()) {
      req.tenant = std::string{segs[i + 1]};
      i += 2;
    } else if (is_lang_segment(s) && req.language.empty()) {
      req.language = lowered(s.substr(5));
      ++i;
    } else if (iequals(s, "Cisco") && i + 2 == dirs) {
      cisco_pn = segs[i + 1];
      i += 2;
    } else {
      return s;
    }
  }
  return {};
}

/// Completes a request with what its User-Agent says, when the agent is
/// of the vendor the file name points to.
void add_user_agent(provisioning_request& req, const user_agent_info& ua) {
  if (ua.vendor == req.vendor && req.vendor != phone_vendor::unknown) {
    if (!ua.model.empty())
      req.model = ua.model;
    req.firmware = ua.firmware;
    if (req.mac.empty())
      req.mac = ua.mac;
    else if (!ua.mac.empty() && ua.mac != req.mac)
      req.mac_mismatch = true;
  }
  req.firmware_unsupported =
      !firmware_supported(req.vendor, req.model, req.firmware);
}

} // namespace

bool is_segment_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
         c == '_' || c == ':';
}

const char* to_string(file_kind x) {
  switch (x) {
  case file_kind::boot:
    return "boot";
  case file_kind::model_profile:
    return "model_profile";
  case file_kind::master:
    return "master";
  case file_kind::common:
    return "common";
  case file_kind::per_mac:
    return "per_mac";
  case file_kind::ata_ini:
    return "ata_ini";
  }
  return "unknown";
}

int http_status(path_status x) {
  switch (x) {
  case path_status::ok:
    return 200;
  case path_status::bad_mac:
  case path_status::bad_path:
    return 400;
  case path_status::not_found:
  case path_status::unknown_vendor:
    break;
  }
  return 404;
}

std::string_view yealink_model_of(unsigned id) {
  // PROTOCOLS.md §5 examples.
  switch (id) {
  case 65:
    return "T48S";
  case 66:
    return "T46S";
  case 67:
    return "T42S";
  case 68:
    return "T41S";
  case 69:
    return "T27G";
  case 70:
    return "T54S";
  case 108:
    return "T4xU";
  case 123:
    return "T3x";
  default:
    return {};
  }
}

parsed_request parse_request_path(std::string_view path,
                                  std::string_view user_agent) {
  if (path.size() > max_request_path)
    return reject(path_status::bad_path, "path too long");
  path = path.substr(0, path.find_first_of("?#"));
  if (path.empty() || path.front() != '/')
    return reject(path_status::bad_path, "path must start with /");
  auto segments = split_segments(path);
  for (auto s : segments)
    if (auto problem = segment_problem(s); !problem.empty())
      return reject(path_status::bad_path, problem);
  if (segments.empty())
    return reject(path_status::not_found, "no file name");
  provisioning_request req;
  std::string_view cisco_pn;
  if (auto bad = read_directories(segments, req, cisco_pn); !bad.empty())
    return reject(path_status::not_found, "unexpected directory ", bad);
  auto file = segments.back();
  auto ua = parse_user_agent(user_agent);
  auto m = cisco_pn.empty() ? match_file(file, ua)
                            : match_cisco_per_mac(cisco_pn, file);
  if (m.status != path_status::ok && m.status != path_status::unknown_vendor)
    return reject(m.status, m.reason);
  req.vendor = m.vendor;
  req.kind = m.kind;
  req.file_name = std::string{file};
  req.mac = std::move(m.mac);
  req.model = std::move(m.model);
  add_user_agent(req, ua);
  parsed_request out;
  out.status = m.status;
  out.reason = std::move(m.reason);
  if (out.status == path_status::ok && req.kind == file_kind::boot &&
      req.mac.empty()) {
    // The phone then falls back to y0000000000XX.cfg and <mac>.cfg.
    out.status = path_status::not_found;
    out.reason = "y000000000000.boot needs the MAC in the User-Agent";
  }
  out.request = std::move(req);
  return out;
}

} // namespace passerelle::provisioning
