#include "sip/registrar/expiry_schedule.hpp"

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

using namespace passerelle::sip::registrar;
using namespace std::chrono_literals;

namespace {

const time_point t0{std::chrono::seconds{1'800'000'000}};

using taken = std::vector<std::pair<std::string, time_point>>;

taken take(expiry_schedule& s, time_point now) {
  taken out;
  s.take_due(now, [&](const std::string& aor, time_point at) {
    out.emplace_back(aor, at);
  });
  return out;
}

} // namespace

TEST_CASE("entries come due in time order, and only once due",
          "[registrar][expiry]") {
  expiry_schedule s;
  expiry_schedule::mark a, b, c;
  s.note("a", t0 + 30s, a);
  s.note("b", t0 + 10s, b);
  s.note("c", t0 + 20s, c);
  CHECK(a == t0 + 30s);
  CHECK(s.size() == 3);
  CHECK(take(s, t0 + 9s).empty());
  CHECK(take(s, t0 + 20s) == taken{{"b", t0 + 10s}, {"c", t0 + 20s}});
  CHECK(take(s, t0 + 20s).empty());
  CHECK(take(s, t0 + 1h) == taken{{"a", t0 + 30s}});
  CHECK(s.size() == 0);
}

TEST_CASE("a later expiry keeps the queued entry; an earlier one adds one",
          "[registrar][expiry]") {
  expiry_schedule s;
  expiry_schedule::mark m;
  s.note("a", t0 + 60s, m);
  // Refreshes move the expiry later: nothing is added per refresh.
  for (int i = 1; i <= 100; ++i)
    s.note("a", t0 + 60s + i * 1s, m);
  CHECK(s.size() == 1);
  CHECK(m == t0 + 60s);
  // A new, shorter binding: queued earlier, the old entry goes stale.
  s.note("a", t0 + 5s, m);
  CHECK(s.size() == 2);
  CHECK(m == t0 + 5s);
  // Nothing: no bindings, or already queued at that time.
  s.note("a", std::nullopt, m);
  s.note("a", t0 + 5s, m);
  CHECK(s.size() == 2);
  CHECK(take(s, t0 + 1h) == taken{{"a", t0 + 5s}, {"a", t0 + 60s}});
}

TEST_CASE("an owner may queue an account again while entries are taken",
          "[registrar][expiry]") {
  expiry_schedule s;
  expiry_schedule::mark m;
  s.note("a", t0 + 10s, m);
  int calls = 0;
  s.take_due(t0 + 10s, [&](const std::string& aor, time_point at) {
    ++calls;
    CHECK(at == m);
    m.reset();
    s.note(aor, t0 + 70s, m); // refreshed since: due again later
  });
  CHECK(calls == 1);
  CHECK(m == t0 + 70s);
  CHECK(take(s, t0 + 69s).empty());
  CHECK(take(s, t0 + 70s) == taken{{"a", t0 + 70s}});
}
