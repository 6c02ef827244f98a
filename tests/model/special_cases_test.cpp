// docs/model.md §10: the special cases an implementation must reproduce. Each stochastic check
// states its tolerance and where it comes from (Monte Carlo standard errors with fixed seeds).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "smesim/engine/forecast.hpp"
#include "support/test_support.hpp"

using namespace smesim;
using smesim::test::Harness;
using smesim::test::quiet_scenario_yaml;
using smesim::test::scenario_from_yaml;

namespace {

// The quiet scenario with extra YAML appended to its `dynamics` / top level by replacement.
ScenarioDef quiet_with(const std::string& yaml_tail, int members = 200,
                       const std::string& topology = "{kind: complete}") {
  std::string base = quiet_scenario_yaml(members, topology);
  return scenario_from_yaml(base + yaml_tail);
}

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double standard_error(const std::vector<double>& v) {
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
}

}  // namespace

TEST_CASE("§10.1 all rates, budgets and discounts zero: nothing changes", "[model][special]") {
  ScenarioDef def =
      scenario_from_yaml(quiet_scenario_yaml(150, "{kind: small_world, degree: 6, rewire: 0.1}"));
  Harness h(def, 0);
  const auto initial = h.state().pop.capability;
  h.run_to_end();
  const auto& r = h.result();
  CHECK(r.kpis.cost_reduction_thb == 0.0);
  CHECK(r.kpis.developed == 0);
  CHECK(r.kpis.expanded == 0);
  CHECK(r.kpis.spent_thb == 0.0);
  CHECK(r.kpis.added_revenue_thb == 0.0);
  for (const auto& m : r.months) {
    CHECK(m.active == 150);
    CHECK(m.adopters == 0);
    CHECK(m.expanded_firms == 0);
    CHECK(m.cost_reduction_thb == 0.0);
    CHECK(m.mean_trust == 0.3);
  }
  CHECK(h.state().pop.capability == initial);
}

// The exact expectation of docs/model.md §5 step 7 on a complete network of n firms with
// p_kappa = p_A = 0: every firm has the same n - 1 neighbours, so the number expanded, k, is a
// Markov chain on 0..n. Each month each of the n - k others expands independently with
// pi_k = 1 - exp(-(p + q k / (n - 1)) / 12), so k -> k + Binomial(n - k, pi_k). Returns
// E[k_t] / n for t = 1..months (the share after month t). 201 states x 36 months: milliseconds.
std::vector<double> exact_bass_chain(int n, double p, double q, int months) {
  std::vector<double> prob(static_cast<std::size_t>(n) + 1, 0.0), next(prob.size());
  prob[0] = 1;
  std::vector<double> shares;
  for (int t = 0; t < months; ++t) {
    std::fill(next.begin(), next.end(), 0.0);
    for (int k = 0; k <= n; ++k) {
      const double pk = prob[static_cast<std::size_t>(k)];
      if (pk == 0) continue;
      const int others = n - k;
      const double pi = 1 - std::exp(-(p + q * k / (n - 1.0)) / 12);
      // Binomial(others, pi) pmf by the multiplicative recurrence, in logs for safety.
      for (int j = 0; j <= others; ++j) {
        const double log_pmf = std::lgamma(others + 1.0) - std::lgamma(j + 1.0) -
                               std::lgamma(others - j + 1.0) + (j > 0 ? j * std::log(pi) : 0.0) +
                               (others - j > 0 ? (others - j) * std::log1p(-pi) : 0.0);
        next[static_cast<std::size_t>(k + j)] += pk * std::exp(log_pmf);
      }
    }
    prob.swap(next);
    double mean = 0;
    for (int k = 0; k <= n; ++k) mean += k * prob[static_cast<std::size_t>(k)];
    shares.push_back(mean / n);
  }
  return shares;
}

// [scale]: 3,000 replications for statistical power; the imitation and expansion steps run
// under the sanitizers in their formula tests (docs/testing.md "CI").
TEST_CASE("§10.2 complete network, Bass diffusion: mean expanded share follows the recurrence",
          "[model][special][scale]") {
  constexpr double p = 0.03;
  constexpr double q = 0.38;
  constexpr int kFirms = 200;
  constexpr int kMonths = 36;
  ScenarioDef def = quiet_with("", kFirms);
  def.dynamics.market.p_per_year = p;
  def.dynamics.market.q_per_year = q;
  constexpr int kReps = 3000;
  def.replications = kReps;
  const auto results = run_forecast(def, test::forecast_options(kReps, 2));
  const std::vector<double> exact = exact_bass_chain(kFirms, p, q, kMonths);
  // What a 10% error in q would give: the test must be able to tell it (below).
  const std::vector<double> q_low = exact_bass_chain(kFirms, p, 0.9 * q, kMonths);
  const std::vector<double> q_high = exact_bass_chain(kFirms, p, 1.1 * q, kMonths);
  int q_low_rejected = 0;
  int q_high_rejected = 0;
  double F = 0;  // the discrete mean-field recurrence of docs/model.md §10.2
  for (int t = 0; t < kMonths; ++t) {
    const auto month = static_cast<std::size_t>(t);
    F = F + (1 - F) * (1 - std::exp(-(p + q * F) / 12));
    std::vector<double> shares;
    for (const auto& r : results) shares.push_back(r.months[month].expanded_firms / double{kFirms});
    const double mean = mean_of(shares);
    const double se = standard_error(shares);
    INFO("month " << t + 1 << ": simulated " << mean << " +- " << se << ", exact " << exact[month]
                  << ", mean-field " << F);
    // The replications are independent draws of the chain, so their mean is within 4
    // standard errors of the exact expectation (normal approximation of the mean of 3,000:
    // two-sided false-alarm rate 6e-5 a month, 2e-3 over the 36 months). No other slack.
    CHECK(std::fabs(mean - exact[month]) <= 4 * se);
    q_low_rejected += std::fabs(mean - q_low[month]) > 4 * se ? 1 : 0;
    q_high_rejected += std::fabs(mean - q_high[month]) > 4 * se ? 1 : 0;
    // The mean-field recurrence is an approximation of the chain: on 200 firms its bias,
    // computed exactly here, stays below 0.003 (it grows with Var(k) as the curve steepens).
    CHECK(std::fabs(exact[month] - F) < 0.003);
    if (t + 1 == 12 || t + 1 == 24) {
      const double years = (t + 1) / 12.0;
      const double e = std::exp(-(p + q) * years);
      const double bass = (1 - e) / (1 + (q / p) * e);
      CHECK(bass == Approx(t + 1 == 12 ? 0.0358 : 0.0851).margin(5e-5));
      // The simulated mean against the continuous Bass curve: within the Monte Carlo error,
      // the chain's known distance from the mean-field recurrence, and the discretisation
      // (the monthly step takes the hazard at the start of the month, so the discrete curve
      // lags the continuous one by at most half a month: |dF| <= f(t) / 24, f the Bass density).
      const double density = (p + q) * (p + q) / p * e / ((1 + (q / p) * e) * (1 + (q / p) * e));
      CHECK(std::fabs(F - bass) <= density / 24);
      CHECK(std::fabs(mean - bass) <= 4 * se + std::fabs(exact[month] - F) + density / 24);
    }
  }
  // The test has power: q 10% too low or too high is rejected in at least the last third of
  // the horizon, where the curves separate (measured: 19 and 17 of the 36 months).
  INFO("months rejecting q x 0.9: " << q_low_rejected << ", q x 1.1: " << q_high_rejected);
  CHECK(q_low_rejected >= 12);
  CHECK(q_high_rejected >= 12);
}

TEST_CASE("§10.3 q = 0: expanded share is 1 - exp(-p t)", "[model][special]") {
  constexpr double p = 0.3;
  ScenarioDef def = quiet_with("", 200, "{kind: small_world, degree: 6, rewire: 0.1}");
  def.dynamics.market.p_per_year = p;
  constexpr int kReps = 100;
  const auto results = run_forecast(def, test::forecast_options(kReps, 2));
  for (int t = 0; t < 36; ++t) {
    double expanded = 0;
    for (const auto& r : results) expanded += r.months[static_cast<std::size_t>(t)].expanded_firms;
    const double n = 200.0 * kReps;
    const double expected = 1 - std::exp(-p * (t + 1) / 12);
    // Firms expand independently when q = 0: the count is binomial(n, expected);
    // tolerance 4 binomial standard errors.
    const double se = std::sqrt(expected * (1 - expected) / n);
    INFO("month " << t + 1);
    CHECK(std::fabs(expanded / n - expected) <= 4 * se);
  }
}

TEST_CASE("§10.4 mentoring every month, no spillover: kappa(t) = e - (e - k0)(1 - beta fit alpha w)^t",
          "[model][special]") {
  ScenarioDef def = quiet_with(R"(
)",
                               60);
  def.programme.budget_thb = 1e9;
  def.time.programme_months = 12;
  auto& a = def.agencies.front();
  a.strategy.split = {1.0, 0.0, 0.0};
  a.strategy.mentoring.cost_per_firm_month_thb = 1.0;
  a.strategy.mentoring.focus = {1.0, 0.5, 0.0};
  a.strategy.mentoring.expertise = {0.8, 0.6, 0.9};
  a.fit[static_cast<std::size_t>(Sector::manufacturing)] = 0.7;
  def.dynamics.learning_rate = 0.08;
  validate(def);
  Harness h(def, 0);
  const auto& pop = h.state().pop;
  const auto k0 = pop.capability;
  const auto alpha = pop.absorptive;
  for (int t = 1; t <= 12; ++t) {
    h.step();
    CHECK(h.result().months[static_cast<std::size_t>(t - 1)].mentored == 60);
    for (std::size_t i = 0; i < pop.size(); ++i) {
      for (std::size_t d = 0; d < 3; ++d) {
        const double e = a.strategy.mentoring.expertise[d].value();
        const double w = a.strategy.mentoring.focus[d].value();
        const double rate = 0.08 * 0.7 * alpha[i] * w;
        const double start = k0[d][i];
        const double expected = start >= e ? start : e - (e - start) * std::pow(1 - rate, t);
        // Float state: relative error ~ 6e-8 per update, 12 updates.
        REQUIRE(pop.capability[d][i] == Approx(expected).margin(2e-6));
      }
      REQUIRE(pop.mentored_months[i] == t);
    }
  }
}

TEST_CASE("§10.5 spillover alone: no capability exceeds the initial maximum, none decreases",
          "[model][special]") {
  ScenarioDef def = quiet_with("", 120, "{kind: small_world, degree: 4, rewire: 0.2}");
  def.dynamics.spillover_per_month = 1.0;
  def.dynamics.trust.initial = 1.0;
  Harness h(def, 3);
  const auto& kappa = h.state().pop.capability;
  std::array<float, 3> initial_max{};
  for (std::size_t d = 0; d < 3; ++d) initial_max[d] = *std::max_element(kappa[d].begin(), kappa[d].end());
  bool changed = false;
  for (int t = 0; t < 36; ++t) {
    const auto before = kappa;
    h.step();
    for (std::size_t d = 0; d < 3; ++d) {
      for (std::size_t i = 0; i < kappa[d].size(); ++i) {
        REQUIRE(kappa[d][i] >= before[d][i]);
        REQUIRE(kappa[d][i] <= initial_max[d]);
        changed = changed || kappa[d][i] != before[d][i];
      }
    }
  }
  CHECK(changed);
}

TEST_CASE("§10.6 dropout alone: expected active N exp(-h t / 12)", "[model][special]") {
  // Trust is not frozen: it decays by omega = 0.03 a month from 0.3, so the hazard
  // h_t = base (1 - protection T_t) rises month by month, and dropout must read the trust of
  // the start of its month (docs/model.md §5: steps read the state the steps before them left).
  ScenarioDef def = quiet_with("", 200);
  def.dynamics.dropout.base_per_year = 0.35;
  def.dynamics.dropout.trust_protection = 0.5;
  def.dynamics.trust.decay_per_month = 0.03;
  constexpr int kReps = 100;
  const auto results = run_forecast(def, test::forecast_options(kReps, 2));
  const double n = 200.0 * kReps;
  double trust = 0.3;    // T at the start of the month
  double surviving = 1;  // P(still active) after the month
  for (int t = 0; t < 36; ++t) {
    if (t < 12) surviving *= std::exp(-0.35 * (1 - 0.5 * trust) / 12);  // no dropout after P
    trust -= 0.03 * trust;  // step 4, after dropout (no network spend: the budget is 0)
    double active = 0;
    for (const auto& r : results) active += r.months[static_cast<std::size_t>(t)].active;
    // Each firm survives independently with the same probability: binomial; 4 standard
    // errors (two-sided 6e-5 a month).
    const double se = std::sqrt(surviving * (1 - surviving) / n);
    INFO("month " << t + 1 << ": simulated " << active / n << ", expected " << surviving);
    CHECK(std::fabs(active / n - surviving) <= 4 * se);
    CHECK(results.front().months[static_cast<std::size_t>(t)].mean_trust == Approx(trust).epsilon(1e-12));
  }
}

TEST_CASE("§10.7 joint purchasing: zero below the threshold, linear in phi, tends to d_max",
          "[model][special]") {
  auto pooled_saving = [](double trust, double phi, double half_volume_thb) {
    ScenarioDef def = quiet_with("", 80);
    def.dynamics.trust.initial = trust;
    def.dynamics.joint_purchasing.max_discount = 0.1;
    def.dynamics.joint_purchasing.poolable_share = 0.05;
    def.dynamics.joint_purchasing.half_volume_thb = half_volume_thb;
    def.sme.input_share[static_cast<std::size_t>(Sector::manufacturing)] = phi;
    Harness h(def, 0);
    h.run_to_end();
    double total_cost = 0;
    for (double c : h.state().pop.base_cost_thb) total_cost += c;
    return std::pair{h.result().months, total_cost};
  };
  SECTION("below the join threshold nothing is saved") {
    const auto [months, cost] = pooled_saving(0.49, 0.5, 20e6);
    for (const auto& m : months) {
      CHECK(m.cost_reduction_thb == 0.0);
      CHECK(m.jp_members == 0);
    }
  }
  SECTION("at the threshold, from the diagnostic month on, the saving is d psi phi C0 / 12") {
    const auto [months, cost] = pooled_saving(0.5, 0.5, 20e6);
    const double volume = 0.05 * 0.5 * cost;
    const double d = 0.1 * (1 - std::exp(-volume / 20e6));
    for (std::size_t t = 0; t < months.size(); ++t) {
      if (t < 3) {
        CHECK(months[t].cost_reduction_thb == 0.0);
      } else if (t < 12) {  // credited within the window (12 months)
        CHECK(months[t].jp_members == 80);
        CHECK(months[t].cost_reduction_thb == Approx(d * volume / 12).epsilon(1e-12));
      } else {
        CHECK(months[t].cost_reduction_thb == 0.0);  // after the window nothing is credited
        CHECK(months[t].jp_members == 80);
      }
    }
  }
  SECTION("with a very large pool the discount is d_max and the saving is linear in phi") {
    const auto [m1, cost] = pooled_saving(0.9, 0.3, 1.0);
    const auto [m2, cost2] = pooled_saving(0.9, 0.6, 1.0);
    REQUIRE(cost == cost2);
    CHECK(m1[5].cost_reduction_thb == Approx(0.1 * 0.05 * 0.3 * cost / 12).epsilon(1e-12));
    CHECK(m2[5].cost_reduction_thb == Approx(2 * m1[5].cost_reduction_thb).epsilon(1e-12));
  }
}

TEST_CASE("§10.8 budget: spend never exceeds the allocation, spent + unspent = allocation",
          "[model][special]") {
  // The default programme (smaller clusters for speed), one where costs exceed a month's
  // envelope (money must carry over), and one where slots outnumber firms.
  std::vector<std::string> variants{
      "extends: default\nname: b1\nnetworks: {generate: {members: 40}}\n",
      "extends: default\nname: b2\nnetworks: {generate: {members: 40}}\nprogramme: {budget_thb: 3000000}\n"
      "agencies: [{id: DIP, strategy: {technology: {cost_per_project_thb: 2000000}}}]\n",
      "extends: default\nname: b3\nnetworks: {generate: {members: 20}}\nprogramme: {budget_thb: "
      "3000000000}\n"};
  for (const auto& yaml : variants) {
    const ScenarioDef def = scenario_from_yaml(yaml);
    const auto results = run_forecast(def, test::forecast_options(4, 2));
    for (const auto& r : results) {
      INFO(yaml << " replication " << r.replication);
      CHECK(r.kpis.spent_thb <= r.allocation_thb);
      CHECK(r.kpis.spent_thb + r.kpis.unspent_thb == Approx(r.allocation_thb).margin(1e-6));
      double monthly = 0;
      for (const auto& m : r.months) monthly += m.spent.total_thb();
      CHECK(monthly == Approx(r.kpis.spent_thb).margin(1e-3));
      for (const auto& a : r.agencies) {
        CHECK(a.kpis.spent_thb <= a.allocation_thb);
        CHECK(a.kpis.spent_thb + a.kpis.unspent_thb == Approx(a.allocation_thb).margin(1e-6));
      }
    }
  }
}

TEST_CASE("§10.9 clusters are independent: together or apart, the same trajectories", "[model][special]") {
  const std::string agencies_both = R"(
agencies:
  - {id: A, networks: 1, sectors: [manufacturing], budget_thb: 2000000}
  - {id: B, networks: 1, sectors: [trade], budget_thb: 3000000}
networks:
  generate: {members: 90, topology: {kind: small_world, degree: 6, rewire: 0.1}}
  list:
    - {id: alpha, agency: A, sector: manufacturing, province_group: East}
    - {id: beta, agency: B, sector: trade, province_group: South Border}
)";
  const std::string only_b = R"(
agencies:
  - {id: B, networks: 1, sectors: [trade], budget_thb: 3000000}
networks:
  generate: {members: 90, topology: {kind: small_world, degree: 6, rewire: 0.1}}
  list:
    - {id: beta, agency: B, sector: trade, province_group: South Border}
)";
  const std::string common =
      "name: independent\nseed: 11\nprogramme: {budget_thb: 10000000}\n"
      "dynamics: {spillover_per_month: 0.2, dropout: {base_per_year: 0.4}}\n";
  const ScenarioDef both = scenario_from_yaml(common + agencies_both);
  const ScenarioDef alone = scenario_from_yaml(common + only_b);
  Harness together(both, 5);
  Harness apart(alone, 5);
  const std::uint32_t offset = together.state().pop.begin(1);
  const std::uint32_t n = together.state().pop.end(1) - offset;
  REQUIRE(apart.state().pop.size() == n);
  for (int t = 0; t < 36; ++t) {
    together.step();
    apart.step();
    const auto& x = together.state().pop;
    const auto& y = apart.state().pop;
    for (std::uint32_t i = 0; i < n; ++i) {
      for (std::size_t d = 0; d < 3; ++d) REQUIRE(x.capability[d][offset + i] == y.capability[d][i]);
      REQUIRE(x.active[offset + i] == y.active[i]);
      REQUIRE(x.adopted[offset + i] == y.adopted[i]);
      REQUIRE(x.expanded[offset + i] == y.expanded[i]);
      REQUIRE(x.developed[offset + i] == y.developed[i]);
    }
    REQUIRE(together.state().trust[1] == apart.state().trust[0]);
  }
  together.run_to_end();
  apart.run_to_end();
  const auto& cb = together.result().clusters[1];
  const auto& ca = apart.result().clusters[0];
  CHECK(cb.kpis.developed == ca.kpis.developed);
  CHECK(cb.kpis.expanded == ca.kpis.expanded);
  CHECK(cb.kpis.cost_reduction_thb == ca.kpis.cost_reduction_thb);
  CHECK(cb.kpis.added_revenue_thb == ca.kpis.added_revenue_thb);
  CHECK(cb.active_end == ca.active_end);
}
