#pragma once

#include "actors/interfaces.hpp"
#include "storage/event_store.hpp"

#include <caf/response_promise.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <memory>
#include <vector>

namespace passerelle {

/// State of the store actor: the store and the appends staged for the next
/// group commit.
struct store_state {
  /// An append staged in the open batch, waiting for the commit.
  struct waiting_append {
    /// Answered with the ack, or for a `create` with its `create_outcome`.
    caf::response_promise promise;
    bool creates = false;
    storage::append_ack ack;
    std::chrono::steady_clock::time_point received;
  };

  std::shared_ptr<storage::event_store> store;
  std::vector<waiting_append> waiting;
  /// Whether a flush message is already in our mailbox.
  bool flush_queued = false;

  static inline const char* name = "store";
};

/// Group commit: every append that reaches the mailbox before the flush
/// message that its predecessor queued goes into the same WriteBatch, and is
/// acknowledged only after that batch is written (and fsynced in `sync`
/// mode). Spawn it `detached`: it blocks on RocksDB.
store_actor::behavior_type
store_impl(store_actor::stateful_pointer<store_state> self,
           std::shared_ptr<storage::event_store> store);

/// Spawns the store actor on its own thread.
store_actor spawn_store(caf::actor_system& sys,
                        std::shared_ptr<storage::event_store> store);

} // namespace passerelle
