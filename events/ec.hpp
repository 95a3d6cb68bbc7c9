#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace passerelle {

/// Project-wide error codes. Registered as a CAF error category at actor
/// boundaries (actors/errors.hpp); pure code returns them in `result`.
enum class ec : uint8_t {
  none = 0,
  /// The stream moved on since the caller read it (optimistic concurrency).
  conflict,
  not_found,
  already_exists,
  invalid_argument,
  /// RocksDB refused a read or write.
  storage_failure,
  /// A stored record does not decode or does not match its hash.
  corrupt,
  timeout,
  unauthorized,
};

/// Stable lowercase name, used in logs and API error codes.
const char* to_string(ec x);

/// Why a command or a parse was refused.
struct failure {
  ec code = ec::none;
  std::string message;
};

/// A value or a failure: what pure functions return instead of throwing.
template <class T>
class result {
public:
  result(T value) : data_(std::move(value)) {
    // nop
  }

  result(failure why) : data_(std::move(why)) {
    // nop
  }

  explicit operator bool() const { return data_.index() == 0; }

  T& operator*() { return std::get<0>(data_); }

  const T& operator*() const { return std::get<0>(data_); }

  T* operator->() { return &std::get<0>(data_); }

  const T* operator->() const { return &std::get<0>(data_); }

  const failure& error() const { return std::get<1>(data_); }

private:
  std::variant<T, failure> data_;
};

} // namespace passerelle
