// passerelle-audit: verify, dump and replay a Passerelle event store.

#include "tools/audit/audit_commands.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto status = passerelle::audit::run(args, std::cout, std::cerr);
  std::cout.flush();
  return static_cast<int>(status);
}
