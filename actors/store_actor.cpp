#include "actors/store_actor.hpp"

#include "actors/errors.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include <chrono>

namespace passerelle {

namespace {

using self_ptr = store_actor::stateful_pointer<store_state>;

int64_t utc_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Writes the open batch and answers every append in it.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_queued = false;
  if (st.waiting.empty())
    return;
  auto written = st.store->commit();
  auto now = std::chrono::steady_clock::now();
  for (auto& w : st.waiting) {
    if (written) {
      st.store->metrics().append_latency.observe(now - w.received);
      w.promise.deliver(w.ack);
    } else {
      w.promise.deliver(make_error(written.error()));
    }
  }
  st.waiting.clear();
}

caf::typed_response_promise<storage::append_ack>
stage(self_ptr self, storage::append_request& req) {
  auto& st = self->state;
  auto promise = self->make_response_promise<storage::append_ack>();
  if (req.timestamp_ns == 0)
    req.timestamp_ns = utc_now_ns();
  auto ack = st.store->stage(req);
  if (!ack) {
    promise.deliver(make_error(ack.error()));
    return promise;
  }
  st.waiting.push_back({promise, *ack, std::chrono::steady_clock::now()});
  if (!st.flush_queued) {
    st.flush_queued = true;
    self->send(self, atom::flush_v);
  }
  return promise;
}

/// `stage` for a stream that must have no events yet.
caf::typed_response_promise<storage::append_ack>
create(self_ptr self, storage::append_request& req) {
  auto version = self->state.store->version_of(req.tenant, req.stream);
  if (!version || *version != 0 || req.expected_version != 0) {
    auto promise = self->make_response_promise<storage::append_ack>();
    promise.deliver(!version ? make_error(version.error())
                             : make_error(ec::conflict,
                                          req.stream + " already has events"));
    return promise;
  }
  return stage(self, req);
}

caf::result<stream_recovery> load(self_ptr self, const std::string& tenant,
                                  const std::string& stream) {
  auto& store = *self->state.store;
  auto snap = store.load_snapshot(tenant, stream);
  if (!snap)
    return make_error(snap.error());
  stream_recovery out;
  uint64_t from = 1;
  if (*snap) {
    out.has_snapshot = true;
    out.snapshot = std::move(**snap);
    from = out.snapshot.version + 1;
  }
  auto tail = store.read_to_end(tenant, stream, from);
  if (!tail)
    return make_error(tail.error());
  out.tail = std::move(*tail);
  return out;
}

} // namespace

store_actor::behavior_type store_impl(self_ptr self,
                                      std::shared_ptr<storage::event_store> s) {
  self->state.store = std::move(s);
  // Appends already staged are written before the actor goes away, so a
  // clean shutdown acknowledges everything it accepted.
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    flush(self);
    self->quit(msg.reason);
  });
  return {
      [self](atom::append, storage::append_request& req) {
        return stage(self, req);
      },
      [self](atom::create, storage::append_request& req) {
        return create(self, req);
      },
      [self](atom::flush) { flush(self); },
      [self](atom::load, const std::string& tenant, const std::string& stream) {
        return load(self, tenant, stream);
      },
      [self](atom::snapshot, const std::string& tenant,
             const std::string& stream,
             const storage::snapshot_record& snap) -> caf::result<uint64_t> {
        auto saved = self->state.store->save_snapshot(tenant, stream, snap);
        if (!saved)
          return make_error(saved.error());
        return *saved;
      },
  };
}

store_actor spawn_store(caf::actor_system& sys,
                        std::shared_ptr<storage::event_store> store) {
  return sys.spawn<caf::detached>(store_impl, std::move(store));
}

} // namespace passerelle
