// passerelle-ctl: admin helpers for a Passerelle gateway.

#include "gateway/version.hpp"
#include "tools/ctl/dhcp_command.hpp"

#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using passerelle::ctl::exit_status;

constexpr std::string_view usage = R"(Usage: passerelle-ctl <command> [flags]

Commands:
  dhcp       print DHCP server snippets for phone provisioning

passerelle-ctl <command> --help shows the flags of a command.
passerelle-ctl --version prints the version.
)";

int status(exit_status s) {
  return static_cast<int>(s);
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage;
    return status(exit_status::usage);
  }
  const auto& command = args.front();
  std::span<const std::string> rest{args.begin() + 1, args.end()};
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage;
    return status(exit_status::ok);
  }
  if (command == "--version") {
    std::cout << "passerelle-ctl " << passerelle::version << '\n';
    return status(exit_status::ok);
  }
  if (command == "dhcp")
    return status(passerelle::ctl::run_dhcp(rest, std::cout, std::cerr));
  std::cerr << "passerelle-ctl: unknown command \"" << command << "\"\n"
            << usage;
  return status(exit_status::usage);
}
