// docs/architecture.md "Determinism and random numbers": a replication depends only on (scenario,
// seed, replication), so results are identical at any thread count and in any order.
#include <catch2/catch.hpp>

#include <tbb/global_control.h>

#include "smesim/smesim.hpp"  // the umbrella header compiles on its own
#include "support/test_support.hpp"

using namespace smesim;

namespace {

bool same(const ReplicationResult& a, const ReplicationResult& b) {
  auto months_equal = [](const MonthRecord& x, const MonthRecord& y) {
    return x.active == y.active && x.mentored == y.mentored && x.developed == y.developed &&
           x.expanded == y.expanded && x.expanded_firms == y.expanded_firms && x.adopters == y.adopters &&
           x.jp_members == y.jp_members && x.mean_trust == y.mean_trust &&
           x.cost_reduction_thb == y.cost_reduction_thb && x.added_revenue_thb == y.added_revenue_thb &&
           x.spent.total_thb() == y.spent.total_thb();
  };
  if (a.replication != b.replication || a.months.size() != b.months.size()) return false;
  for (std::size_t t = 0; t < a.months.size(); ++t)
    if (!months_equal(a.months[t], b.months[t])) return false;
  return a.kpis.developed == b.kpis.developed && a.kpis.expanded == b.kpis.expanded &&
         a.kpis.cost_reduction_thb == b.kpis.cost_reduction_thb && a.kpis.spent_thb == b.kpis.spent_thb;
}

}  // namespace

TEST_CASE("Results are identical at 1, 2 and 8 threads and match single runs", "[engine][determinism]") {
  const ScenarioDef def =
      test::scenario_from_yaml("extends: default\nname: det\nnetworks: {generate: {members: 30}}\n");
  const auto one = run_forecast(def, test::forecast_options(12, 1));
  const auto two = run_forecast(def, test::forecast_options(12, 2));
  // Allow 8 workers on any machine so the 8-thread run really interleaves 8 tasks.
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 8);
  const auto eight = run_forecast(def, test::forecast_options(12, 8));
  REQUIRE(one.size() == 12);
  for (std::size_t r = 0; r < one.size(); ++r) {
    CHECK(one[r].replication == r);
    CHECK(same(one[r], two[r]));
    CHECK(same(one[r], eight[r]));
  }
  // Replication 7 alone equals replication 7 of the batch: nothing leaks between tasks.
  CHECK(same(run_single_replication(def, 7), one[7]));
  // Different replications differ (priors and draws are per replication).
  CHECK_FALSE(same(one[0], one[1]));
}

TEST_CASE("Parallelism across clusters inside a replication gives identical results",
          "[engine][determinism]") {
  // One replication on several threads runs its clusters in parallel; one thread runs them in
  // a loop. Every per-cluster step writes only its own cluster, and sums are taken in cluster
  // order, so the two must agree exactly.
  const ScenarioDef def =
      test::scenario_from_yaml("extends: default\nname: det\nnetworks: {generate: {members: 60}}\n");
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  const auto serial = run_forecast(def, test::forecast_options(2, 1));
  const auto parallel = run_forecast(def, test::forecast_options(2, 4));
  REQUIRE(serial.size() == 2);
  REQUIRE(parallel.size() == 2);
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(same(serial[r], parallel[r]));
    for (std::size_t c = 0; c < serial[r].clusters.size(); ++c) {
      CHECK(serial[r].clusters[c].kpis.cost_reduction_thb == parallel[r].clusters[c].kpis.cost_reduction_thb);
      CHECK(serial[r].clusters[c].trust_end == parallel[r].clusters[c].trust_end);
    }
  }
}

TEST_CASE("A cancelled forecast returns only finished replications, in order", "[engine][determinism]") {
  const ScenarioDef def =
      test::scenario_from_yaml("extends: default\nname: det\nnetworks: {generate: {members: 10}}\n");
  std::atomic<bool> cancel{true};
  const auto none = run_forecast(def, test::forecast_options(5, 1, &cancel));
  CHECK(none.empty());

  // Cancelled mid-run (as Ctrl-C does, from another thread, here from the progress callback
  // after the 6th finished replication): a prefix 0..k-1 with 4 <= k < 40, each replication
  // equal to the same one of an uncancelled run.
  constexpr std::uint32_t kReps = 40;
  const auto whole = run_forecast(def, test::forecast_options(kReps, 2));
  std::atomic<bool> stop{false};
  ForecastOptions options = test::forecast_options(kReps, 2, &stop);
  options.block_replications = 4;
  options.on_progress = [&stop](std::size_t done, std::size_t) {
    if (done >= 6) stop = true;
  };
  const auto prefix = run_forecast(def, options);
  INFO("replications kept: " << prefix.size());
  // When the 6th finishes, up to two replications (one per thread) may still run below it,
  // so the leading finished run is at least 4 long.
  REQUIRE(prefix.size() >= 4);
  REQUIRE(prefix.size() < kReps);
  for (std::size_t r = 0; r < prefix.size(); ++r) {
    CHECK(prefix[r].replication == r);
    CHECK(same(prefix[r], whole[r]));
  }
}
