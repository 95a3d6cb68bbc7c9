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
    if (!written) {
      w.promise.deliver(make_error(written.error()));
      continue;
    }
    st.store->metrics().append_latency.observe(now - w.received);
    if (w.creates)
      w.promise.deliver(create_outcome{true, w.ack, {}});
    else
      w.promise.deliver(w.ack);
  }
  st.waiting.clear();
}

/// Adds `req` to the open batch, to be answered through `w` once it is
/// written; an error if the store refuses it.
caf::error stage(self_ptr self, storage::append_request& req,
                 store_state::waiting_append w) {
  auto& st = self->state;
  if (req.timestamp_ns == 0)
    req.timestamp_ns = utc_now_ns();
  auto ack = st.store->stage(req);
  if (!ack)
    return make_error(ack.error());
  w.ack = *ack;
  w.received = std::chrono::steady_clock::now();
  st.waiting.push_back(std::move(w));
  if (!st.flush_queued) {
    st.flush_queued = true;
    self->send(self, atom::flush_v);
  }
  return {};
}

caf::typed_response_promise<storage::append_ack>
append(self_ptr self, storage::append_request& req) {
  auto promise = self->make_response_promise<storage::append_ack>();
  if (auto err = stage(self, req, {promise}))
    promise.deliver(err);
  return promise;
}

result<stream_recovery> read_recovery(storage::event_store& store,
                                      const std::string& tenant,
                                      const std::string& stream) {
  auto snap = store.load_snapshot(tenant, stream);
  if (!snap)
    return snap.error();
  stream_recovery out;
  uint64_t from = 1;
  if (*snap) {
    out.has_snapshot = true;
    out.snapshot = std::move(**snap);
    from = out.snapshot.version + 1;
  }
  auto tail = store.read_to_end(tenant, stream, from);
  if (!tail)
    return tail.error();
  out.tail = std::move(*tail);
  return out;
}

caf::result<stream_recovery> load(self_ptr self, const std::string& tenant,
                                  const std::string& stream) {
  auto out = read_recovery(*self->state.store, tenant, stream);
  if (!out)
    return make_error(out.error());
  return std::move(*out);
}

/// `append` for a stream expected to have no events yet; see `create` in
/// interfaces.hpp.
caf::typed_response_promise<create_outcome>
create(self_ptr self, storage::append_request& req) {
  auto promise = self->make_response_promise<create_outcome>();
  auto& store = *self->state.store;
  auto exists = store.has_events(req.tenant, req.stream);
  if (!exists) {
    promise.deliver(make_error(exists.error()));
  } else if (req.expected_version != 0) {
    promise.deliver(
        make_error(ec::invalid_argument, "a create expects version 0"));
  } else if (*exists) {
    auto existing = read_recovery(store, req.tenant, req.stream);
    if (existing)
      promise.deliver(create_outcome{false, {}, std::move(*existing)});
    else
      promise.deliver(make_error(existing.error()));
  } else {
    if (auto err = stage(self, req, {promise, true}))
      promise.deliver(err);
  }
  return promise;
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
        return append(self, req);
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
