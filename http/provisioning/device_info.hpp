#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::provisioning {

/// Phone makers the gateway provisions (PROTOCOLS.md §3, §5).
enum class phone_vendor : uint8_t {
  unknown,
  yealink,
  poly,
  cisco,
  audiocodes,
};

/// Stable lowercase name: `yealink`, `poly`, `cisco`, `audiocodes`.
const char* to_string(phone_vendor x);

/// What a provisioning User-Agent says about the phone. Fields the agent
/// does not carry stay empty.
struct user_agent_info {
  phone_vendor vendor = phone_vendor::unknown;
  /// Canonical model: `T46S`, `VVX400`, `Trio8800`, `CP-7832`, `445HD`.
  std::string model;
  std::string firmware;
  /// 12 lowercase hex digits.
  std::string mac;
};

/// Reads the vendor, model, firmware and MAC from a provisioning request's
/// User-Agent, e.g. `Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72`,
/// `FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application`,
/// `Cisco-CP-7832-3PCC/11.0.1 (00562b043615)`,
/// `AUDC-IPPhone/3.2.1.1234 (445HD; 00908F123456)` (the AudioCodes form is
/// unverified: any agent naming AUDC or AudioCodes is read loosely).
user_agent_info parse_user_agent(std::string_view user_agent);

/// A model name reduced to uppercase letters and digits (`VVX_150` ->
/// `VVX150`, `CP-7811` -> `CP7811`), the form models are compared in.
std::string model_key(std::string_view model);

/// Whether two model names denote the same model, ignoring case, spaces,
/// dashes and underscores (`VVX 150` = `VVX_150` = `vvx150`).
bool same_model(std::string_view a, std::string_view b);

/// The oldest firmware the reference supports for a model (PROTOCOLS.md
/// §3), as text: `11.1.1`, `5.9.5`, `83` (Yealink major), `3.2.1`.
std::string_view minimum_firmware(phone_vendor vendor, std::string_view model);

/// Whether `version` is at least the §3 minimum for the model. Yealink
/// versions are `<hardware>.<major>.<minor>.<patch>`: only the major is
/// compared. An empty or unreadable version counts as supported (nothing
/// proves otherwise); so does an unknown vendor.
bool firmware_supported(phone_vendor vendor, std::string_view model,
                        std::string_view version);

} // namespace passerelle::provisioning
