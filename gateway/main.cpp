// passerelle: the gateway's composition root.

#include "actors/fleet_actor.hpp"
#include "actors/registrar_actor.hpp"
#include "actors/registrar_restore.hpp"
#include "actors/store_actor.hpp"
#include "gateway/admin_token.hpp"
#include "gateway/banner.hpp"
#include "gateway/config.hpp"
#include "gateway/memory_metrics.hpp"
#include "gateway/open_files.hpp"
#include "gateway/version.hpp"
#include "http/api_server.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <openssl/rand.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace passerelle;

namespace {

int fail(const std::string& reason) {
  std::fprintf(stderr, "passerelle: %s\n", reason.c_str());
  return 1;
}

/// Blocks SIGINT and SIGTERM in every thread started after this, so that
/// `wait_for_shutdown` receives them.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int wait_for_shutdown(const sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

/// Turns CAF's `parser_error(not_an_option, ({"argument" = "--x"}))` into
/// a sentence.
std::string describe_parse_error(const std::string& rendered) {
  std::string arg;
  static constexpr std::string_view marker = "\"argument\" = \"";
  if (auto i = rendered.find(marker); i != std::string::npos) {
    auto start = i + marker.size();
    arg = rendered.substr(start, rendered.find('"', start) - start);
  }
  if (rendered.find("not_an_option") != std::string::npos)
    return "unknown flag " + arg + " (see --help)";
  if (!arg.empty())
    return "bad value in " + arg + " (see --help)";
  return "bad arguments: " + rendered;
}

std::string random_secret() {
  unsigned char raw[32];
  RAND_bytes(raw, sizeof(raw));
  return std::string{reinterpret_cast<char*>(raw), sizeof(raw)};
}

failure prepare_data_dir(const std::string& dir) {
  std::error_code err;
  std::filesystem::create_directories(dir, err);
  if (err)
    return {ec::storage_failure,
            "cannot create data dir " + dir + ": " + err.message()};
  auto probe = std::filesystem::path{dir} / ".write-test";
  if (FILE* f = std::fopen(probe.c_str(), "w")) {
    std::fclose(f);
    std::filesystem::remove(probe, err);
    return {};
  }
  return {ec::storage_failure, "data dir " + dir + " is not writable"};
}

} // namespace

int main(int argc, char** argv) {
  auto signals = block_shutdown_signals();
  gateway_config cfg;
  if (auto err = cfg.parse(argc, argv))
    return fail(describe_parse_error(cfg.render(err)));
  if (cfg.cli_helptext_printed)
    return 0;
  if (cfg.show_version) {
    std::printf("passerelle %s\n", passerelle::version);
    return 0;
  }
  if (!cfg.remainder.empty())
    return fail("unexpected argument '" + cfg.remainder.front() +
                "' (flags look like --name=value; see --help)");
  if (auto bad = validate(cfg); bad.code != ec::none)
    return fail(bad.message);
  if (auto bad = prepare_data_dir(cfg.data_dir); bad.code != ec::none)
    return fail(bad.message);
  if (auto files = raise_open_files_limit(); files < recommended_open_files)
    std::fprintf(stderr,
                 "passerelle: warning: only %llu open files allowed (ulimit "
                 "-n); phones past that cannot connect over TCP or TLS\n",
                 static_cast<unsigned long long>(files));
  auto token = resolve_admin_token(cfg.admin_token, cfg.data_dir);
  if (!token)
    return fail(token.error().message);
  auto credential_secret =
      load_or_create_secret(cfg.data_dir + "/credential-secret");
  if (!credential_secret)
    return fail(credential_secret.error().message);
  storage::store_options opts;
  opts.mode = cfg.durability == "sync" ? storage::durability::sync
                                       : storage::durability::nosync;
  opts.node = cfg.node;
  auto opened = storage::event_store::open(cfg.data_dir + "/store", opts);
  if (!opened)
    return fail(opened.error().message +
                " (is another passerelle using this data dir?)");
  std::shared_ptr<storage::event_store> store{std::move(*opened)};
  caf::actor_system sys{cfg};
  auto store_hdl = spawn_store(sys, store);
  // SIP: transports hand every message to the registrar.
  registrar_actor registrar;
  sip::transport::hub_config sip_cfg;
  sip_cfg.bind_address = cfg.bind;
  sip_cfg.port = cfg.sip_port;
  sip_cfg.tls_port = cfg.sips_port;
  sip_cfg.domain = cfg.domain;
  sip_cfg.data_dir = cfg.data_dir;
  sip_cfg.limits.max_message_size = cfg.sip_max_message_size;
  sip_cfg.limits.max_connections_per_ip = cfg.sip_max_connections_per_ip;
  sip_cfg.limits.idle_timeout = std::chrono::seconds{cfg.sip_idle_timeout_s};
  sip_cfg.limits.messages_per_second = cfg.sip_messages_per_second;
  sip_cfg.limits.message_burst = 2 * cfg.sip_messages_per_second;
  registrar_settings sip_settings{
      cfg.domain,
      random_secret(),
      random_secret(),
      {},
      parse_digest_algorithms(cfg.digest_algorithms),
      {}};
  sip_settings.via_host = reachable_host(cfg.bind);
  sip_settings.sip_port = cfg.sip_port;
  sip_settings.sips_port = cfg.sips_port;
  sip_settings.bans.max_failures = cfg.auth_max_failures;
  sip_settings.bans.window = std::chrono::seconds{cfg.auth_window_s};
  sip_settings.bans.first_ban = std::chrono::seconds{cfg.auth_first_ban_s};
  sip_settings.bans.max_ban = std::chrono::seconds{cfg.auth_max_ban_s};
  sip_settings.timers.t1 = std::chrono::milliseconds{cfg.sip_t1_ms};
  // The I/O thread runs the registrar core itself; the actor does what
  // needs the fleet. The hub is set before it starts.
  auto core = std::make_shared<registrar_core>(sip_settings, nullptr);
  auto hub = std::make_shared<sip::transport::transport_hub>(
      sip_cfg, sip_message_handler(core, &registrar));
  core->hub = hub;
  // The log is read once at start: registrations and the HTTP side's
  // onboarding cache come back from the same fold.
  auto devices = fold_devices(*store, cfg.tenant);
  if (!devices)
    return fail("cannot read the devices back: " + devices.error().message);
  restore_registrations(*core, *devices);
  // Device actors keep the registrar's accounts current: a phone's first
  // REGISTER after its provisioning needs no round trip to its actor.
  auto learned =
      std::make_shared<const std::function<void(const events::device_model&)>>(
          [core](const events::device_model& m) {
            std::lock_guard lock{core->mutex};
            learn(*core, m);
          });
  auto fleet = sys.spawn(fleet_impl, cfg.tenant, store_hdl,
                         std::chrono::seconds{60}, learned);
  registrar = sys.spawn(registrar_impl, fleet, core);
  http::api_server api{
      sys,
      fleet,
      registrar,
      store->metrics(),
      {token->value, token_id(token->value), cfg.domain, cfg.sip_port,
       cfg.sips_port, cfg.node, cfg.durability, *credential_secret, cfg.tenant,
       reachable_host(cfg.bind), cfg.http_port,
       [hub, store, core] {
         return hub->render_prometheus() + render_memory_metrics(*store, *core);
       },
       cfg.http_max_connections_per_ip,
       // The first four transmissions of a NOTIFY over UDP (RFC 3261
       // 17.1.2.2): enough for a phone that is there.
       16 * sip_settings.timers.t1}};
  api.remember_onboarded(*devices);
  *devices = folded_devices{}; // not needed past this point
  std::string error;
  auto stop_actors = [&] {
    caf::anon_send_exit(registrar, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(store_hdl, caf::exit_reason::user_shutdown);
  };
  if (auto started = hub->start(); !started.ok()) {
    stop_actors();
    return fail("cannot listen for SIP: " + started.error);
  }
  if (!api.listen(cfg.bind, cfg.http_port, error)) {
    hub->stop();
    stop_actors();
    return fail(error);
  }
  std::thread http_thread{[&] { api.run(); }};
  print_banner(cfg, *token, store->last_position());
  auto sig = wait_for_shutdown(signals);
  std::fprintf(stderr, "passerelle: %s received, shutting down\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  api.stop();
  http_thread.join();
  hub->stop();
  // The store writes what it has staged before it exits.
  stop_actors();
  sys.await_all_actors_done();
  core->hub.reset(); // the hub's handler holds the core
  std::fprintf(stderr, "passerelle: stopped at position %llu\n",
               static_cast<unsigned long long>(store->last_position()));
  return 0;
}
