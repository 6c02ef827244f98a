// docs/model.md §3 and §6: the initial state of every firm, checked firm by firm against the
// formulas of docs/model.md evaluated here: absorptive capacity, baseline cost, m(0), the
// distribution of initial capabilities, and the 2019 size rule (table of §6, written out here).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/replication_state.hpp"
#include "model/size_class.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/test_support.hpp"

using namespace smesim;
using smesim::test::Harness;

namespace {

// Three networks (manufacturing, services, agriculture) of `members` firms each, one agency.
ScenarioDef three_networks(int members) {
  std::string yaml = test::quiet_scenario_yaml(members);
  const std::string agency = "    networks: 1\n";
  yaml.replace(yaml.find(agency), agency.size(), "    networks: 3\n");
  const std::string networks = "networks:\n";
  yaml.replace(yaml.find(networks), networks.size(),
               fmt::format("networks:\n  list:\n"
                           "    - {{id: n-mfg, agency: A, sector: manufacturing, members: {0}}}\n"
                           "    - {{id: n-svc, agency: A, sector: services, members: {0}}}\n"
                           "    - {{id: n-agr, agency: A, sector: agriculture, members: {0}}}\n",
                           members));
  return test::scenario_from_yaml(yaml);
}

// The 2019 rule of docs/model.md §6: upper bounds of micro, small and medium per column.
struct Column {
  std::array<int, 3> employees;
  std::array<double, 3> revenue_thb;
};
constexpr Column kManufacturingColumn{{5, 50, 200}, {1.8e6, 100e6, 500e6}};
constexpr Column kTradeServicesColumn{{5, 30, 100}, {1.8e6, 50e6, 300e6}};

// 0 micro, 1 small, 2 medium, 3 above medium (not an SME).
template <class T>
int class_rank(T value, const std::array<T, 3>& upper) {
  int rank = 0;
  while (rank < 3 && value > upper[static_cast<std::size_t>(rank)]) ++rank;
  return rank;
}

SizeClass rule_2019(Sector sector, int employees, double revenue_thb) {
  // Agriculture and agro-processing use the manufacturing column [A].
  const Column& col = sector == Sector::manufacturing || sector == Sector::agriculture ? kManufacturingColumn
                                                                                       : kTradeServicesColumn;
  // The higher of the employee class and the revenue class.
  return static_cast<SizeClass>(
      std::max(class_rank(employees, col.employees), class_rank(revenue_thb, col.revenue_thb)));
}

}  // namespace

TEST_CASE("formula §3 absorptive capacity: alpha_i = min(1, alpha0 (0.5 + mean kappa_i(0))) for every firm",
          "[model][formula]") {
  for (const double alpha0 : {0.8, 1.2}) {
    ScenarioDef def = three_networks(400);
    def.sme.absorptive_capacity = alpha0;
    validate(def);
    Harness h(def, 2);
    const auto& pop = h.state().pop;
    int capped = 0;
    for (std::size_t i = 0; i < pop.size(); ++i) {
      const double mean =
          (static_cast<double>(pop.capability[0][i]) + pop.capability[1][i] + pop.capability[2][i]) / 3;
      const double expected = std::min(1.0, alpha0 * (0.5 + mean));
      capped += expected == 1.0 ? 1 : 0;
      INFO("alpha0 " << alpha0 << ", firm " << i);
      // Capabilities and alpha are single precision: the stored capabilities differ from the
      // drawn ones by a relative 2^-24 (6e-8, so the mean by at most 6e-8) and alpha by at most
      // half an ulp (3e-8 below 1): alpha0 6e-8 + 3e-8 <= 1.1e-7 for alpha0 <= 1.2.
      REQUIRE(std::fabs(pop.absorptive[i] - expected) <= 1.5e-7);
    }
    // alpha0 = 1.2 caps firms with mean capability above 1/3, about a third under Beta(2, 5).
    if (alpha0 > 1) {
      CHECK(capped > 0);
      CHECK(capped < static_cast<int>(pop.size()));
    } else {
      CHECK(capped == 0);
    }
  }
}

TEST_CASE("formula §3 initial state: C0 = R (1 - margin), m(0) = mean of P and M, kappa(0) ~ Beta(a, b)",
          "[model][formula]") {
  ScenarioDef def = three_networks(1000);
  constexpr double kMargin = 0.25;
  const std::array<double, 3> a{2, 3, 6};
  const std::array<double, 3> b{5, 3, 2};
  def.sme.margin = kMargin;
  for (std::size_t d = 0; d < 3; ++d) {
    def.sme.initial_capability_a[d] = a[d];
    def.sme.initial_capability_b[d] = b[d];
  }
  validate(def);
  Harness h(def, 1);
  const auto& pop = h.state().pop;
  std::array<double, 3> sum{};
  for (std::size_t i = 0; i < pop.size(); ++i) {
    INFO("firm " << i);
    REQUIRE(pop.base_cost_thb[i] == static_cast<double>(pop.base_revenue_thb[i]) * (1 - kMargin));
    const double m0 = (static_cast<double>(pop.capability[0][i]) + pop.capability[1][i]) / 2;
    // Exactly as step 9 computes m(t), so an unchanged firm saves exactly 0
    // (docs/model.md §5 step 9).
    REQUIRE(pop.initial_process_management[i] == m0);
    for (std::size_t d = 0; d < 3; ++d) {
      REQUIRE(pop.capability[d][i] >= 0.0f);
      REQUIRE(pop.capability[d][i] <= 1.0f);
      sum[d] += pop.capability[d][i];
    }
    REQUIRE(pop.active[i] == 1);
    REQUIRE(pop.mentored_months[i] == 0);
    REQUIRE(pop.adopted[i] == 0);
    REQUIRE(pop.expanded[i] == 0);
    REQUIRE(pop.developed[i] == 0);
  }
  // The mean of n independent Beta(a, b) draws has sd sqrt(ab / ((a + b)^2 (a + b + 1)) / n);
  // 4 sd leaves a false alarm for 6e-5 of seeds per dimension.
  const auto n = static_cast<double>(pop.size());
  for (std::size_t d = 0; d < 3; ++d) {
    const double mean = a[d] / (a[d] + b[d]);
    const double variance = a[d] * b[d] / ((a[d] + b[d]) * (a[d] + b[d]) * (a[d] + b[d] + 1));
    INFO("dimension " << d);
    CHECK(std::fabs(sum[d] / n - mean) <= 4 * std::sqrt(variance / n));
  }
}

TEST_CASE(
    "formula §6 size rule: the higher of the employee and revenue classes, at every bound of the 2019 table",
    "[model][formula]") {
  const std::vector<int> employees{1, 4, 5, 6, 29, 30, 31, 49, 50, 51, 99, 100, 101, 199, 200, 201, 5000};
  std::vector<double> revenue{0, 1e6, 1e9};
  for (const double bound : {1.8e6, 50e6, 100e6, 300e6, 500e6}) {
    for (const double r :
         {bound - 1, bound, std::nextafter(bound, std::numeric_limits<double>::infinity()), bound + 1})
      revenue.push_back(r);
  }
  for (const Sector sector : {Sector::manufacturing, Sector::trade, Sector::services, Sector::agriculture}) {
    for (const int l : employees) {
      for (const double r : revenue) {
        INFO(to_string(sector) << ", " << l << " employees, " << fmt::format("{:.17g}", r) << " THB");
        REQUIRE(detail::size_class_2019(sector, l, r) == rule_2019(sector, l, r));
      }
    }
  }
  // docs/model.md §10 case 10.
  CHECK(rule_2019(Sector::manufacturing, 40, 150e6) == SizeClass::medium);
  CHECK(detail::size_class_2019(Sector::manufacturing, 40, 150e6) == SizeClass::medium);

  // The class a population reports is the rule applied to its firms' employees and revenue.
  ScenarioDef def = three_networks(600);
  def.sme.size_mix = {1.0 / 3, 1.0 / 3, 1.0 / 3};
  validate(def);
  Harness h(def, 0);
  const auto& s = h.state();
  std::array<int, 4> seen{};
  for (int c = 0; c < 3; ++c) {
    const Sector sector = s.params.clusters[static_cast<std::size_t>(c)].sector;
    for (std::uint32_t i = s.pop.begin(c); i < s.pop.end(c); ++i) {
      const SizeClass expected = rule_2019(sector, s.pop.employees[i], s.pop.base_revenue_thb[i]);
      INFO("firm " << i);
      REQUIRE(s.pop.size_class[i] == expected);
      ++seen[static_cast<std::size_t>(expected)];
    }
  }
  // Every class drawn is an SME class, and each occurs.
  CHECK(seen[0] > 0);
  CHECK(seen[1] > 0);
  CHECK(seen[2] > 0);
  CHECK(seen[3] == 0);
}

TEST_CASE("formula §6, §8 each replication draws its own population, the same replication the same one",
          "[model][formula]") {
  // Firms are drawn on Philox streams keyed by (seed, replication) (docs/model.md §8: replications
  // are independent). 200 firms with continuous revenues and capabilities: two replications
  // agreeing on a single firm's revenue has probability ~1e-5 unless they share their draws
  // (and the seed is fixed: the count below is the same on every run).
  const ScenarioDef def = test::scenario_from_yaml(test::quiet_scenario_yaml(200));
  Harness first(def, 0), again(def, 0), second(def, 1);
  const auto& a = first.state().pop;
  const auto& b = again.state().pop;
  const auto& c = second.state().pop;
  CHECK(a.base_revenue_thb == b.base_revenue_thb);
  CHECK(a.capability == b.capability);
  std::size_t same_revenue = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    same_revenue += a.base_revenue_thb[i] == c.base_revenue_thb[i] ? 1 : 0;
  CHECK(same_revenue == 0);
  CHECK(a.capability[kProcess] != c.capability[kProcess]);
}
