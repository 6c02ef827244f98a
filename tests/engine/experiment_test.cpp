// The experiment runner builds each replication's population and networks once per batch of
// variants and reuses them while the variants' set-up inputs agree (engine/experiment.cpp).
// Whatever it reuses, every variant's results must equal running that variant on its own.
#include <catch2/catch.hpp>

#include <tbb/global_control.h>

#include "model/setup_inputs.hpp"
#include "smesim/engine/experiment.hpp"
#include "support/test_support.hpp"

using namespace smesim;

namespace {

bool same_kpis(const Kpis& a, const Kpis& b) {
  return a.developed == b.developed && a.expanded == b.expanded &&
         a.cost_reduction_thb == b.cost_reduction_thb && a.added_revenue_thb == b.added_revenue_thb &&
         a.spent_thb == b.spent_thb && a.unspent_thb == b.unspent_thb;
}

bool same_month(const MonthRecord& x, const MonthRecord& y) {
  return x.active == y.active && x.mentored == y.mentored && x.developed == y.developed &&
         x.expanded == y.expanded && x.expanded_firms == y.expanded_firms && x.adopters == y.adopters &&
         x.jp_members == y.jp_members && x.mean_trust == y.mean_trust &&
         x.cost_reduction_thb == y.cost_reduction_thb &&
         x.cost_reduction_cum_thb == y.cost_reduction_cum_thb && x.added_revenue_thb == y.added_revenue_thb &&
         x.spent.mentoring_thb == y.spent.mentoring_thb && x.spent.network_thb == y.spent.network_thb &&
         x.spent.technology_thb == y.spent.technology_thb;
}

bool same_cluster(const ClusterOutcome& a, const ClusterOutcome& b) {
  return same_kpis(a.kpis, b.kpis) && a.members == b.members && a.active_end == b.active_end &&
         a.adopters_end == b.adopters_end && a.trust_end == b.trust_end;
}

// Every number of the two results, exactly.
bool identical(const ReplicationResult& a, const ReplicationResult& b) {
  return a.replication == b.replication && same_kpis(a.kpis, b.kpis) &&
         a.allocation_thb == b.allocation_thb && a.firms == b.firms &&
         a.agencies.size() == b.agencies.size() &&
         std::equal(a.months.begin(), a.months.end(), b.months.begin(), b.months.end(), same_month) &&
         std::equal(a.clusters.begin(), a.clusters.end(), b.clusters.begin(), b.clusters.end(),
                    same_cluster) &&
         std::equal(a.agencies.begin(), a.agencies.end(), b.agencies.begin(), b.agencies.end(),
                    [](const AgencyOutcome& x, const AgencyOutcome& y) {
                      return same_kpis(x.kpis, y.kpis) && x.allocation_thb == y.allocation_thb;
                    });
}

// The default programme with 30 members per network, and `change`.
ScenarioDef variant(const std::string& change, const std::string& networks = "{generate: {members: 30}}") {
  return test::scenario_from_yaml("extends: default\nname: exp\nreplications: 5\nnetworks: " + networks +
                                  "\n" + change);
}

}  // namespace

TEST_CASE("Variants of an experiment give the results they give on their own, whatever set-up is reused",
          "[engine][determinism]") {
  // Budgets reuse the set-up; margin, members and topology change it; the budget variant
  // after them must not pick up their population or networks.
  const std::vector<ScenarioDef> variants = {
      variant(""),
      variant("programme: {budget_thb: 150000000}\n"),
      variant("sme: {margin: 0.2}\n"),
      variant("programme: {budget_thb: 250000000}\n"),
      variant("", "{generate: {members: 25}}"),
      variant("", "{generate: {members: 30, topology: {kind: random, mean_degree: 4}}}"),
      variant("programme: {budget_thb: 400000000}\n"),
      // Engagements (docs/model.md §5 step 2) leave g and c in the population: the variants after
      // one must start with no engagement, whatever length and targeting ran before them.
      variant("agencies: [{id: DIP, strategy: {mentoring: {engagement_months: 6, targeting: laggards}}}]\n"),
      variant("agencies: [{id: DIP, strategy: {mentoring: {engagement_months: 1}}}]\n"),
      variant("agencies: [{id: DIP, strategy: {mentoring: {engagement_months: 0, targeting: largest}}}]\n"),
      variant(""),
  };
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  for (const int threads : {1, 2, 4}) {
    ExperimentOptions options;
    options.threads = threads;
    std::vector<std::vector<ReplicationResult>> got(variants.size());
    const bool complete = run_experiment(
        variants, options, [&](std::size_t v, std::vector<ReplicationResult>&& r) { got[v] = std::move(r); });
    REQUIRE(complete);
    for (std::size_t v = 0; v < variants.size(); ++v) {
      const auto alone = run_forecast(variants[v], test::forecast_options(5, 1));
      REQUIRE(got[v].size() == alone.size());
      for (std::size_t r = 0; r < alone.size(); ++r) CHECK(identical(got[v][r], alone[r]));
    }
  }
}

TEST_CASE("Set-up inputs: budgets and strategies agree, population and network parameters do not",
          "[engine][determinism]") {
  using detail::build_model_params;
  using detail::same_setup_inputs;
  const auto base = build_model_params(variant(""), 3);
  CHECK(same_setup_inputs(base, build_model_params(variant("programme: {budget_thb: 150000000}\n"), 3)));
  CHECK(same_setup_inputs(base, build_model_params(variant("dynamics: {learning_rate: 0.2}\n"), 3)));
  CHECK_FALSE(same_setup_inputs(base, build_model_params(variant(""), 4)));
  CHECK_FALSE(same_setup_inputs(base, build_model_params(variant("sme: {margin: 0.2}\n"), 3)));
  CHECK_FALSE(same_setup_inputs(base, build_model_params(variant("sme: {revenue_sigma: 0.8}\n"), 3)));
  CHECK_FALSE(same_setup_inputs(base, build_model_params(variant("", "{generate: {members: 25}}"), 3)));
  CHECK_FALSE(same_setup_inputs(
      base, build_model_params(
                variant("", "{generate: {members: 30, topology: {kind: small_world, degree: 4}}}"), 3)));
}
