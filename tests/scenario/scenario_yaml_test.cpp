// scenario_yaml writes a scenario as a complete file that loads back to the same scenario: the
// same resolved_scenario_json (everything that determines results) and the same replication.
// This is how a scenario travels as text, so every kind of scenario is tried: the built-in
// programme with its 54 listed networks and priors, generated networks, explicit budgets and
// shares, relative changes applied as new money, and names that need quoting.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smesim/engine/forecast.hpp"
#include "smesim/scenario/compare_def.hpp"
#include "smesim/scenario/scenario.hpp"

using namespace smesim;

namespace {

void require_round_trip(const ScenarioDef& def, const std::string& label) {
  INFO(label);
  const std::string yaml = scenario_yaml(def);
  INFO(yaml);
  const ScenarioDef back = load_scenario_text(yaml, label + " (as written)").def;
  CHECK(resolved_scenario_json(back) == resolved_scenario_json(def));
  CHECK(back.seed == def.seed);
  CHECK(back.replications == def.replications);
  CHECK(scenario_yaml(back) == yaml);  // a fixed point: writing it again changes nothing
}

std::string source(const std::string& relative) { return std::string(SMESIM_SOURCE_DIR) + "/" + relative; }

}  // namespace

TEST_CASE("scenario_yaml loads back to the same resolved scenario", "[scenario]") {
  require_round_trip(load_builtin_scenario().def, "built-in");
  for (const char* file :
       {"scenarios/osmep_2015.yaml", "scenarios/national_3_2m.yaml", "tests/golden/two_firms.yaml",
        "tests/golden/priors.yaml", "tests/golden/v1_default.yaml", "tests/golden/v2_default.yaml",
        "tests/golden/studies/small.yaml", "tests/scenario/fixtures/complete_networks.yaml"})
    require_round_trip(load_scenario_file(source(file)).def, file);

  require_round_trip(
      load_scenario_text("extends: default\nname: explicit\nprogramme: {overhead_share: 0.05}\n"
                         "agencies:\n  - {id: DIP, budget_thb: 120000000}\n"
                         "  - {id: FTI, budget_share: 0.1}\n",
                         "explicit.yaml")
          .def,
      "explicit budgets");
  // Networks by province group, declared groups and names in Thai (docs/scenario.md "Writing a
  // programme"); the agencies replaced with one key.
  require_round_trip(load_scenario_text(R"(name: โครงการ-2570
extends: default
province_groups: [East, "ภาค: เหนือ", South Border]
networks: {list: ~}
agencies:
  replace: true
  list:
    - {id: DIP, name: "กรมส่งเสริมอุตสาหกรรม, \"DIP\"", sectors: [trade, services],
       province_groups: {"ภาค: เหนือ": 2, East: 1}}
    - {id: B, networks: 2, sectors: [agriculture]}
)",
                                        "groups.yaml")
                         .def,
                     "province groups");
  require_round_trip(load_scenario_text(R"(name: listed
agencies:
  - {id: A, networks: 2, sectors: [trade]}
networks:
  list:
    - {id: a1, name: คลัสเตอร์ไหมไทย, agency: A, sector: trade, province_group: East}
    - {id: a2, agency: A, sector: trade}
)",
                                        "listed.yaml")
                         .def,
                     "network names");
  require_round_trip(load_scenario_text("extends: default\nname: \"quote \\\" and ไทย\"\n"
                                        "description: \"back\\\\slash, line\\nbreak: and # hash\"\n",
                                        "names.yaml")
                         .def,
                     "names that need quoting");
}

TEST_CASE("scenario_yaml keeps a variant made by relative changes, new money included", "[scenario]") {
  // The comparison's variants are ScenarioDefs no file ever held: DIP's `*1.2` pins every
  // agency's budget and grows the programme budget (docs/experiments.md "Relative values").
  const CompareDef compare = load_compare_file(source("scenarios/new_money.yaml"));
  const std::vector<ScenarioDef> variants = compare_variants(compare);
  REQUIRE(variants.size() >= 2);
  for (std::size_t v = 0; v < variants.size(); ++v)
    require_round_trip(variants[v], "new_money.yaml variant " + compare.variants[v].name);
}

TEST_CASE("a scenario written by scenario_yaml runs to the same bits", "[scenario]") {
  const ScenarioDef def = load_scenario_file(source("tests/golden/priors.yaml")).def;
  const ScenarioDef back = load_scenario_text(scenario_yaml(def), "priors (as written)").def;
  for (std::uint32_t r = 0; r < 3; ++r) {
    const ReplicationResult a = run_single_replication(def, r);
    const ReplicationResult b = run_single_replication(back, r);
    CHECK(a.kpis.developed == b.kpis.developed);
    CHECK(a.kpis.cost_reduction_thb == b.kpis.cost_reduction_thb);
    CHECK(a.kpis.added_revenue_thb == b.kpis.added_revenue_thb);
    CHECK(a.kpis.spent_thb == b.kpis.spent_thb);
    CHECK(a.months.size() == b.months.size());
  }
}
