#include "sip/transport/connection_table.hpp"

namespace passerelle::sip::transport {

connection_table::connection_table(std::size_t max_total,
                                   std::size_t max_per_ip)
    : max_total_(max_total), max_per_ip_(max_per_ip) {
  // nop
}

std::string connection_table::peer_key(protocol p, const std::string& ip,
                                       std::uint16_t port) {
  std::string key{to_string(p)};
  key += '|';
  key += ip;
  key += '|';
  key += std::to_string(port);
  return key;
}

admission connection_table::admit(const std::string& ip) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (total_ >= max_total_)
    return admission::total_limit;
  auto& n = per_ip_[ip];
  if (n >= max_per_ip_) {
    if (n == 0)
      per_ip_.erase(ip);
    return admission::per_ip_limit;
  }
  ++n;
  ++total_;
  return admission::admitted;
}

void connection_table::release_locked(const std::string& ip) {
  auto it = per_ip_.find(ip);
  if (it == per_ip_.end())
    return;
  if (--it->second == 0)
    per_ip_.erase(it);
  --total_;
}

void connection_table::release(const std::string& ip) {
  std::lock_guard<std::mutex> guard{mutex_};
  release_locked(ip);
}

void connection_table::insert(std::uint64_t id, protocol p,
                              const std::string& ip, std::uint16_t port,
                              std::weak_ptr<connection> c) {
  auto key = peer_key(p, ip, port);
  std::lock_guard<std::mutex> guard{mutex_};
  by_peer_[key] = id;
  by_id_[id] = entry{ip, std::move(key), std::move(c)};
}

void connection_table::erase(std::uint64_t id) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = by_id_.find(id);
  if (it == by_id_.end())
    return;
  auto peer = by_peer_.find(it->second.peer_key);
  if (peer != by_peer_.end() && peer->second == id)
    by_peer_.erase(peer);
  release_locked(it->second.ip);
  by_id_.erase(it);
}

std::shared_ptr<connection> connection_table::find(std::uint64_t id) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second.link.lock();
}

std::shared_ptr<connection> connection_table::find(protocol p,
                                                   const std::string& ip,
                                                   std::uint16_t port) const {
  auto key = peer_key(p, ip, port);
  std::lock_guard<std::mutex> guard{mutex_};
  auto peer = by_peer_.find(key);
  if (peer == by_peer_.end())
    return nullptr;
  auto it = by_id_.find(peer->second);
  return it == by_id_.end() ? nullptr : it->second.link.lock();
}

std::vector<std::shared_ptr<connection>> connection_table::snapshot() const {
  std::vector<std::shared_ptr<connection>> out;
  std::lock_guard<std::mutex> guard{mutex_};
  out.reserve(by_id_.size());
  for (const auto& [id, e] : by_id_)
    if (auto c = e.link.lock())
      out.push_back(std::move(c));
  return out;
}

std::size_t connection_table::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return total_;
}

std::size_t connection_table::count(const std::string& ip) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = per_ip_.find(ip);
  return it == per_ip_.end() ? 0 : it->second;
}

} // namespace passerelle::sip::transport
