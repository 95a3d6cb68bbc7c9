#include "sip/txn/effect.hpp"

#include <type_traits>

namespace passerelle::sip::txn {

std::string_view to_string(timer_id id) noexcept {
  switch (id) {
  case timer_id::a:
    return "A";
  case timer_id::b:
    return "B";
  case timer_id::d:
    return "D";
  case timer_id::e:
    return "E";
  case timer_id::f:
    return "F";
  case timer_id::k:
    return "K";
  case timer_id::g:
    return "G";
  case timer_id::h:
    return "H";
  case timer_id::i:
    return "I";
  case timer_id::j:
    return "J";
  case timer_id::l:
    return "L";
  case timer_id::m:
    return "M";
  case timer_id::trying:
    return "trying";
  }
  return "?";
}

namespace {

std::string handle_text(message_handle h) {
  // Appending avoids GCC 12's false -Wrestrict on "literal" + string&&.
  std::string out{"#"};
  out += std::to_string(static_cast<std::uint64_t>(h));
  return out;
}

} // namespace

std::string to_string(const effect& e) {
  return std::visit(
      [](const auto& x) -> std::string {
        using type = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<type, send_message>)
          return "send_message(" + handle_text(x.message) + ")";
        else if constexpr (std::is_same_v<type, retransmit>)
          return "retransmit(" + handle_text(x.message) + ")";
        else if constexpr (std::is_same_v<type, send_trying>)
          return "send_trying";
        else if constexpr (std::is_same_v<type, send_ack>)
          return "send_ack(" + handle_text(x.response) + ")";
        else if constexpr (std::is_same_v<type, retransmit_ack>)
          return "retransmit_ack";
        else if constexpr (std::is_same_v<type, pass_to_tu>)
          return "pass_to_tu(" + handle_text(x.message) + ")";
        else if constexpr (std::is_same_v<type, notify_timeout>)
          return "notify_timeout(" + std::string{to_string(x.timer)} + ")";
        else if constexpr (std::is_same_v<type, notify_transport_error>)
          return "notify_transport_error";
        else if constexpr (std::is_same_v<type, arm_timer>)
          return "arm_timer(" + std::string{to_string(x.timer)} + ", " +
                 std::to_string(x.delay.count()) + "ms, gen " +
                 std::to_string(x.gen) + ")";
        else
          return "terminated";
      },
      e);
}

} // namespace passerelle::sip::txn
