#pragma once

#include <cstdint>

namespace passerelle {

/// Raises this process's soft limit on open files to its hard limit and
/// returns the limit now in force. Every phone on TCP or TLS holds a
/// connection, and so does every phone fetching its configuration: the
/// usual soft limit of 1024 would refuse phones long before the gateway
/// is busy.
std::uint64_t raise_open_files_limit();

/// Below this many open files the gateway warns at start.
inline constexpr std::uint64_t recommended_open_files = 65536;

} // namespace passerelle
