#include "gateway/banner.hpp"

#include "gateway/version.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstdio>
#include <string>

namespace passerelle {

std::string reachable_host(const std::string& bind) {
  if (bind != "0.0.0.0")
    return bind;
  std::string out = "127.0.0.1";
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0)
    return out;
  for (auto* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
      continue;
    auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127)
      continue;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof(buf));
    out = buf;
    break;
  }
  freeifaddrs(list);
  return out;
}

void print_banner(const gateway_config& cfg, const admin_token& token,
                  uint64_t last_position) {
  auto base = "http://" + reachable_host(cfg.bind) + ":" +
              std::to_string(cfg.http_port);
  std::printf("Passerelle %s is running (node %s, %s, %llu events stored).\n",
              passerelle::version, cfg.node.c_str(), cfg.durability.c_str(),
              static_cast<unsigned long long>(last_position));
  std::printf("  Provisioning URL (DHCP option 66/160): %s/\n", base.c_str());
  std::printf("  Admin API:   %s/api/v1  (health: %s/healthz)\n", base.c_str(),
              base.c_str());
  if (token.generated)
    std::printf("  Admin token: %s\n               (generated once, saved "
                "in %s, mode 0600)\n",
                token.value.c_str(), token.source.c_str());
  else
    std::printf("  Admin token: from %s\n", token.source.c_str());
  std::printf("  Data:        %s   Stop with Ctrl-C.\n", cfg.data_dir.c_str());
  std::printf("  Try: curl -H \"Authorization: Bearer $(cat %s/admin-token)\" "
              "-d '{\"mac\":\"001565aabbcc\"}' %s/api/v1/devices\n",
              cfg.data_dir.c_str(), base.c_str());
  std::fflush(stdout);
}

} // namespace passerelle
