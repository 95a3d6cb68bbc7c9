#pragma once

#include "sip/transport/transport.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passerelle::sip::transport {

class connection;

/// Whether a new stream connection may open.
enum class admission { admitted, per_ip_limit, total_limit };

/// The open stream connections, by id and by peer address, with the
/// per-address and total counts the limits need. Thread-safe.
class connection_table {
public:
  connection_table(std::size_t max_total, std::size_t max_per_ip);

  /// Reserves a slot for a connection from `ip`, or says which limit
  /// refuses it. A reserved slot is freed by `erase` once inserted, else
  /// by `release`.
  admission admit(const std::string& ip);

  /// Frees a slot reserved by `admit` that was never inserted.
  void release(const std::string& ip);

  /// Records an admitted connection.
  void insert(std::uint64_t id, protocol p, const std::string& ip,
              std::uint16_t port, std::weak_ptr<connection> c);

  /// Forgets a connection and frees its slot; unknown ids are ignored.
  void erase(std::uint64_t id);

  /// Returns the connection with this id, if open.
  std::shared_ptr<connection> find(std::uint64_t id) const;

  /// Returns the newest open connection of this protocol to this peer.
  std::shared_ptr<connection> find(protocol p, const std::string& ip,
                                   std::uint16_t port) const;

  /// Returns every open connection.
  std::vector<std::shared_ptr<connection>> snapshot() const;

  /// Returns how many slots are taken.
  std::size_t size() const;

  /// Returns how many slots `ip` holds.
  std::size_t count(const std::string& ip) const;

private:
  struct entry {
    std::string ip;
    std::string peer_key;
    std::weak_ptr<connection> link;
  };

  static std::string peer_key(protocol p, const std::string& ip,
                              std::uint16_t port);

  void release_locked(const std::string& ip);

  std::size_t max_total_;
  std::size_t max_per_ip_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_ip_;
  std::unordered_map<std::uint64_t, entry> by_id_;
  std::unordered_map<std::string, std::uint64_t> by_peer_;
};

} // namespace passerelle::sip::transport
