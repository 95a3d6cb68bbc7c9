#pragma once

#include "tools/ctl/ctl_options.hpp"

#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace passerelle::ctl {

/// Help text of `passerelle-ctl dhcp`.
std::string_view dhcp_usage();

/// Runs `passerelle-ctl dhcp <args>`: snippets to `out`, or a one-line
/// reason to `err` and `exit_status::usage`.
exit_status run_dhcp(std::span<const std::string> args, std::ostream& out,
                     std::ostream& err);

} // namespace passerelle::ctl
