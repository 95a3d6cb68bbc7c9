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
  /// Spawned on the guess that the stream is new (`assume_new`), without
  /// reading it: `current` is the empty fold, good only for building a
  /// first append the store refuses if the guess was wrong.
  bool unverified = false;
};

// Every function below expects `self->state.es` to be an
// `event_sourced<Aggregate>`.

/// Folds a loaded stream into `current`; the error if it does not fold.
template <class Aggregate, class Self>
caf::error adopt(Self* self, stream_recovery& rec) {
  std::optional<std::pair<uint64_t, std::vector<uint8_t>>> snap;
  if (rec.has_snapshot)
    snap.emplace(rec.snapshot.version, std::move(rec.snapshot.state));
  auto state = events::recover<Aggregate>(snap, rec.tail);
  if (!state)
    return make_error(state.error());
  self->state.es.current = std::move(*state);
  self->state.es.unverified = false;
  return {};
}

/// Loads the stream (latest snapshot + tail) and folds it into `current`,
/// then calls `done()`; on failure calls `failed(err)` and quits rather
/// than serve a guessed state. Other messages wait meanwhile (`await`).
template <class Aggregate, class Self, class Done, class Failed>
void recover_then(Self* self, Done done, Failed failed) {
  auto& es = self->state.es;
  self->request(es.store, store_timeout, atom::load_v, es.tenant, es.stream)
      .await(
          [self, done, failed](stream_recovery& rec) mutable {
            if (auto err = adopt<Aggregate>(self, rec)) {
              failed(err);
              self->quit(err);
              return;
            }
            done();
          },
          [self, failed](caf::error& err) mutable {
            failed(err);
            self->quit(err);
          });
}

/// Recovers the state at spawn, before any message is handled.
template <class Aggregate, class Self>
void recover(Self* self) {
  recover_then<Aggregate>(
      self, [] {}, [](const caf::error&) {});
}

/// Starts without reading the stream, guessing it is new: saves the
/// store a round trip per new stream (a first fetch of a new phone). The
/// first command decides on the empty fold and asks the store to create
/// the stream; if it already has events, the store answers with them
/// instead and the actor decides again on them (`execute`).
template <class Aggregate, class Self>
void assume_new(Self* self) {
  self->state.es.unverified = true;
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

template <class Aggregate, class Self, class View, class Promise>
void run_command(Self* self, const typename Aggregate::command& cmd,
                 std::string caller, View view, Promise promise);

/// `run_command` once the state is known: recovers first.
template <class Aggregate, class Self, class View, class Promise>
void run_recovered(Self* self, const typename Aggregate::command& cmd,
                   std::string caller, View view, Promise promise) {
  recover_then<Aggregate>(
      self,
      [self, cmd, caller = std::move(caller), view, promise]() mutable {
        run_command<Aggregate>(self, cmd, std::move(caller), view, promise);
      },
      [promise](const caf::error& err) mutable { promise.deliver(err); });
}

template <class Aggregate, class Self, class View, class Promise>
void run_command(Self* self, const typename Aggregate::command& cmd,
                 std::string caller, View view, Promise promise) {
  auto& es = self->state.es;
  auto decided = Aggregate::decide(es.current.model, cmd);
  if (es.unverified && (!decided || decided->empty())) {
    // Said on a guessed state: only an append may rest on that guess.
    run_recovered<Aggregate>(self, cmd, std::move(caller), view, promise);
    return;
  }
  if (!decided) {
    promise.deliver(make_error(decided.error()));
    return;
  }
  if (decided->empty()) {
    promise.deliver(view(es.current));
    return;
  }
  storage::append_request req{es.tenant, es.stream, es.current.version, 0, {}};
  for (auto& ev : *decided)
    req.events.push_back(Aggregate::encode(ev, caller));
  auto applied = [self, promise, evs = std::move(*decided),
                  view](const storage::append_ack& ack) mutable {
    auto& es = self->state.es;
    es.unverified = false;
    for (auto& ev : evs)
      es.current.model = Aggregate::apply(std::move(es.current.model), ev);
    es.current.version = ack.last_seq;
    maybe_snapshot<Aggregate>(self, ack);
    promise.deliver(view(es.current));
  };
  auto failed = [self, promise](caf::error& err) mutable {
    promise.deliver(err);
    // Someone else moved the stream, or the write's fate is unknown: our
    // fold may be stale. Stop; the next command recovers from the log.
    self->quit(err);
  };
  if (!es.unverified) {
    self->request(es.store, store_timeout, atom::append_v, std::move(req))
        .await(std::move(applied), std::move(failed));
    return;
  }
  self->request(es.store, store_timeout, atom::create_v, std::move(req))
      .await(
          [self, applied, failed, promise, cmd, caller = std::move(caller),
           view](create_outcome& out) mutable {
            if (out.created)
              return applied(out.ack);
            // Not new after all: decide again on what the stream holds.
            if (auto err = adopt<Aggregate>(self, out.existing))
              return failed(err);
            run_command<Aggregate>(self, cmd, std::move(caller), view, promise);
          },
          failed);
}

/// Handles a command: decide, append and await the store's ack, apply, then
/// reply with `view(current)`. Nothing is acknowledged before it is stored;
/// the actor handles no other message while the append is in flight.
template <class Aggregate, class Self, class View>
auto execute(Self* self, const typename Aggregate::command& cmd,
             std::string caller, View view) {
  using reply = decltype(view(self->state.es.current));
  auto promise = self->template make_response_promise<reply>();
  run_command<Aggregate>(self, cmd, std::move(caller), view, promise);
  return promise;
}

/// Replies with `view(current)`, recovering first if the state is a guess.
template <class Aggregate, class Self, class View>
auto query(Self* self, View view) {
  using reply = decltype(view(self->state.es.current));
  auto promise = self->template make_response_promise<reply>();
  if (!self->state.es.unverified) {
    promise.deliver(view(self->state.es.current));
    return promise;
  }
  recover_then<Aggregate>(
      self,
      [self, promise, view]() mutable {
        promise.deliver(view(self->state.es.current));
      },
      [promise](const caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

} // namespace passerelle
