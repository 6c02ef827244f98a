// docs/model.md §4: equal monthly envelopes, carry-over within a track, never more than allocated.
#include <catch2/catch.hpp>

#include "model/budget.hpp"

using namespace smesim::detail;

TEST_CASE("Envelopes are equal monthly shares with carry-over", "[model][budget]") {
  TrackLedger ledger(to_satang(1200), 12);
  CHECK(ledger.envelope(0) == to_satang(100));
  ledger.spend(to_satang(40), 0);
  CHECK(ledger.envelope(1) == to_satang(160));  // 60 carried over
  ledger.spend(to_satang(160), 1);
  CHECK(ledger.envelope(2) == to_satang(100));
  // The last month holds exactly what is left.
  CHECK(ledger.envelope(11) == ledger.allocation() - ledger.spent());
  CHECK(ledger.unspent() + ledger.spent() == ledger.allocation());
}

TEST_CASE("Envelopes of an allocation that does not divide evenly add up exactly", "[model][budget]") {
  TrackLedger ledger(1'000'003, 7);
  Satang total = 0;
  for (int t = 0; t < 7; ++t) {
    const Satang e = ledger.envelope(t);
    CHECK(e >= 1'000'003 / 7);
    ledger.spend(e, t);
    total += e;
  }
  CHECK(total == 1'000'003);
  CHECK(ledger.unspent() == 0);
}

TEST_CASE("Satang conversion rounds to the nearest satang", "[model][budget]") {
  CHECK(to_satang(3000) == 300000);
  CHECK(to_satang(0.005) == 1);
  CHECK(to_thb(12345) == Approx(123.45));
}
