// docs/model.md §4 budget invariants that can fail (the issue "Tests that catch a wrong model",
// item 3): the agencies' allocations, the overhead and what is left unallocated add up to the
// programme's budget to the satang, and each month's spend is what an envelope computed here,
// independently of src/model/budget.cpp, allows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "smesim/engine/forecast.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/test_support.hpp"

using namespace smesim;

namespace {

// THB as the outputs give it (a double of whole satang) back to satang. Exact for amounts
// below 2^53 satang (9e13 THB), far above any budget here.
std::int64_t satang(double thb) { return std::llround(thb * 100.0); }

// Hamilton's largest remainder, written here from its definition (floors, then one unit each
// to the largest remainders, ties to the lower index), in long double: for these amounts
// (< 1e12 satang, weights < 100) total * weight is exact in its 64-bit mantissa.
std::vector<std::int64_t> hamilton(std::int64_t total, const std::vector<std::int64_t>& weights) {
  const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  std::vector<std::int64_t> q(weights.size(), 0);
  std::vector<std::pair<long double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const long double exact = static_cast<long double>(total) * weights[i] / sum;
    q[i] = static_cast<std::int64_t>(std::floor(exact));
    given += q[i];
    remainders.emplace_back(exact - q[i], i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t k = 0; given < total; ++k, ++given) ++q[remainders[k].second];
  return q;
}

std::int64_t allocated(const ReplicationResult& r) {
  std::int64_t sum = 0;
  for (const AgencyOutcome& a : r.agencies) sum += satang(a.allocation_thb);
  return sum;
}

}  // namespace

TEST_CASE("The default programme allocates its 309,000,000.00 THB to the satang", "[model][budget]") {
  // The default once allocated 308,999,999.99 THB: each agency's share was rounded alone.
  ScenarioDef def = load_builtin_scenario().def;
  const ReplicationResult r = run_single_replication(def, 0);
  CHECK(satang(r.allocation_thb) == 30'900'000'000);
  CHECK(allocated(r) == 30'900'000'000);
  CHECK(r.overhead_thb == 0);
  CHECK(r.unallocated_thb == 0);
  // `auto` budgets are in proportion to networks (docs/model.md §4 [A]): 309 M THB over
  // 54 networks.
  std::vector<std::int64_t> networks;
  for (const AgencyDef& a : def.agencies) networks.push_back(a.networks);
  const auto expected = hamilton(30'900'000'000, networks);
  for (std::size_t a = 0; a < def.agencies.size(); ++a) {
    INFO(def.agencies[a].id);
    CHECK(satang(r.agencies[a].allocation_thb) == expected[a]);
  }
}

TEST_CASE("Allocations + overhead + unallocated = the programme budget, to the satang", "[model][budget]") {
  struct Case {
    const char* yaml;
    double budget_thb;  // as written in the YAML; NaN when it is a prior
  };
  const std::vector<Case> cases{
      // An odd budget and overhead: nothing divides evenly.
      {"programme: {budget_thb: 309000000.07, overhead_share: 0.137}\n", 309000000.07},
      // Explicit budgets that leave a rest to the `auto` agencies.
      {"programme: {budget_thb: 100000000.01}\n"
       "agencies: [{id: DIP, budget_thb: 12345678.91}, {id: FTI, budget_share: 0.3333}]\n",
       100000000.01},
      // Explicit budgets whose priors can overshoot what is left after overhead (45 M THB):
      // then scaled down to it.
      {"programme: {budget_thb: 50000000, overhead_share: 0.1}\n"
       "agencies: [{id: DIP, budget_thb: {uniform: [10000000, 40000000]}},\n"
       "           {id: FTI, budget_thb: {uniform: [10000000, 30000000.03]}}]\n",
       50000000},
      // A prior on the budget: every replication draws another amount.
      {"programme: {budget_thb: {uniform: [100000000, 500000000]}, overhead_share: 0.05}\n", NAN},
  };
  std::size_t overshoots = 0;  // replications of the third case whose priors overshot
  for (const Case& c : cases) {
    INFO(c.yaml);
    const ScenarioDef def = test::scenario_from_yaml(std::string("extends: default\nname: b\n") +
                                                     "networks: {generate: {members: 10}}\n" + c.yaml);
    for (std::uint32_t rep = 0; rep < 8; ++rep) {
      const ReplicationResult r = run_single_replication(def, rep);
      // Agencies 1 and 2 are DIP and FTI; scaled down, they take exactly the 45 M THB.
      if (&c == &cases[2] &&
          satang(r.agencies[1].allocation_thb) + satang(r.agencies[2].allocation_thb) == 4'500'000'000)
        ++overshoots;
      const std::int64_t total = allocated(r) + satang(r.overhead_thb) + satang(r.unallocated_thb);
      CHECK(satang(r.allocation_thb) == allocated(r));
      if (!std::isnan(c.budget_thb)) {
        CHECK(total == satang(c.budget_thb));
        CHECK(std::abs(satang(r.overhead_thb) -
                       satang(c.budget_thb * def.programme.overhead_share.value())) <= 1);
      }
      CHECK(r.unallocated_thb >= 0);
      for (const AgencyOutcome& a : r.agencies) CHECK(a.allocation_thb >= 0);
    }
  }
  CHECK(overshoots > 0);
  // Explicit budgets only, under the budget: the rest is reported unallocated, not lost.
  ScenarioDef def = test::scenario_from_yaml(test::quiet_scenario_yaml(5));
  def.programme.budget_thb = 1'000'000.05;
  def.agencies[0].budget_thb = 600'000.02;
  const ReplicationResult r = run_single_replication(def, 0);
  CHECK(satang(r.allocation_thb) == 60'000'002);
  CHECK(satang(r.unallocated_thb) == 40'000'003);
}

// docs/model.md §4 by hand, not through the code's own allocation: a share is of the budget
// after the overhead, and `auto` agencies share what the explicit budgets leave in proportion to
// their networks. B = 100 M THB, overhead 10%: 90 M THB for the agencies; A's share 0.3 of it is
// 27 M THB (30 M THB if the share were of the whole budget), B's explicit 20 M THB, and the
// 43 M THB left go to C and D as 1 : 3 networks, 10.75 and 32.25 M THB.
TEST_CASE("Agency budgets follow the formula: shares of the budget after overhead, auto by networks",
          "[model][budget]") {
  const std::string agency =
      "    sectors: [manufacturing]\n    strategy: {split: {mentoring: 1, network: 0, technology: 0}}\n";
  const ScenarioDef def = test::scenario_from_yaml(
      "name: shares\nseed: 1\nreplications: 1\ntime: {programme_months: 6, horizon_months: 6}\n"
      "programme: {budget_thb: 100000000, overhead_share: 0.1}\nagencies:\n"
      "  - id: A\n    networks: 1\n    budget_share: 0.3\n" +
      agency + "  - id: B\n    networks: 1\n    budget_thb: 20000000\n" + agency +
      "  - id: C\n    networks: 1\n    budget_thb: auto\n" + agency +
      "  - id: D\n    networks: 3\n    budget_thb: auto\n" + agency + "networks: {generate: {members: 5}}\n");
  const ReplicationResult r = run_single_replication(def, 0);
  REQUIRE(r.agencies.size() == 4);
  CHECK(satang(r.agencies[0].allocation_thb) == 2'700'000'000);
  CHECK(satang(r.agencies[1].allocation_thb) == 2'000'000'000);
  CHECK(satang(r.agencies[2].allocation_thb) == 1'075'000'000);
  CHECK(satang(r.agencies[3].allocation_thb) == 3'225'000'000);
  CHECK(satang(r.overhead_thb) == 1'000'000'000);
  CHECK(satang(r.unallocated_thb) == 0);
}

TEST_CASE("Each month's spend is what the envelope with carry-over allows", "[model][budget]") {
  // Two agencies: A leads one network, B two, 5 firms each, no dropout, no imitation (so
  // every adopter is one of A's projects). Budget 1,000,000.07 THB over P = 7 months; costs
  // that divide nothing evenly; slots that sometimes outnumber the firms (money carries over).
  ScenarioDef def = test::scenario_from_yaml(R"(name: envelopes
seed: 3
replications: 1
time: {programme_months: 7, horizon_months: 10}
programme: {budget_thb: 1000000.07}
agencies:
  - id: A
    networks: 1
    sectors: [manufacturing]
    strategy:
      split: {mentoring: 0.45, network: 0.35, technology: 0.2}
      mentoring: {cost_per_firm_month_thb: 3333.33}
      technology: {cost_per_project_thb: 9000.5}
  - id: B
    networks: 2
    sectors: [manufacturing]
    strategy:
      split: {mentoring: 0.7, network: 0.3, technology: 0}
      mentoring: {cost_per_firm_month_thb: 2999.99}
networks:
  generate: {members: 5, topology: {kind: complete}}
dynamics:
  technology: {success_probability: 0.5, p_per_year: 0, q_per_year: 0}
  dropout: {base_per_year: 0, trust_protection: 0}
)");
  const ReplicationResult r = run_single_replication(def, 0);
  static constexpr int kP = 7;
  constexpr std::int64_t kFirms = 5;
  // Programme: 100,000,007 satang over networks 1 : 2.
  const auto allocation = hamilton(100'000'007, {1, 2});
  REQUIRE(satang(r.agencies[0].allocation_thb) == allocation[0]);
  REQUIRE(satang(r.agencies[1].allocation_thb) == allocation[1]);

  struct Track {
    std::int64_t allocation;
    std::int64_t spent = 0;
    // docs/model.md §4: equal monthly envelopes over P months, what is unspent carried over.
    // Cumulative so that the envelopes add up to the allocation: months 0..t give
    // floor(allocation (t+1) / P).
    [[nodiscard]] std::int64_t envelope(int t) const { return allocation * std::min(t + 1, kP) / kP - spent; }
  };
  const std::array<double, 2> mentoring_split{0.45, 0.7};
  const std::array<double, 2> network_split{0.35, 0.3};
  const std::array<std::int64_t, 2> mentoring_cost{333'333, 299'999};
  constexpr std::int64_t kProjectCost = 900'050;
  const std::array<std::int64_t, 2> clusters{1, 2};
  int adopters_before = 0;
  for (std::size_t a = 0; a < 2; ++a) {
    // Track shares are rounded to the satang; technology takes what is left.
    const auto alloc = static_cast<double>(allocation[a]);
    Track mentoring{std::llround(alloc * mentoring_split[a])};
    Track network{std::llround(alloc * network_split[a])};
    Track technology{allocation[a] - mentoring.allocation - network.allocation};
    adopters_before = 0;
    for (int t = 0; t < 10; ++t) {
      INFO("agency " << a << " month " << t);
      const TrackSpend& got = r.agency_month_spend[static_cast<std::size_t>(t) * 2 + a];
      if (t >= kP) {
        CHECK(got.total_thb() == 0);  // no spending after P
        continue;
      }
      // Mentoring: floor(envelope / cost) slots, split over the clusters by active firms;
      // a cluster uses at most its firms; only served firm-months are paid.
      const std::int64_t slots = mentoring.envelope(t) / mentoring_cost[a];
      const auto quotas =
          hamilton(slots, std::vector<std::int64_t>(static_cast<std::size_t>(clusters[a]), kFirms));
      std::int64_t served = 0;
      for (const std::int64_t q : quotas) served += std::min(q, kFirms);
      CHECK(satang(got.mentoring_thb) == served * mentoring_cost[a]);
      mentoring.spent += served * mentoring_cost[a];
      // Network: the whole envelope, every month.
      CHECK(satang(got.network_thb) == network.envelope(t));
      network.spent += network.envelope(t);
      // Technology (A only): floor(envelope / cost) projects, at most one per active
      // non-adopter; every project is paid, successful or not.
      const std::int64_t projects = technology.envelope(t) / kProjectCost;
      const std::int64_t eligible = a == 0 ? kFirms - adopters_before : 0;
      const std::int64_t given = std::min(projects, eligible);
      CHECK(satang(got.technology_thb) == given * kProjectCost);
      technology.spent += given * kProjectCost;
      if (a == 0) adopters_before = r.months[static_cast<std::size_t>(t)].adopters;
    }
    const AgencyOutcome& o = r.agencies[a];
    CHECK(satang(o.spent.mentoring_thb) == mentoring.spent);
    CHECK(satang(o.spent.network_thb) == network.spent);
    CHECK(satang(o.spent.technology_thb) == technology.spent);
    CHECK(network.spent == network.allocation);  // the network track spends all of it
    CHECK(satang(o.kpis.unspent_thb) == allocation[a] - mentoring.spent - network.spent - technology.spent);
  }
  // The carry-over was exercised: B's slots outnumbered its 10 firms in some month.
  CHECK(r.agencies[1].kpis.unspent_thb > 0);
}
