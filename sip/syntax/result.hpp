#pragma once

#include <string_view>
#include <utility>
#include <variant>

namespace passerelle::sip {

/// Why a piece of SIP text failed to parse.
enum class syntax_error {
  empty,             ///< Nothing to parse.
  truncated,         ///< The input ends before the construct does.
  bad_start_line,    ///< Neither a Request-Line nor a Status-Line.
  bad_token,         ///< A token holds a character outside RFC 3261 25.1.
  bad_number,        ///< Digits expected.
  out_of_range,      ///< A number exceeds its legal range.
  bad_escape,        ///< A '%' not followed by two hex digits.
  bad_scheme,        ///< A URI scheme is missing or malformed.
  bad_user,          ///< A URI user or password is malformed.
  bad_host,          ///< A host (name, IPv4 or IPv6 reference) is malformed.
  bad_port,          ///< A port is not 1 to 5 digits up to 65535.
  bad_param,         ///< A parameter is empty or malformed.
  bad_uri_header,    ///< A URI header (?name=value) is malformed.
  bad_uri,           ///< Anything else wrong in a URI.
  bad_quoted_string, ///< An unterminated or malformed quoted-string.
  bad_address,       ///< A name-addr or addr-spec is malformed.
  bad_via,           ///< A Via value is malformed.
  bad_auth,          ///< A credentials or challenge value is malformed.
  bad_date,          ///< A Date value is not an RFC 1123 date in GMT.
  bad_media_type,    ///< A media type is malformed.
  trailing_garbage,  ///< Characters remain after a complete value.
};

/// Returns a short English description of an error, for logs.
std::string_view to_string(syntax_error e) noexcept;

/// The value of a parse, or the error that stopped it.
///
/// A small stand-in for C++23 `std::expected`; it never throws.
template <class T>
class result {
public:
  result(T&& value) : data_(std::move(value)) {
    // nop
  }

  result(const T& value) : data_(value) {
    // nop
  }

  result(syntax_error e) : data_(e) {
    // nop
  }

  /// Holds a value made in place from `args`.
  template <class... Args>
  explicit result(std::in_place_t, Args&&... args)
      : data_(std::in_place_index<0>, std::forward<Args>(args)...) {
    // nop
  }

  /// Returns whether a value is held.
  bool has_value() const noexcept { return data_.index() == 0; }

  explicit operator bool() const noexcept { return has_value(); }

  /// Returns the value; only valid when `has_value()`.
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Returns the error; only valid when `!has_value()`.
  syntax_error error() const { return std::get<1>(data_); }

private:
  std::variant<T, syntax_error> data_;
};

} // namespace passerelle::sip
