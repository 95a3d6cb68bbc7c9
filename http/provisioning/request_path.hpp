#pragma once

#include "http/provisioning/device_info.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::provisioning {

/// Which file of a vendor's boot sequence a phone asks for (PROTOCOLS.md
/// §5). The chained names are ours: Poly's master lists
/// `[PHONE_MAC_ADDRESS]-user.cfg, common.cfg`, Cisco's model file chains
/// with `Profile_Rule_B` to `Cisco/$PN/$MA.cfg`.
enum class file_kind : uint8_t {
  /// Yealink `<mac>.boot` or `y000000000000.boot`.
  boot,
  /// Yealink `y0000000000XX.cfg`, Cisco `<model>-3PCC.xml`: no secrets.
  model_profile,
  /// Poly `<mac>.cfg` or `000000000000.cfg`: lists the files to load.
  master,
  /// Poly `common.cfg`: settings shared by every Poly phone.
  common,
  /// The device's own file, with its credentials: Yealink `<mac>.cfg`,
  /// Poly `<mac>-user.cfg`, Cisco `Cisco/<PN>/<mac>.cfg`, AudioCodes
  /// `<MAC>.cfg` and `<MODEL>_<MAC>_conf.cfg`.
  per_mac,
  /// AudioCodes ATA `<mac>.ini`: recognised, not rendered (answer 404).
  ata_ini,
};

/// Stable lowercase name of a file kind.
const char* to_string(file_kind x);

/// How a provisioning path was judged.
enum class path_status : uint8_t {
  ok,
  /// No such file in any vendor's boot sequence (404).
  not_found,
  /// The name is a MAC-named file but the MAC is malformed (400).
  bad_mac,
  /// Oversize, `..`, odd characters, not absolute (400).
  bad_path,
  /// `<mac>.cfg` from an agent that names no vendor requesting it: the
  /// caller may decide from the device record, else 404.
  unknown_vendor,
};

/// HTTP status a caller answers for a status (200, 404 or 400).
int http_status(path_status x);

/// Longest path accepted, in bytes.
constexpr size_t max_request_path = 256;

/// Everything a provisioning request says about the phone.
struct provisioning_request {
  phone_vendor vendor = phone_vendor::unknown;
  file_kind kind = file_kind::per_mac;
  /// The requested file name, last path segment, as sent.
  std::string file_name;
  /// 12 lowercase hex digits, from the path or else the User-Agent.
  std::string mac;
  std::string model;
  std::string firmware;
  /// From `/tenantid/<id>`; empty when absent.
  std::string tenant;
  /// Lowercased code from `/lang_xx` (`de`, `ja`); empty when absent.
  /// Codes the catalog lacks are kept: rendering falls back to English.
  std::string language;
  /// The firmware is below the PROTOCOLS.md §3 minimum.
  bool firmware_unsupported = false;
  /// The path's MAC differs from the one in the User-Agent: a phone asking
  /// for another phone's file. The caller should refuse it.
  bool mac_mismatch = false;
};

/// The verdict on one request and, when ok, what it asks for.
struct parsed_request {
  path_status status = path_status::not_found;
  /// Why it is not ok, for the log and the 4xx body.
  std::string reason;
  provisioning_request request;
};

/// Whether `c` may appear in a path segment: ASCII letters, digits and
/// `.-_:` (no percent-encoding).
bool is_segment_char(char c);

/// Parses a provisioning request path (query string ignored) and its
/// User-Agent. Optional `/tenantid/<id>` and `/lang_xx` segments may come
/// in either order before the file name (Cisco's `Cisco/<PN>/` directly
/// before it); any other directory is unknown (404). Recognises every
/// vendor's file names per PROTOCOLS.md §5; `<mac>.cfg` is decided by the
/// User-Agent (Yealink, Poly, AudioCodes), or is AudioCodes when the MAC
/// has uppercase letters.
parsed_request parse_request_path(std::string_view path,
                                  std::string_view user_agent);

/// Model of a Yealink `y0000000000XX.cfg` id (66 -> `T46S`), else empty.
std::string_view yealink_model_of(unsigned id);

} // namespace passerelle::provisioning
