// Targets no replication can meet are named before a run (docs/model.md §5 steps 2, 3 and 10).
#include <catch2/catch.hpp>

#include <string>

#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/target_feasibility.hpp"

namespace {

using Catch::Matchers::Contains;
using namespace smesim;

// 4 networks of 50 members: 200 SMEs; 1 M THB, half of it mentoring at 3,000 THB a
// firm-month for 3 months (55 SMEs) and 0.3 M THB of 150,000 THB projects (2): at most 57
// developed by the budget.
const char* const kSmall = R"(name: small
networks:
  generate: {members: 50}
agencies:
  - {id: A, networks: 4, sectors: [trade]}
programme: {budget_thb: 1000000}
targets: {developed_smes: 50, expanded_smes: 100, cost_reduction_thb: 1000}
)";

ScenarioDef with_targets(double developed, double expanded) {
  ScenarioDef def = load_scenario_text(kSmall, "small.yaml").def;
  def.targets.developed_smes = developed;
  def.targets.expanded_smes = expanded;
  return def;
}

}  // namespace

TEST_CASE("targets that cannot be met by construction are named with their numbers", "[scenario][targets]") {
  CHECK(unreachable_targets(with_targets(50, 100)).empty());
  CHECK(unreachable_targets(with_targets(57, 200)).empty());  // both bounds are reachable

  const auto over_budget = unreachable_targets(with_targets(58, 200));
  REQUIRE(over_budget.size() == 1);
  CHECK_THAT(over_budget[0], Contains("58 SMEs developed") && Contains("the budget mentors at most 57 SMEs"));

  const auto over_enrolment = unreachable_targets(with_targets(201, 201));
  REQUIRE(over_enrolment.size() == 2);
  CHECK_THAT(over_enrolment[0], Contains("201 SMEs developed") && Contains("enrol at most 200 SMEs"));
  CHECK_THAT(over_enrolment[1], Contains("201 SMEs expanded") && Contains("enrol at most 200 SMEs"));

  // The built-in programme's targets can all be met in principle.
  CHECK(unreachable_targets(load_builtin_scenario().def).empty());
}

TEST_CASE("a budget drawn from a prior gives no budget bound", "[scenario][targets]") {
  ScenarioDef def = with_targets(58, 200);
  def.programme.budget_thb = Param(DistributionKind::uniform, {500000, 1500000, 0});
  CHECK(unreachable_targets(def).empty());
}
