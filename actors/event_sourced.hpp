#pragma once

#include "actors/errors.hpp"
#include "actors/interfaces.hpp"
#include "events/aggregate.hpp"

#include <caf/timespan.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace passerelle {

/// How long an actor waits for the store: as long as it takes. The store
/// answers every request it accepts (at once, or at its next group commit,
/// on exit too), and CAF answers with an error the requests left in the
/// mailbox of a store that has quit. A timeout would add nothing but cost:
/// in CAF 0.17 each one wakes the clock thread when set and is never
/// cancelled, so 100k registrations delivered 100k stale timeout messages
/// 10 s later (7% of the CPU of the phase after, BENCHMARKS.md). A store
/// stuck on its disk holds every writer back either way; a timeout only
/// turned that into failures whose writes might still land.
inline constexpr auto store_timeout = caf::infinite;

/// A snapshot is saved whenever a stream crosses a multiple of this.
inline constexpr uint64_t snapshot_every = 64;

/// The event-sourced part of an actor's state. Persistent: `current`, the
/// fold of the stream. Volatile: where the stream lives.
template <class Aggregate>
struct event_sourced {
  events::versioned<Aggregate> current;
  std::string tenant;
  std::string stream;
  store_actor store;
};

// Every function below expects `self->state.es` to be an
// `event_sourced<Aggregate>`.

/// Recovers the state at spawn: latest snapshot + tail, folded. Other
/// messages wait until this is done (`await`); on failure the actor quits
/// rather than serve a guessed state.
template <class Aggregate, class Self>
void recover(Self* self) {
  auto& es = self->state.es;
  self->request(es.store, store_timeout, atom::load_v, es.tenant, es.stream)
      .await(
          [self](stream_recovery& rec) {
            std::optional<std::pair<uint64_t, std::vector<uint8_t>>> snap;
            if (rec.has_snapshot)
              snap.emplace(rec.snapshot.version, std::move(rec.snapshot.state));
            auto state = events::recover<Aggregate>(snap, rec.tail);
            if (!state) {
              self->quit(make_error(state.error()));
              return;
            }
            self->state.es.current = std::move(*state);
          },
          [self](caf::error& err) { self->quit(err); });
}

/// Saves a snapshot when the last append crossed a multiple of
/// `snapshot_every`. Best effort: the log stays the truth.
template <class Aggregate, class Self>
void maybe_snapshot(Self* self, const storage::append_ack& ack) {
  auto& es = self->state.es;
  if ((ack.first_seq - 1) / snapshot_every == ack.last_seq / snapshot_every)
    return;
  storage::snapshot_record snap{es.current.version,
                                Aggregate::snapshot(es.current.model)};
  self->request(es.store, store_timeout, atom::snapshot_v, es.tenant, es.stream,
                std::move(snap))
      .then([](uint64_t) {}, [](caf::error&) {});
}

/// Handles a command: decide, append and await the store's ack, apply, then
/// reply with `view(current)`. Nothing is acknowledged before it is stored;
/// the actor handles no other message while the append is in flight.
template <class Aggregate, class Self, class View>
auto execute(Self* self, const typename Aggregate::command& cmd,
             std::string caller, View view) {
  using reply = decltype(view(self->state.es.current));
  auto promise = self->template make_response_promise<reply>();
  auto& es = self->state.es;
  auto decided = Aggregate::decide(es.current.model, cmd);
  if (!decided) {
    promise.deliver(make_error(decided.error()));
    return promise;
  }
  if (decided->empty()) {
    promise.deliver(view(es.current));
    return promise;
  }
  storage::append_request req{es.tenant, es.stream, es.current.version, 0, {}};
  for (auto& ev : *decided)
    req.events.push_back(Aggregate::encode(ev, caller));
  self->request(es.store, store_timeout, atom::append_v, std::move(req))
      .await(
          [self, promise, evs = std::move(*decided),
           view](const storage::append_ack& ack) mutable {
            auto& es = self->state.es;
            for (auto& ev : evs)
              es.current.model =
                  Aggregate::apply(std::move(es.current.model), ev);
            es.current.version = ack.last_seq;
            maybe_snapshot<Aggregate>(self, ack);
            promise.deliver(view(es.current));
          },
          [self, promise](caf::error& err) mutable {
            promise.deliver(err);
            // Someone else moved the stream, or the write's fate is unknown:
            // our fold may be stale. Stop; the next command recovers from the
            // log.
            self->quit(err);
          });
  return promise;
}

} // namespace passerelle
