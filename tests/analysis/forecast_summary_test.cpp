// The forecast across replications (docs/model.md §7, summarise_forecast): final KPIs, targets
// and `all` of them, monthly values, agencies and clusters, against hand-computed answers on
// hand-made replications.

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using smesim::AgencyKpi;
using smesim::ClusterKpi;
using smesim::FinalKpi;
using smesim::MonthlyKpi;
using smesim::ReplicationResult;
using smesim::Target;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;

/// A scenario with `agencies` agencies and the given targets; nothing else is read.
smesim::ScenarioDef scenario(double developed, double expanded, double cost_reduction_thb, int agencies = 2) {
  smesim::ScenarioDef def;
  def.name = "hand-made";
  def.targets.developed_smes = developed;
  def.targets.expanded_smes = expanded;
  def.targets.cost_reduction_thb = cost_reduction_thb;
  for (int a = 0; a < agencies; ++a) {
    smesim::AgencyDef agency;
    agency.id = "A";
    agency.id += std::to_string(a);  // not "A" + ...: GCC 12 -O3 warns falsely (-Wrestrict) on operator+
    def.agencies.push_back(agency);
  }
  return def;
}

/// A replication with the given final KPIs and `months` months, 2 agencies, 3 clusters (zeros).
ReplicationResult replication(std::uint32_t index, double developed, double expanded,
                              double cost_reduction_thb, double spent_thb = 1e6, std::size_t months = 2) {
  ReplicationResult r;
  r.replication = index;
  r.kpis.developed = developed;
  r.kpis.expanded = expanded;
  r.kpis.cost_reduction_thb = cost_reduction_thb;
  r.kpis.spent_thb = spent_thb;
  r.months.resize(months);
  r.agencies.resize(2);
  r.clusters.resize(3);
  return r;
}

}  // namespace

TEST_CASE("forecast summary: known answers for developed = 1..5 and P(developed >= 3)", "[analysis]") {
  // Replication i developed i + 1. Mean 3; squared deviations 4 + 1 + 0 + 1 + 4 = 10, sd =
  // sqrt(10 / 4); type-7 quantiles with h = 4 q: p5 h = 0.2 -> 1.2, p25 -> 2, p50 -> 3,
  // p75 -> 4, p95 h = 3.8 -> 4.8.
  const auto def = scenario(3, 1e9, 1e18);
  std::vector<ReplicationResult> results;
  for (std::uint32_t i = 0; i < 5; ++i) results.push_back(replication(i, i + 1.0, 0, 0));
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);

  CHECK(s.replications == 5);
  const smesim::Summary& d = s.kpis[FinalKpi::developed];
  const double sd = std::sqrt(2.5);
  CHECK(d.n == 5);
  CHECK_THAT(d.mean, WithinAbs(3.0, 1e-12));
  CHECK_THAT(d.sd, WithinRel(sd, 1e-12));
  CHECK_THAT(d.ci95.first, WithinAbs(3 - kZ95 * sd / std::sqrt(5.0), 1e-12));
  CHECK_THAT(d.ci95.second, WithinAbs(3 + kZ95 * sd / std::sqrt(5.0), 1e-12));
  CHECK_THAT(d.p5, WithinAbs(1.2, 1e-12));
  CHECK_THAT(d.p25, WithinAbs(2.0, 1e-12));
  CHECK_THAT(d.p50, WithinAbs(3.0, 1e-12));
  CHECK_THAT(d.p75, WithinAbs(4.0, 1e-12));
  CHECK_THAT(d.p95, WithinAbs(4.8, 1e-12));

  // "Not less than": 3, 4 and 5 meet the target of 3 (3 itself included) -> 3 / 5.
  const smesim::TargetAttainment& a = s.target(Target::developed_smes);
  CHECK(a.target == 3);
  CHECK(a.replications_met == 3);
  CHECK(a.probability_met == 0.6);
  // Wilson score interval of 3 / 5 by hand: centre (0.6 + z^2/10) / (1 + z^2/5) = 0.5566,
  // half-width z sqrt(0.24/5 + z^2/100) / (1 + z^2/5) = 0.3258.
  CHECK_THAT(a.ci95.first, WithinAbs(0.2307, 1e-4));
  CHECK_THAT(a.ci95.second, WithinAbs(0.8824, 1e-4));
  // Unreachable targets: met by none, and so is `all`; the Wilson interval of 0 / 5 starts at 0.
  CHECK(s.target(Target::expanded_smes).replications_met == 0);
  CHECK(s.target(Target::cost_reduction_thb).probability_met == 0);
  CHECK(s.target(Target::all).replications_met == 0);
  CHECK(s.target(Target::all).ci95.first == 0);
  CHECK_THAT(s.target(Target::all).ci95.second, WithinAbs(0.4345, 1e-4));  // 0 / 5: z^2 / (5 + z^2)
  CHECK(std::isnan(s.target(Target::all).target));
}

TEST_CASE("forecast summary: `all` needs the same replication to meet all three targets", "[analysis]") {
  // Each target is met in 3 of 5 replications, but in different ones: developed in {0, 1, 2},
  // expanded in {2, 3, 4}, cost reduction in {0, 2, 4}. Only replication 2 meets all three, so
  // P(all) = 1/5, not the smallest marginal (3/5) nor their product (0.216).
  const auto def = scenario(10, 20, 30);
  const std::vector<std::array<double, 3>> kpis{
      {10, 19, 30}, {11, 0, 29.99}, {12, 20, 31}, {9.99, 25, 0}, {0, 20, 30}};
  std::vector<ReplicationResult> results;
  for (std::uint32_t i = 0; i < kpis.size(); ++i)
    results.push_back(replication(i, kpis[i][0], kpis[i][1], kpis[i][2]));
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);
  for (const Target t : {Target::developed_smes, Target::expanded_smes, Target::cost_reduction_thb}) {
    INFO(smesim::to_string(t));
    CHECK(s.target(t).replications_met == 3);
    CHECK(s.target(t).probability_met == 0.6);
  }
  CHECK(s.target(Target::developed_smes).target == 10);
  CHECK(s.target(Target::expanded_smes).target == 20);
  CHECK(s.target(Target::cost_reduction_thb).target == 30);
  const smesim::TargetAttainment& all = s.target(Target::all);
  CHECK(all.replications_met == 1);
  CHECK(all.probability_met == 0.2);
  const auto [lo, hi] = smesim::wilson_interval(1, 5);
  CHECK(all.ci95.first == lo);
  CHECK(all.ci95.second == hi);
  CHECK_THAT(lo, WithinAbs(0.0362, 1e-4));  // Wilson 1 / 5
  CHECK_THAT(hi, WithinAbs(0.6245, 1e-4));

  // Moving replication 2's cost reduction just below its target leaves no replication that
  // meets all three, although each target is still met 2 or 3 times.
  results[2].kpis.cost_reduction_thb = 29.999;
  const smesim::ForecastSummary t = smesim::summarise_forecast(def.targets, def.agencies.size(), results);
  CHECK(t.target(Target::cost_reduction_thb).replications_met == 2);
  CHECK(t.target(Target::all).replications_met == 0);
  CHECK(t.target(Target::all).probability_met == 0);
}

TEST_CASE("forecast summary: undefined ratios (NaN) are left out, not counted as zero", "[analysis]") {
  // developed = 0 makes thb_per_developed NaN; spent = 0 makes cost_reduction_per_thb_spent NaN.
  const auto def = scenario(1, 1, 1);
  std::vector<ReplicationResult> results;
  results.push_back(replication(0, 0, 0, 50, 100));  // thb_per_developed NaN
  results.push_back(replication(1, 1, 0, 50, 100));  // 100 per developed, 0.5 per THB
  results.push_back(replication(2, 2, 0, 0, 100));   // 50, 0
  results.push_back(replication(3, 4, 0, 30, 0));    // 0 per developed; per THB NaN
  results.push_back(replication(4, 5, 0, 10, 100));  // 20, 0.1
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);

  const smesim::Summary& per_developed = s.kpis[FinalKpi::thb_per_developed];
  CHECK(per_developed.n == 4);
  CHECK_THAT(per_developed.mean, WithinAbs((100 + 50 + 0 + 20) / 4.0, 1e-12));
  CHECK_THAT(per_developed.p50, WithinAbs(35.0, 1e-12));  // {0, 20, 50, 100}: h = 1.5
  const smesim::Summary& per_thb = s.kpis[FinalKpi::cost_reduction_per_thb_spent];
  CHECK(per_thb.n == 4);
  CHECK_THAT(per_thb.mean, WithinAbs((0.5 + 0.5 + 0 + 0.1) / 4.0, 1e-12));
  CHECK_THAT(per_thb.p95, WithinAbs(0.5, 1e-12));
  CHECK(s.kpis[FinalKpi::developed].n == 5);  // the KPIs themselves are all defined

  SECTION("a KPI that is NaN in every replication has n = 0 and NaN statistics") {
    for (auto& r : results) r.kpis.developed = 0;
    const smesim::ForecastSummary z = smesim::summarise_forecast(def.targets, def.agencies.size(), results);
    const smesim::Summary& none = z.kpis[FinalKpi::thb_per_developed];
    CHECK(none.n == 0);
    CHECK(std::isnan(none.mean));
    CHECK(std::isnan(none.p50));
    CHECK(z.kpis[FinalKpi::developed].mean == 0);
  }
}

TEST_CASE("forecast summary: a Summary for every monthly value in every month", "[analysis]") {
  // 4 replications x 3 months. In replication r, month t: active = 100 - 10 t - r,
  // developed = 5 t + r (cumulative), mean_trust = 0.3 + 0.1 t + 0.01 r, and spend
  // mentoring / network / technology = 1000 r, 100 t, 7 (total 1000 r + 100 t + 7).
  const auto def = scenario(1, 1, 1);
  constexpr std::size_t kMonths = 3;
  std::vector<ReplicationResult> results;
  for (std::uint32_t r = 0; r < 4; ++r) {
    ReplicationResult rep = replication(r, 0, 0, 0, 0, kMonths);
    for (std::size_t t = 0; t < kMonths; ++t) {
      smesim::MonthRecord& m = rep.months[t];
      const double td = static_cast<double>(t);
      m.active = static_cast<int>(100 - 10 * t - r);
      m.developed = static_cast<int>(5 * t + r);
      m.mean_trust = 0.3 + 0.1 * td + 0.01 * r;
      m.spent = {1000.0 * r, 100 * td, 7};
    }
    results.push_back(rep);
  }
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);
  REQUIRE(s.months.size() == kMonths);
  // Over r = 0..3: mean of r is 1.5, sd of r is sqrt(5/3); type-7 p50 of {0,1,2,3} is 1.5,
  // p5 (h = 0.15) is 0.15, p95 (h = 2.85) is 2.85.
  const double sd_r = std::sqrt(5.0 / 3.0);
  for (std::size_t t = 0; t < kMonths; ++t) {
    INFO("month " << t);
    const double td = static_cast<double>(t);
    const auto& m = s.months[t];
    CHECK_THAT(m[MonthlyKpi::active].mean, WithinAbs(100 - 10 * td - 1.5, 1e-12));
    CHECK_THAT(m[MonthlyKpi::active].sd, WithinRel(sd_r, 1e-12));
    CHECK_THAT(m[MonthlyKpi::active].p95, WithinAbs(100 - 10 * td - 0.15, 1e-12));
    CHECK_THAT(m[MonthlyKpi::developed].mean, WithinAbs(5 * td + 1.5, 1e-12));
    CHECK_THAT(m[MonthlyKpi::developed].p5, WithinAbs(5 * td + 0.15, 1e-12));
    CHECK_THAT(m[MonthlyKpi::mean_trust].p50, WithinAbs(0.3 + 0.1 * td + 0.015, 1e-12));
    CHECK_THAT(m[MonthlyKpi::mean_trust].sd, WithinRel(0.01 * sd_r, 1e-9));
    // spent_thb is the total of the three tracks.
    CHECK_THAT(m[MonthlyKpi::spent_thb].mean, WithinAbs(1500 + 100 * td + 7, 1e-9));
    CHECK_THAT(m[MonthlyKpi::spent_thb].p95, WithinAbs(2850 + 100 * td + 7, 1e-9));
    CHECK_THAT(m[MonthlyKpi::spent_thb].sd, WithinRel(1000 * sd_r, 1e-12));
    // Values left at zero summarise to zero, with every replication counted.
    CHECK(m[MonthlyKpi::adopters].n == 4);
    CHECK(m[MonthlyKpi::adopters].mean == 0);
    CHECK(m[MonthlyKpi::adopters].sd == 0);
  }
}

TEST_CASE("forecast summary: agencies and clusters across replications", "[analysis]") {
  // 3 replications. Agency 0 develops r + 1 firms for 300 THB and has 1000 allocated;
  // agency 1 develops nothing (THB per developed undefined) with 500 allocated. Cluster c
  // has 20 + c + r members, trust 0.2 c + 0.1 r and active_end 10 (c + 1).
  const auto def = scenario(1, 1, 1);
  std::vector<ReplicationResult> results;
  for (std::uint32_t r = 0; r < 3; ++r) {
    ReplicationResult rep = replication(r, 0, 0, 0);
    rep.agencies[0].kpis.developed = r + 1.0;
    rep.agencies[0].kpis.spent_thb = 300;
    rep.agencies[0].kpis.unspent_thb = 700;
    rep.agencies[0].allocation_thb = 1000;
    rep.agencies[1].kpis.spent_thb = 100;
    rep.agencies[1].kpis.unspent_thb = 400;
    rep.agencies[1].allocation_thb = 500;
    for (std::size_t c = 0; c < rep.clusters.size(); ++c) {
      smesim::ClusterOutcome& o = rep.clusters[c];
      o.members = static_cast<int>(20 + c + r);
      o.trust_end = 0.2 * static_cast<double>(c) + 0.1 * r;
      o.active_end = static_cast<int>(10 * (c + 1));
      o.kpis.expanded = static_cast<double>(c * r);
    }
    results.push_back(rep);
  }
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);

  REQUIRE(s.agencies.size() == 2);
  const auto& a0 = s.agencies[0];
  CHECK_THAT(a0[AgencyKpi::developed].mean, WithinAbs(2.0, 1e-12));
  CHECK_THAT(a0[AgencyKpi::developed].sd, WithinAbs(1.0, 1e-12));
  CHECK(a0[AgencyKpi::allocation_thb].mean == 1000);
  CHECK(a0[AgencyKpi::allocation_thb].sd == 0);
  CHECK(a0[AgencyKpi::spent_thb].p50 == 300);
  CHECK(a0[AgencyKpi::unspent_thb].p50 == 700);
  CHECK_THAT(a0[AgencyKpi::thb_per_developed].mean, WithinAbs((300 + 150 + 100) / 3.0, 1e-12));
  const auto& a1 = s.agencies[1];
  CHECK(a1[AgencyKpi::allocation_thb].p95 == 500);
  CHECK(a1[AgencyKpi::developed].mean == 0);
  CHECK(a1[AgencyKpi::thb_per_developed].n == 0);  // never defined for agency 1
  CHECK(std::isnan(a1[AgencyKpi::thb_per_developed].mean));

  REQUIRE(s.clusters.size() == 3);
  for (std::size_t c = 0; c < 3; ++c) {
    INFO("cluster " << c);
    const double cd = static_cast<double>(c);
    const smesim::ClusterSummary& cs = s.clusters[c];
    CHECK_THAT(cs.members.mean, WithinAbs(21 + cd, 1e-12));  // r = 0, 1, 2
    CHECK_THAT(cs.kpis[ClusterKpi::trust_end].mean, WithinAbs(0.2 * cd + 0.1, 1e-12));
    CHECK_THAT(cs.kpis[ClusterKpi::trust_end].p5, WithinAbs(0.2 * cd + 0.01, 1e-12));  // h = 0.1
    CHECK(cs.kpis[ClusterKpi::active_end].p50 == 10 * (cd + 1));
    CHECK_THAT(cs.kpis[ClusterKpi::expanded].mean, WithinAbs(cd, 1e-12));  // c * mean of r
    CHECK_THAT(cs.kpis[ClusterKpi::expanded].p95, WithinAbs(cd * 1.9, 1e-12));
    CHECK(cs.kpis[ClusterKpi::developed].mean == 0);
  }
}

TEST_CASE("forecast summary: every KPI summarises its own field, exactly as summarise() does", "[analysis]") {
  // 200 replications whose fields all differ (distinct offsets and spreads), so a KPI that
  // read the wrong field, or a Summary not computed by summarise() on the column in
  // replication order, would show. The values come from a Philox stream like every other
  // random number of the project.
  smesim::PhiloxStream stream(smesim::make_key(20150320, 0), smesim::Purpose::priors, 1, 0);
  const auto u = [&stream] { return stream.uniform(); };
  const auto def = scenario(4000, 400, 6e7, 2);
  constexpr std::size_t kReps = 200;
  constexpr std::size_t kMonths = 4;
  std::vector<ReplicationResult> results;
  for (std::uint32_t i = 0; i < kReps; ++i) {
    // One draw per statement: the order of evaluation of function arguments is unspecified.
    const double developed = std::floor(8000 * u());
    const double expanded = std::floor(800 * u());
    const double cost_reduction_thb = 1e8 * u();
    const double spent_thb = 1e8 + 1e8 * u();
    ReplicationResult r = replication(i, developed, expanded, cost_reduction_thb, spent_thb, kMonths);
    r.kpis.added_revenue_thb = 3e8 * u();
    r.kpis.unspent_thb = 5e7 * u();
    if (i % 17 == 0) r.kpis.developed = 0;  // some undefined THB per developed
    r.allocation_thb = 2.5e8 + 1e6 * u();
    r.overhead_thb = 1e7 * u();
    r.unallocated_thb = 1e5 * u();
    for (auto& m : r.months) {
      m.active = static_cast<int>(1000 * u());
      m.mentored = static_cast<int>(900 * u());
      m.developed = static_cast<int>(800 * u());
      m.expanded = static_cast<int>(70 * u());
      m.expanded_firms = static_cast<int>(600 * u());
      m.adopters = static_cast<int>(500 * u());
      m.jp_members = static_cast<int>(400 * u());
      m.mean_trust = u();
      m.cost_reduction_thb = 2e6 * u();
      m.cost_reduction_cum_thb = 3e7 * u();
      m.added_revenue_thb = 4e6 * u();
      m.spent = {5e6 * u(), 6e5 * u(), 7e4 * u()};
    }
    for (auto& a : r.agencies) {
      a.kpis = {1000 * u(), 100 * u(), 1e7 * u(), 2e7 * u(), 3e7 * u(), 4e6 * u()};
      a.allocation_thb = 5e7 * u();
    }
    for (auto& c : r.clusters) {
      c.kpis = {200 * u(), 20 * u(), 1e6 * u(), 2e6 * u(), 0, 0};
      c.members = static_cast<int>(100 + 200 * u());
      c.active_end = static_cast<int>(150 * u());
      c.adopters_end = static_cast<int>(50 * u());
      c.trust_end = u();
    }
    results.push_back(r);
  }
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), results);

  const auto same = [](const smesim::Summary& got, const std::vector<double>& column) {
    const smesim::Summary want = smesim::summarise(column);
    CHECK(got.n == want.n);
    CHECK(got.mean == want.mean);
    CHECK(got.sd == want.sd);
    CHECK(got.ci95 == want.ci95);
    CHECK(got.p5 == want.p5);
    CHECK(got.p25 == want.p25);
    CHECK(got.p50 == want.p50);
    CHECK(got.p75 == want.p75);
    CHECK(got.p95 == want.p95);
  };
  const auto column = [&](auto field) {
    std::vector<double> x;
    for (const auto& r : results) x.push_back(field(r));
    return x;
  };
  same(s.kpis[FinalKpi::developed], column([](const auto& r) { return r.kpis.developed; }));
  same(s.kpis[FinalKpi::expanded], column([](const auto& r) { return r.kpis.expanded; }));
  same(s.kpis[FinalKpi::cost_reduction_thb], column([](const auto& r) { return r.kpis.cost_reduction_thb; }));
  same(s.kpis[FinalKpi::added_revenue_thb], column([](const auto& r) { return r.kpis.added_revenue_thb; }));
  same(s.kpis[FinalKpi::spent_thb], column([](const auto& r) { return r.kpis.spent_thb; }));
  same(s.kpis[FinalKpi::unspent_thb], column([](const auto& r) { return r.kpis.unspent_thb; }));
  same(s.kpis[FinalKpi::thb_per_developed], column([](const auto& r) {
         return r.kpis.developed > 0 ? r.kpis.spent_thb / r.kpis.developed : kNaN;
       }));
  same(s.kpis[FinalKpi::cost_reduction_per_thb_spent],
       column([](const auto& r) { return r.kpis.cost_reduction_thb / r.kpis.spent_thb; }));
  CHECK(s.kpis[FinalKpi::thb_per_developed].n == kReps - 12);  // i = 0, 17, ..., 187

  for (std::size_t t = 0; t < kMonths; ++t) {
    INFO("month " << t);
    const auto& m = s.months[t];
    same(m[MonthlyKpi::active], column([t](const auto& r) { return double(r.months[t].active); }));
    same(m[MonthlyKpi::mentored], column([t](const auto& r) { return double(r.months[t].mentored); }));
    same(m[MonthlyKpi::developed], column([t](const auto& r) { return double(r.months[t].developed); }));
    same(m[MonthlyKpi::expanded], column([t](const auto& r) { return double(r.months[t].expanded); }));
    same(m[MonthlyKpi::expanded_firms],
         column([t](const auto& r) { return double(r.months[t].expanded_firms); }));
    same(m[MonthlyKpi::adopters], column([t](const auto& r) { return double(r.months[t].adopters); }));
    same(m[MonthlyKpi::jp_members], column([t](const auto& r) { return double(r.months[t].jp_members); }));
    same(m[MonthlyKpi::mean_trust], column([t](const auto& r) { return r.months[t].mean_trust; }));
    same(m[MonthlyKpi::cost_reduction_thb],
         column([t](const auto& r) { return r.months[t].cost_reduction_thb; }));
    same(m[MonthlyKpi::cost_reduction_cum_thb],
         column([t](const auto& r) { return r.months[t].cost_reduction_cum_thb; }));
    same(m[MonthlyKpi::added_revenue_thb],
         column([t](const auto& r) { return r.months[t].added_revenue_thb; }));
    same(m[MonthlyKpi::spent_thb], column([t](const auto& r) {
           const auto& sp = r.months[t].spent;
           return sp.mentoring_thb + sp.network_thb + sp.technology_thb;
         }));
  }
  for (std::size_t a = 0; a < 2; ++a) {
    INFO("agency " << a);
    const auto& g = s.agencies[a];
    same(g[AgencyKpi::developed], column([a](const auto& r) { return r.agencies[a].kpis.developed; }));
    same(g[AgencyKpi::expanded], column([a](const auto& r) { return r.agencies[a].kpis.expanded; }));
    same(g[AgencyKpi::cost_reduction_thb],
         column([a](const auto& r) { return r.agencies[a].kpis.cost_reduction_thb; }));
    same(g[AgencyKpi::added_revenue_thb],
         column([a](const auto& r) { return r.agencies[a].kpis.added_revenue_thb; }));
    same(g[AgencyKpi::spent_thb], column([a](const auto& r) { return r.agencies[a].kpis.spent_thb; }));
    same(g[AgencyKpi::unspent_thb], column([a](const auto& r) { return r.agencies[a].kpis.unspent_thb; }));
    same(g[AgencyKpi::thb_per_developed],
         column([a](const auto& r) { return r.agencies[a].kpis.spent_thb / r.agencies[a].kpis.developed; }));
    same(g[AgencyKpi::cost_reduction_per_thb_spent], column([a](const auto& r) {
           return r.agencies[a].kpis.cost_reduction_thb / r.agencies[a].kpis.spent_thb;
         }));
    same(g[AgencyKpi::allocation_thb], column([a](const auto& r) { return r.agencies[a].allocation_thb; }));
  }
  for (std::size_t c = 0; c < 3; ++c) {
    INFO("cluster " << c);
    const auto& cs = s.clusters[c];
    same(cs.members, column([c](const auto& r) { return double(r.clusters[c].members); }));
    same(cs.kpis[ClusterKpi::developed], column([c](const auto& r) { return r.clusters[c].kpis.developed; }));
    same(cs.kpis[ClusterKpi::expanded], column([c](const auto& r) { return r.clusters[c].kpis.expanded; }));
    same(cs.kpis[ClusterKpi::cost_reduction_thb],
         column([c](const auto& r) { return r.clusters[c].kpis.cost_reduction_thb; }));
    same(cs.kpis[ClusterKpi::added_revenue_thb],
         column([c](const auto& r) { return r.clusters[c].kpis.added_revenue_thb; }));
    same(cs.kpis[ClusterKpi::active_end],
         column([c](const auto& r) { return double(r.clusters[c].active_end); }));
    same(cs.kpis[ClusterKpi::adopters_end],
         column([c](const auto& r) { return double(r.clusters[c].adopters_end); }));
    same(cs.kpis[ClusterKpi::trust_end], column([c](const auto& r) { return r.clusters[c].trust_end; }));
  }
  same(s.budget.budget_thb,
       column([](const auto& r) { return r.allocation_thb + r.overhead_thb + r.unallocated_thb; }));
  same(s.budget.allocation_thb, column([](const auto& r) { return r.allocation_thb; }));
  same(s.budget.overhead_thb, column([](const auto& r) { return r.overhead_thb; }));
  same(s.budget.unallocated_thb, column([](const auto& r) { return r.unallocated_thb; }));
  same(s.budget.not_spent_thb, column([](const auto& r) { return r.kpis.unspent_thb + r.unallocated_thb; }));

  // Targets, counted by hand.
  std::size_t developed = 0, expanded = 0, cost = 0, all = 0;
  for (const auto& r : results) {
    const bool d = r.kpis.developed >= 4000, e = r.kpis.expanded >= 400, c = r.kpis.cost_reduction_thb >= 6e7;
    developed += d;
    expanded += e;
    cost += c;
    all += d && e && c;
  }
  INFO("met: " << developed << ", " << expanded << ", " << cost << ", all " << all);
  REQUIRE(all > 0);  // the draws make every count informative
  REQUIRE(all < developed);
  CHECK(s.target(Target::developed_smes).replications_met == developed);
  CHECK(s.target(Target::expanded_smes).replications_met == expanded);
  CHECK(s.target(Target::cost_reduction_thb).replications_met == cost);
  CHECK(s.target(Target::all).replications_met == all);
  CHECK(s.target(Target::all).probability_met == static_cast<double>(all) / kReps);
}

TEST_CASE("forecast summary: no replications gives n = 0, NaN statistics and NaN probabilities",
          "[analysis]") {
  const auto def = scenario(1, 1, 1, 3);
  const smesim::ForecastSummary s = smesim::summarise_forecast(def.targets, def.agencies.size(), {});
  CHECK(s.replications == 0);
  CHECK(s.months.empty());
  CHECK(s.clusters.empty());
  REQUIRE(s.agencies.size() == 3);  // one per agency of the scenario, each empty
  CHECK(s.agencies[2][AgencyKpi::developed].n == 0);
  CHECK(std::isnan(s.agencies[2][AgencyKpi::developed].mean));
  for (const FinalKpi k : smesim::kFinalKpis) {
    INFO(smesim::to_string(k));
    CHECK(s.kpis[k].n == 0);
    CHECK(std::isnan(s.kpis[k].mean));
    CHECK(std::isnan(s.kpis[k].p50));
  }
  for (const Target t : smesim::kTargets) {
    INFO(smesim::to_string(t));
    CHECK(s.target(t).replications_met == 0);
    CHECK(std::isnan(s.target(t).probability_met));
    CHECK(s.target(t).ci95.first == 0);  // no trials: no information, the whole unit interval
    CHECK(s.target(t).ci95.second == 1);
  }
}

TEST_CASE("forecast summary: output names are unique and in the documented order", "[analysis]") {
  // The names are the column and key names of kpis.csv, summary.json, timeseries_summary.csv,
  // agencies.csv and clusters.csv (docs/outputs.md).
  const auto names = [](const auto& kpis) {
    std::vector<std::string> out;
    for (const auto k : kpis) out.emplace_back(smesim::to_string(k));
    return out;
  };
  CHECK(names(smesim::kFinalKpis) == std::vector<std::string>{"developed", "expanded", "cost_reduction_thb",
                                                              "added_revenue_thb", "spent_thb", "unspent_thb",
                                                              "thb_per_developed",
                                                              "cost_reduction_per_thb_spent"});
  CHECK(names(smesim::kMonthlyKpis) ==
        std::vector<std::string>{"active", "mentored", "developed", "expanded", "expanded_firms", "adopters",
                                 "jp_members", "mean_trust", "cost_reduction_thb", "cost_reduction_cum_thb",
                                 "added_revenue_thb", "spent_thb"});
  CHECK(names(smesim::kAgencyKpis) ==
        std::vector<std::string>{"developed", "expanded", "cost_reduction_thb", "added_revenue_thb",
                                 "spent_thb", "unspent_thb", "thb_per_developed",
                                 "cost_reduction_per_thb_spent", "allocation_thb"});
  CHECK(names(smesim::kClusterKpis) == std::vector<std::string>{"developed", "expanded", "cost_reduction_thb",
                                                                "added_revenue_thb", "active_end",
                                                                "adopters_end", "trust_end"});
  CHECK(names(smesim::kTargets) ==
        std::vector<std::string>{"developed_smes", "expanded_smes", "cost_reduction_thb", "all"});
  // Each enumeration's array lists every enumerator once, in declaration order (the arrays
  // index the summaries).
  for (std::size_t i = 0; i < smesim::kFinalKpis.size(); ++i)
    CHECK(static_cast<std::size_t>(smesim::kFinalKpis[i]) == i);
  for (std::size_t i = 0; i < smesim::kMonthlyKpis.size(); ++i)
    CHECK(static_cast<std::size_t>(smesim::kMonthlyKpis[i]) == i);
  for (std::size_t i = 0; i < smesim::kAgencyKpis.size(); ++i)
    CHECK(static_cast<std::size_t>(smesim::kAgencyKpis[i]) == i);
  for (std::size_t i = 0; i < smesim::kClusterKpis.size(); ++i)
    CHECK(static_cast<std::size_t>(smesim::kClusterKpis[i]) == i);
  for (std::size_t i = 0; i < smesim::kTargets.size(); ++i)
    CHECK(static_cast<std::size_t>(smesim::kTargets[i]) == i);
}
