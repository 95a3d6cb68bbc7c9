#include "events/cbor_check.hpp"

#include <nlohmann/json.hpp>

namespace passerelle::events {

namespace {

/// Accepts every item; the parser itself reports malformed input.
struct null_sax {
  using json = nlohmann::json;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) {
    return true;
  }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) {
    return false;
  }
};

} // namespace

bool well_formed_cbor(std::string_view bytes) {
  null_sax sax;
  auto* first = reinterpret_cast<const uint8_t*>(bytes.data());
  return nlohmann::json::sax_parse(first, first + bytes.size(), &sax,
                                   nlohmann::json::input_format_t::cbor, true);
}

} // namespace passerelle::events
