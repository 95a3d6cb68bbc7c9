#include "sip/registrar/response.hpp"

#include "sip/syntax/text.hpp"

#include <array>
#include <cstdio>

namespace passerelle::sip::registrar {

namespace {

std::string format_q(std::uint16_t q) {
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
  if (q >= 1000)
    return "1";
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "0.%03u", static_cast<unsigned>(q));
  std::string out{buf.data()};
  while (out.back() == '0')
    out.pop_back();
  if (out.back() == '.')
    out.pop_back();
  return out;
}

} // namespace

std::string format_date(time_point t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 7> wkdays{"Thu", "Fri", "Sat", "Sun",
                                                     "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> months{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<seconds>(t - day)};
  auto since_epoch = day.time_since_epoch().count();
  auto wkday = ((since_epoch % 7) + 7) % 7; // 1970-01-01 was a Thursday.
  // Written by hand, not with snprintf: one per 200 OK. Nanosecond time
  // points span the years 1678 to 2262, four digits.
  auto digits = [](std::string& out, int v, int width) {
    char d[4];
    for (int i = width - 1; i >= 0; --i, v /= 10)
      d[i] = static_cast<char>('0' + v % 10);
    out.append(d, static_cast<std::size_t>(width));
  };
  std::string out;
  out.reserve(29);
  out.append(wkdays[static_cast<std::size_t>(wkday)]).append(", ");
  digits(out, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  out.push_back(' ');
  out.append(months[static_cast<unsigned>(ymd.month()) - 1]).push_back(' ');
  digits(out, static_cast<int>(ymd.year()), 4);
  out.push_back(' ');
  digits(out, static_cast<int>(hms.hours().count()), 2);
  out.push_back(':');
  digits(out, static_cast<int>(hms.minutes().count()), 2);
  out.push_back(':');
  digits(out, static_cast<int>(hms.seconds().count()), 2);
  out.append(" GMT");
  return out;
}

std::string contact_value(const registration_binding& b, time_point now) {
  std::string out = "<";
  out += b.contact;
  out += ">;expires=";
  out += std::to_string(seconds_left(b, now));
  if (b.q) {
    out += ";q=";
    out += format_q(*b.q);
  }
  if (b.instance_id) {
    out += ";+sip.instance=";
    out += quote(*b.instance_id);
  }
  return out;
}

message_builder make_register_response(const message& request,
                                       const register_decision& d,
                                       time_point now,
                                       std::string_view to_tag) {
  auto b = make_response(request, d.status, d.reason, to_tag);
  if (d.status == 423 && d.min_expires)
    b.add(header_id::min_expires, std::to_string(*d.min_expires));
  if (d.accepted()) {
    // RFC 3261 10.3 step 8: all current bindings, each with its expiry.
    for (const auto& binding : d.bindings)
      b.add(header_id::contact, contact_value(binding, now));
    b.add(header_id::date, format_date(now));
  }
  return b;
}

message_builder make_register_rejection(const message& request,
                                        const request_rejection& r,
                                        std::string_view to_tag) {
  return make_response(request, r.status, r.reason, to_tag);
}

message_builder make_register_challenge(const message& request,
                                        const auth::challenge_params& p,
                                        std::string_view to_tag) {
  return auth::make_challenge_response(request, auth::challenge_kind::origin, p,
                                       to_tag);
}

} // namespace passerelle::sip::registrar
