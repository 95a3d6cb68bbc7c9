#include "sip/transport/counters.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip::transport;

TEST_CASE("counters render as Prometheus text", "[counters]") {
  transport_counters c;
  c.message_in(protocol::udp, 100);
  c.message_in(protocol::udp, 50);
  c.message_out(protocol::tls, 10);
  c.opened(protocol::tcp);
  c.opened(protocol::tcp);
  c.closed(protocol::tcp, close_reason::idle_timeout);
  c.dropped(drop_reason::rate_limited);
  c.refused(refusal_reason::per_ip_limit);
  c.pong();
  CHECK(c.open(protocol::tcp) == 1);
  CHECK(c.accepted(protocol::tcp) == 2);
  auto text = c.render_prometheus();
  for (const char* line : {
           "passerelle_sip_messages_received_total{transport=\"udp\"} 2\n",
           "passerelle_sip_bytes_received_total{transport=\"udp\"} 150\n",
           "passerelle_sip_messages_sent_total{transport=\"tls\"} 1\n",
           "passerelle_sip_connections_open{transport=\"tcp\"} 1\n",
           "passerelle_sip_connections_closed_total{reason=\"idle_timeout\"} "
           "1\n",
           "passerelle_sip_messages_dropped_total{reason=\"rate_limited\"} 1\n",
           "passerelle_sip_connections_refused_total{reason=\"per_ip_limit\"} "
           "1\n",
           "passerelle_sip_keepalive_pongs_total 1\n",
           "# TYPE passerelle_sip_connections_open gauge\n",
       }) {
    INFO(line);
    CHECK(text.find(line) != std::string::npos);
  }
}
