// Comparisons by agency (agency_comparison.hpp): known answers on hand-made values.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "smesim/analysis/agency_comparison.hpp"

using namespace smesim;

namespace {

// An agency's samples; `developed` per replication, every other KPI `other`.
AgencySamples agency(const std::string& id, std::vector<double> enrolled, std::vector<double> developed,
                     double other = 1) {
  AgencySamples a;
  a.id = id;
  a.enrolled_smes = std::move(enrolled);
  for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
    a.kpis[k] = kAgencyComparedKpis[k] == FinalKpi::developed ? developed
                                                              : std::vector<double>(developed.size(), other);
  return a;
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;

std::map<Key, double> by_key(const std::vector<AgencyComparisonRow>& rows) {
  std::map<Key, double> out;
  for (const auto& r : rows) {
    const bool inserted = out.emplace(Key{r.variant, r.agency, r.kpi, r.statistic}, r.value).second;
    REQUIRE(inserted);  // one row per (variant, agency, kpi, statistic)
  }
  return out;
}

}  // namespace

TEST_CASE("compare_by_agency: statistics, paired differences and each agency's share of the targets",
          "[analysis][compare]") {
  // Two agencies, four replications. A enrols 30 of 100 SMEs in replications 0-1 and 40 in
  // 2-3; B the rest. Targets: 50 developed, 10 expanded, 1000 THB; KPIs other than developed
  // are 4 (expanded: A's share 3 or 4, B's 7 or 6; cost 4 THB, never met).
  TargetsDef targets;
  targets.developed_smes = 50;
  targets.expanded_smes = 10;
  targets.cost_reduction_thb = 1000;
  const std::vector<double> enrolled_a{30, 30, 40, 40}, enrolled_b{70, 70, 60, 60},
      enrolled{100, 100, 100, 100};
  VariantAgencySamples base{
      "base",
      {agency("A", enrolled_a, {10, 16, 20, 19}, 4), agency("B", enrolled_b, {40, 30, 31, 29}, 4)},
      agency("all", enrolled, {50, 46, 51, 48}, 4)};
  VariantAgencySamples more{
      "more",
      {agency("A", enrolled_a, {15, 17, 20, 25}, 4), agency("B", enrolled_b, {40, 30, 31, 29}, 4)},
      agency("all", enrolled, {55, 47, 51, 54}, 4)};
  const auto rows = compare_by_agency({base, more}, 0, targets);
  const auto v = by_key(rows);
  // 2 variants x 3 agencies x (6 KPIs x 8 statistics + 3 targets x 4 + all_targets x 3).
  CHECK(rows.size() == 2 * 3 * (6 * 8 + 3 * 4 + 3));
  CHECK(rows.front().variant == "base");
  CHECK(rows.front().agency == "all");

  // A's developed in `more`: mean 19.25, median 18.5; paired differences 5, 1, 0, 6.
  CHECK(v.at({"more", "A", "developed", "mean"}) == Approx(19.25));
  CHECK(v.at({"more", "A", "developed", "p50"}) == Approx(18.5));
  CHECK(v.at({"more", "A", "developed", "diff_mean"}) == Approx(3.0));
  // sd of (5, 1, 0, 6) = sqrt(26 / 3); CI = 3 -/+ 1.96 sd / 2.
  const double half = 1.959963984540054 * std::sqrt(26.0 / 3) / 2;
  CHECK(v.at({"more", "A", "developed", "diff_ci95_lo"}) == Approx(3 - half));
  CHECK(v.at({"more", "A", "developed", "diff_ci95_hi"}) == Approx(3 + half));
  CHECK(v.at({"more", "A", "developed", "p_better"}) == Approx(0.875));  // 3 better, 1 tie
  CHECK(v.at({"more", "B", "developed", "diff_mean"}) == 0);
  CHECK(v.at({"base", "A", "developed", "diff_mean"}) == 0);        // the baseline against itself
  CHECK(std::isnan(v.at({"base", "A", "spent_thb", "p_better"})));  // spend has no direction

  // A's share of 50 developed: 15, 15, 20, 20 (mean 17.5). Base (10, 16, 20, 19) meets it in
  // replications 1 and 2 (20 >= 20: not less than): 2 of 4; `more` (15, 17, 20, 25) in all four.
  CHECK(v.at({"base", "A", "developed_smes", "target"}) == Approx(17.5));
  CHECK(v.at({"base", "A", "developed_smes", "probability_met"}) == 0.5);
  CHECK(v.at({"more", "A", "developed_smes", "probability_met"}) == 1.0);
  // Wilson interval of 2 of 4.
  const auto ci = wilson_interval(2, 4);
  CHECK(v.at({"base", "A", "developed_smes", "probability_met_ci95_lo"}) == ci.first);
  CHECK(v.at({"base", "A", "developed_smes", "probability_met_ci95_hi"}) == ci.second);
  // Expanded 4 against A's share of 10 (3 or 4): always met; B's (7 or 6): never.
  CHECK(v.at({"base", "A", "expanded_smes", "probability_met"}) == 1.0);
  CHECK(v.at({"base", "B", "expanded_smes", "probability_met"}) == 0.0);
  // All targets: cost (4 THB against 300-700 THB) is never met.
  CHECK(v.at({"more", "A", "all_targets", "probability_met"}) == 0.0);
  // The programme's rows use the programme's targets: 50, 46, 51, 48 against 50 -> 2 of 4.
  CHECK(v.at({"base", "all", "developed_smes", "target"}) == 50);
  CHECK(v.at({"base", "all", "developed_smes", "probability_met"}) == 0.5);
}

TEST_CASE("summarise_by_agency: one variant's rows, the same as compare_by_agency's without the differences",
          "[analysis][compare]") {
  TargetsDef targets;
  targets.developed_smes = 50;
  targets.expanded_smes = 10;
  targets.cost_reduction_thb = 1000;
  const VariantAgencySamples base{"base",
                                  {agency("A", {30, 30, 40, 40}, {10, 16, 20, 19}, 4),
                                   agency("B", {70, 70, 60, 60}, {40, 30, 31, 29}, 4)},
                                  agency("all", {100, 100, 100, 100}, {50, 46, 51, 48}, 4)};
  const auto rows = summarise_by_agency(base, targets);
  // 3 agencies x (6 KPIs x 4 statistics + 3 targets x 4 + all_targets x 3).
  CHECK(rows.size() == 3 * (6 * 4 + 3 * 4 + 3));
  CHECK(rows.front().agency == "all");
  const auto alone = by_key(rows);
  const auto compared = by_key(compare_by_agency({base}, 0, targets));
  for (const auto& [key, value] : alone) {
    INFO(std::get<1>(key) << " " << std::get<2>(key) << " " << std::get<3>(key));
    REQUIRE(compared.count(key) == 1);
    CHECK(compared.at(key) == value);  // bit for bit: the same arithmetic
  }
  // A's median developed 17.5; all meets 50 developed in 2 of 4 replications.
  CHECK(alone.at({"base", "A", "developed", "p50"}) == Approx(17.5));
  CHECK(alone.at({"base", "all", "developed_smes", "probability_met"}) == Approx(0.5));
}
