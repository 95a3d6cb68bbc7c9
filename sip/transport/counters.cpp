#include "sip/transport/counters.hpp"

namespace passerelle::sip::transport {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

template <class Enum>
std::size_t at(Enum e) noexcept {
  return static_cast<std::size_t>(e);
}

void add(std::atomic<std::uint64_t>& a, std::uint64_t n = 1) noexcept {
  a.fetch_add(n, relaxed);
}

// Appends one metric family: HELP, TYPE, then a sample per label value.
template <class Enum, std::size_t N>
void family(std::string& out, std::string_view name, std::string_view type,
            std::string_view help, std::string_view label,
            const std::array<std::atomic<std::uint64_t>, N>& values) {
  std::string full = "passerelle_sip_";
  full += name;
  out += "# HELP " + full + ' ';
  out += help;
  out += "\n# TYPE " + full + ' ';
  out += type;
  out += '\n';
  for (std::size_t i = 0; i < N; ++i) {
    out += full + '{';
    out += label;
    out += "=\"";
    out += to_string(static_cast<Enum>(i));
    out += "\"} ";
    out += std::to_string(values[i].load(relaxed));
    out += '\n';
  }
}

} // namespace

std::string_view to_string(drop_reason r) noexcept {
  switch (r) {
  case drop_reason::oversize:
    return "oversize";
  case drop_reason::rate_limited:
    return "rate_limited";
  case drop_reason::not_sip:
    return "not_sip";
  case drop_reason::no_connection:
    return "no_connection";
  case drop_reason::send_failed:
    return "send_failed";
  }
  return "unknown";
}

std::string_view to_string(close_reason r) noexcept {
  switch (r) {
  case close_reason::peer:
    return "peer";
  case close_reason::idle_timeout:
    return "idle_timeout";
  case close_reason::partial_timeout:
    return "partial_timeout";
  case close_reason::framing_error:
    return "framing_error";
  case close_reason::oversize:
    return "oversize";
  case close_reason::handshake_failed:
    return "handshake_failed";
  case close_reason::handshake_timeout:
    return "handshake_timeout";
  case close_reason::queue_full:
    return "queue_full";
  case close_reason::stopped:
    return "stopped";
  }
  return "unknown";
}

std::string_view to_string(refusal_reason r) noexcept {
  switch (r) {
  case refusal_reason::per_ip_limit:
    return "per_ip_limit";
  case refusal_reason::total_limit:
    return "total_limit";
  }
  return "unknown";
}

void transport_counters::message_in(protocol p, std::size_t bytes) noexcept {
  add(messages_in_[at(p)]);
  add(bytes_in_[at(p)], bytes);
}

void transport_counters::message_out(protocol p, std::size_t bytes) noexcept {
  add(messages_out_[at(p)]);
  add(bytes_out_[at(p)], bytes);
}

void transport_counters::dropped(drop_reason r) noexcept {
  add(drops_[at(r)]);
}

void transport_counters::opened(protocol p) noexcept {
  add(open_[at(p)]);
  add(accepted_[at(p)]);
}

void transport_counters::closed(protocol p, close_reason r) noexcept {
  open_[at(p)].fetch_sub(1, relaxed);
  add(closes_[at(r)]);
}

void transport_counters::refused(refusal_reason r) noexcept {
  add(refusals_[at(r)]);
}

void transport_counters::pong() noexcept {
  add(pongs_);
}

std::uint64_t transport_counters::messages_in(protocol p) const noexcept {
  return messages_in_[at(p)].load(relaxed);
}

std::uint64_t transport_counters::messages_out(protocol p) const noexcept {
  return messages_out_[at(p)].load(relaxed);
}

std::uint64_t transport_counters::drops(drop_reason r) const noexcept {
  return drops_[at(r)].load(relaxed);
}

std::uint64_t transport_counters::open(protocol p) const noexcept {
  return open_[at(p)].load(relaxed);
}

std::uint64_t transport_counters::accepted(protocol p) const noexcept {
  return accepted_[at(p)].load(relaxed);
}

std::uint64_t transport_counters::closes(close_reason r) const noexcept {
  return closes_[at(r)].load(relaxed);
}

std::uint64_t transport_counters::refusals(refusal_reason r) const noexcept {
  return refusals_[at(r)].load(relaxed);
}

std::uint64_t transport_counters::pongs() const noexcept {
  return pongs_.load(relaxed);
}

std::string transport_counters::render_prometheus() const {
  std::string out;
  family<protocol>(out, "messages_received_total", "counter",
                   "SIP messages received.", "transport", messages_in_);
  family<protocol>(out, "messages_sent_total", "counter", "SIP messages sent.",
                   "transport", messages_out_);
  family<protocol>(out, "bytes_received_total", "counter",
                   "Bytes of SIP messages received.", "transport", bytes_in_);
  family<protocol>(out, "bytes_sent_total", "counter",
                   "Bytes of SIP messages sent.", "transport", bytes_out_);
  family<protocol>(out, "connections_open", "gauge", "Open stream connections.",
                   "transport", open_);
  family<protocol>(out, "connections_accepted_total", "counter",
                   "Stream connections accepted.", "transport", accepted_);
  family<close_reason>(out, "connections_closed_total", "counter",
                       "Stream connections closed.", "reason", closes_);
  family<refusal_reason>(out, "connections_refused_total", "counter",
                         "Stream connections refused at accept.", "reason",
                         refusals_);
  family<drop_reason>(out, "messages_dropped_total", "counter",
                      "SIP messages dropped.", "reason", drops_);
  out += "# HELP passerelle_sip_keepalive_pongs_total CRLF pongs sent "
         "(RFC 5626 4.4.1).\n"
         "# TYPE passerelle_sip_keepalive_pongs_total counter\n"
         "passerelle_sip_keepalive_pongs_total ";
  out += std::to_string(pongs());
  out += '\n';
  return out;
}

} // namespace passerelle::sip::transport
