// Loading scenarios (docs/scenario.md): the built-in OSMEP 2015 programme, `extends` merging,
// docs/model.md §9 defaults, distributions and vectors, priors, the resolved JSON and the template.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/test_support.hpp"

namespace smesim {
namespace {

using Catch::Matchers::Contains;
namespace fs = std::filesystem;

Param uniform(double lo, double hi) { return Param(DistributionKind::uniform, {lo, hi, 0.0}); }

const AgencyDef& agency(const ScenarioDef& def, const std::string& id) {
  const auto it =
      std::find_if(def.agencies.begin(), def.agencies.end(), [&](const AgencyDef& a) { return a.id == id; });
  REQUIRE(it != def.agencies.end());
  return *it;
}

bool has_agency(const ScenarioDef& def, const std::string& id) {
  return std::any_of(def.agencies.begin(), def.agencies.end(),
                     [&](const AgencyDef& a) { return a.id == id; });
}

std::optional<ScenarioError> text_error(const std::string& yaml, const std::string& label = "<child>") {
  try {
    load_scenario_text(yaml, label);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

std::optional<ScenarioError> file_error(const std::string& path) {
  try {
    load_scenario_file(path);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

/// The value of parameter `path` in a resolved_scenario_json document (null if absent):
/// `agencies.<id>.` and `networks.list.<id>.` select a list entry by id.
nlohmann::json json_at(const nlohmann::json& root, const std::string& path) {
  std::vector<std::string> segs;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    segs.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const nlohmann::json* node = &root;
  std::size_t i = 0;
  auto select = [&](const nlohmann::json& list, const std::string& id) -> const nlohmann::json* {
    for (const auto& entry : list)
      if (entry.at("id") == id) return &entry;
    return nullptr;
  };
  if (segs.size() > 2 && segs[0] == "agencies") {
    node = select(root.at("agencies"), segs[1]);
    i = 2;
  } else if (segs.size() > 3 && segs[0] == "networks" && segs[1] == "list") {
    node = select(root.at("networks").at("list"), segs[2]);
    i = 3;
  }
  // A key the resolved JSON leaves out when unused (a listed network's empty `name`) is null.
  for (; node != nullptr && i < segs.size(); ++i)
    node = node->contains(segs[i]) ? &node->at(segs[i]) : nullptr;
  return node == nullptr ? nlohmann::json() : *node;
}

/// Parameter paths (of `a`) whose resolved values differ between two scenarios.
std::set<std::string> differing_paths(const ScenarioDef& a, const ScenarioDef& b) {
  const auto ja = nlohmann::json::parse(resolved_scenario_json(a));
  const auto jb = nlohmann::json::parse(resolved_scenario_json(b));
  std::set<std::string> out;
  for (const FieldInfo& f : parameter_fields(a))
    if (json_at(ja, f.path) != json_at(jb, f.path)) out.insert(f.path);
  return out;
}

// A small standalone parent: three agencies, generated networks.
const char* const kParentYaml = R"(name: parent
replications: 10
agencies:
  - {id: A, networks: 2, sectors: [manufacturing]}
  - {id: B, networks: 1, sectors: [trade]}
  - {id: C, networks: 1, sectors: [agriculture]}
)";

// ---------------------------------------------------------------------------------------
// The built-in scenario

TEST_CASE("the built-in scenario is the OSMEP 2015 programme", "[scenario][loader]") {
  const LoadedScenario loaded = load_builtin_scenario();
  const ScenarioDef& def = loaded.def;
  CHECK(loaded.source == std::string(kBuiltinScenarioLabel));
  CHECK(def.name == "osmep-2015");
  CHECK(def.seed == 20150320u);
  CHECK(def.replications == 1000);

  SECTION("nine agencies leading 18/17/7/6/2/1/1/1/1 networks") {
    const std::vector<std::pair<std::string, int>> expected{{"MOI-OPS", 18}, {"DIP", 17},  {"FTI", 7},
                                                            {"DOAE", 6},     {"TISTR", 2}, {"DOF", 1},
                                                            {"DLD", 1},      {"QSDS", 1},  {"RICE", 1}};
    REQUIRE(def.agencies.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(def.agencies[i].id == expected[i].first);
      CHECK(def.agencies[i].networks == expected[i].second);
      CHECK_FALSE(def.agencies[i].budget_thb.is_set());  // budget_thb: auto
      CHECK_FALSE(def.agencies[i].budget_share.is_set());
    }
    CHECK(agency(def, "DIP").sectors == std::vector<Sector>{Sector::manufacturing});
    CHECK(agency(def, "MOI-OPS").sectors ==
          std::vector<Sector>{Sector::agriculture, Sector::trade, Sector::services});
  }

  SECTION("54 networks over the 18 province groups, three in each") {
    const auto networks = expand_networks(def);
    REQUIRE(networks.size() == 54);
    std::map<std::string, int> per_group;
    std::map<int, int> per_agency;
    std::set<std::string> ids;
    for (const ClusterSpec& c : networks) {
      ++per_group[c.province_group];
      REQUIRE(c.agency >= 0);
      REQUIRE(c.agency < static_cast<int>(def.agencies.size()));
      ++per_agency[c.agency];
      ids.insert(c.id);
      CHECK(c.members == Param(200.0));
      CHECK(c.topology.kind == TopologyKind::small_world);
      CHECK(c.topology.degree == 6);
    }
    CHECK(ids.size() == 54);
    CHECK(per_group.size() == 18);
    for (const auto& [group, count] : per_group) {
      INFO(group);
      CHECK(count == 3);
      const auto& official = official_province_groups();
      CHECK(std::find(official.begin(), official.end(), group) != official.end());
    }
    for (std::size_t a = 0; a < def.agencies.size(); ++a)
      CHECK(per_agency[static_cast<int>(a)] == def.agencies[a].networks);
  }

  SECTION("the silk cluster of QSDS is agriculture in North-East Central") {
    const auto networks = expand_networks(def);
    const auto silk = std::find_if(networks.begin(), networks.end(),
                                   [](const ClusterSpec& c) { return c.id == "silk-ne"; });
    REQUIRE(silk != networks.end());
    CHECK(def.agencies[static_cast<std::size_t>(silk->agency)].id == "QSDS");
    CHECK(silk->sector == Sector::agriculture);
    CHECK(silk->province_group == "North-East Central");
  }

  SECTION("budget and targets") {
    CHECK(def.programme.budget_thb == Param(309e6));
    CHECK(def.programme.overhead_share == Param(0.0));
    CHECK(def.targets.developed_smes == 10000.0);
    CHECK(def.targets.expanded_smes == 1000.0);
    CHECK(def.targets.cost_reduction_thb == 150e6);
    CHECK(def.window_months() == 12);
    CHECK(def.time.programme_months == 12);
    CHECK(def.time.horizon_months == 36);
    CHECK(def.time.diagnostic_months == 3);
  }

  SECTION("priors and values of docs/model.md §9") {
    const auto& y = def.dynamics;
    CHECK(y.learning_rate == uniform(0.02, 0.10));
    CHECK(y.spillover_per_month == uniform(0.05, 0.20));
    CHECK(y.cost_elasticity == uniform(0.02, 0.12));
    CHECK(y.joint_purchasing.max_discount == uniform(0.05, 0.20));
    CHECK(y.market.q_per_year == uniform(0.12, 0.8));
    CHECK(y.dropout.base_per_year == uniform(0.15, 0.5));
    CHECK(y.trust.initial == Param(0.3));
    CHECK(y.trust.gain_per_month == Param(0.10));
    CHECK(y.trust.decay_per_month == Param(0.01));
    CHECK(y.trust.join_threshold == Param(0.5));
    CHECK(y.joint_purchasing.half_volume_thb == Param(20e6));
    CHECK(y.joint_purchasing.poolable_share == Param(0.05));
    CHECK(y.technology.success_probability == Param(0.6));
    CHECK(y.technology.capability_jump == Param(0.2));
    CHECK(y.technology.cost_cut == Param(0.05));
    CHECK(y.technology.p_per_year == Param(0.02));
    CHECK(y.technology.q_per_year == Param(0.30));
    CHECK(y.market.p_per_year == Param(0.03));
    CHECK(y.market.capability_per_year == Param(0.06));
    CHECK(y.market.technology_per_year == Param(0.05));
    CHECK(y.market.revenue_uplift == Param(0.10));
    CHECK(y.dropout.trust_protection == Param(0.5));
    CHECK(y.developed.min_mentored_months == 3);
    const auto& s = def.sme;
    CHECK(s.size_mix.micro == Param(0.75));
    CHECK(s.size_mix.small == Param(0.22));
    CHECK(s.size_mix.medium == Param(0.03));
    CHECK(s.input_share == std::array<Param, 4>{0.5, 0.7, 0.3, 0.6});
    CHECK(s.initial_capability_a == std::array<Param, 3>{2.0, 2.0, 2.0});
    CHECK(s.initial_capability_b == std::array<Param, 3>{5.0, 5.0, 5.0});
    CHECK(s.absorptive_capacity == Param(0.8));
    CHECK(s.margin == Param(0.10));
    for (const AgencyDef& a : def.agencies) {
      INFO(a.id);
      CHECK(a.strategy.split.mentoring == Param(0.5));
      CHECK(a.strategy.split.network == Param(0.2));
      CHECK(a.strategy.split.technology == Param(0.3));
      CHECK(a.strategy.mentoring.cost_per_firm_month_thb == Param(3000.0));
      CHECK(a.strategy.mentoring.targeting == Targeting::broad);
      CHECK(a.strategy.technology.targeting == Targeting::leaders);
      CHECK(a.strategy.technology.cost_per_project_thb == Param(150000.0));
      CHECK(a.fit_other == Param(0.7));
    }
  }
}

TEST_CASE("the embedded scenario is scenarios/osmep_2015.yaml", "[scenario][loader]") {
  std::ifstream in(std::string(SMESIM_SOURCE_DIR) + "/scenarios/osmep_2015.yaml", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(builtin_scenario_yaml() == text.str());
  const ScenarioDef from_file =
      load_scenario_file(std::string(SMESIM_SOURCE_DIR) + "/scenarios/osmep_2015.yaml").def;
  CHECK(resolved_scenario_json(from_file) == resolved_scenario_json(load_builtin_scenario().def));
}

// ---------------------------------------------------------------------------------------
// extends

TEST_CASE("extends: an agency entry overrides only the keys it gives", "[scenario][loader][extends]") {
  const ScenarioDef base = load_builtin_scenario().def;
  const ScenarioDef def = load_scenario_text(R"(name: laggards
extends: default
agencies: [{id: DIP, strategy: {mentoring: {targeting: laggards}}}]
)",
                                             "<child>")
                              .def;
  REQUIRE(def.agencies.size() == 9);
  CHECK(agency(def, "DIP").strategy.mentoring.targeting == Targeting::laggards);
  CHECK(agency(def, "FTI").strategy.mentoring.targeting == Targeting::broad);
  // Nothing else moved: not DIP's other keys, not the other agencies, not the networks.
  CHECK(differing_paths(base, def) ==
        std::set<std::string>{"name", "agencies.DIP.strategy.mentoring.targeting"});
  CHECK(def.networks.list.size() == base.networks.list.size());
  CHECK(agency(def, "DIP").networks == 17);
}

TEST_CASE("extends: maps merge key by key, priors are replaced whole", "[scenario][loader][extends]") {
  const ScenarioDef base = load_builtin_scenario().def;
  const ScenarioDef def = load_scenario_text(R"(name: merged
extends: default
dynamics:
  trust: {gain_per_month: 0.2}
  learning_rate: {normal: [0.05, 0.01]}
  market: {q_per_year: 0.4}
)",
                                             "<child>")
                              .def;
  CHECK(def.dynamics.trust.gain_per_month == Param(0.2));
  CHECK(def.dynamics.learning_rate == Param(DistributionKind::normal, {0.05, 0.01, 0.0}));
  CHECK(def.dynamics.market.q_per_year == Param(0.4));
  CHECK(differing_paths(base, def) == std::set<std::string>{"name", "dynamics.trust.gain_per_month",
                                                            "dynamics.learning_rate",
                                                            "dynamics.market.q_per_year"});
}

TEST_CASE("extends: a new agency id adds an agency", "[scenario][loader][extends]") {
  SECTION("with no networks it loads") {
    const ScenarioDef def = load_scenario_text(R"(name: added
extends: default
agencies:
  - {id: OSMEP, name: Office of SME Promotion, networks: 0, sectors: [services], budget_thb: 1000000}
)",
                                               "<child>")
                                .def;
    REQUIRE(def.agencies.size() == 10);
    CHECK(def.agencies.back().id == "OSMEP");
    CHECK(def.agencies.back().name == "Office of SME Promotion");
    CHECK(def.agencies.back().budget_thb == Param(1e6));
    CHECK(def.agencies.front().id == "MOI-OPS");
    CHECK(expand_networks(def).size() == 54);
  }
  SECTION("with networks the inherited list lacks, the counts do not add up") {
    const auto error = text_error(R"(name: added
extends: default
agencies:
  - id: OSMEP
    networks: 2
    sectors: [services]
)");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "agencies.OSMEP.networks");
    CHECK(error->where().file == "<child>");
    CHECK(error->where().line == 5);
    CHECK(error->where().column == 15);
    CHECK_THAT(error->message(), Contains("networks do not add up"));
    CHECK_THAT(error->message(), Contains("leads 2 networks but 0 are listed"));
  }
}

TEST_CASE("extends: remove: true drops an agency", "[scenario][loader][extends]") {
  const std::string dir = test::make_temp_dir("scenario-remove");
  write_file(fs::path(dir) / "parent.yaml", kParentYaml);

  SECTION("from a parent with generated networks") {
    write_file(fs::path(dir) / "child.yaml", R"(name: child
extends: parent.yaml
agencies:
  - {id: B, remove: true}
)");
    const ScenarioDef def = load_scenario_file(dir + "/child.yaml").def;
    REQUIRE(def.agencies.size() == 2);
    CHECK(def.agencies[0].id == "A");
    CHECK(def.agencies[1].id == "C");
    CHECK_FALSE(has_agency(def, "B"));
    CHECK(def.replications == 10);  // inherited
    const auto networks = expand_networks(def);
    CHECK(networks.size() == 3);
    CHECK(std::none_of(networks.begin(), networks.end(),
                       [](const ClusterSpec& c) { return c.id.starts_with("B-"); }));
  }
  SECTION("removing an agency the parent does not have is an error in the child") {
    write_file(fs::path(dir) / "child.yaml", R"(name: child
extends: parent.yaml
agencies:
  - {id: Z, remove: true}
)");
    const auto error = file_error(dir + "/child.yaml");
    REQUIRE(error.has_value());
    CHECK(error->where().file == dir + "/child.yaml");
    CHECK(error->where().line == 4);
    CHECK(error->key_path() == "agencies.Z");
    CHECK_THAT(error->message(), Contains("does not have"));
  }
  SECTION("from the default, the inherited networks.list still names the agency") {
    const auto error = text_error(R"(name: no-rice
extends: default
agencies: [{id: RICE, remove: true}]
)");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "networks.list.RICE-01.agency");
    CHECK_THAT(error->message(), Contains("got `RICE`"));
  }
  SECTION("from the default, with `networks: {list: ~}` the networks are generated instead") {
    const ScenarioDef def = load_scenario_text(R"(name: no-rice
extends: default
agencies: [{id: RICE, remove: true}]
networks: {list: ~}
)",
                                               "<child>")
                                .def;
    REQUIRE(def.agencies.size() == 8);
    CHECK_FALSE(has_agency(def, "RICE"));
    CHECK(def.networks.list.empty());
    CHECK(expand_networks(def).size() == 53);
  }
  SECTION("`remove` outside an extending scenario is refused") {
    const auto error = text_error(R"(name: plain
agencies:
  - {id: A, networks: 1, sectors: [trade], remove: true}
)");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "agencies.A.remove");
    CHECK(error->where().line == 3);
  }
  fs::remove_all(dir);
}

TEST_CASE("extends: lists other than agencies replace the parent's", "[scenario][loader][extends]") {
  SECTION("an agency's sectors") {
    const ScenarioDef def = load_scenario_text(R"(name: sectors
extends: default
agencies: [{id: MOI-OPS, sectors: [trade]}]
)",
                                               "<child>")
                                .def;
    CHECK(agency(def, "MOI-OPS").sectors == std::vector<Sector>{Sector::trade});
  }
  SECTION("networks.list") {
    const std::string dir = test::make_temp_dir("scenario-lists");
    write_file(fs::path(dir) / "parent.yaml", R"(name: parent
agencies:
  - {id: A, networks: 2, sectors: [manufacturing]}
networks:
  list:
    - {id: p1, agency: A, sector: manufacturing, province_group: East}
    - {id: p2, agency: A, sector: manufacturing, province_group: East}
)");
    write_file(fs::path(dir) / "child.yaml", R"(name: child
extends: parent.yaml
networks:
  list:
    - {id: c1, agency: A, sector: trade, province_group: South Border, members: 50}
    - {id: c2, agency: A, sector: services, province_group: North Upper 1, topology: {kind: complete}}
)");
    const ScenarioDef def = load_scenario_file(dir + "/child.yaml").def;
    REQUIRE(def.networks.list.size() == 2);
    CHECK(def.networks.list[0].id == "c1");
    CHECK(def.networks.list[1].id == "c2");
    const auto networks = expand_networks(def);
    REQUIRE(networks.size() == 2);
    CHECK(networks[0].sector == Sector::trade);
    CHECK(networks[0].members == Param(50.0));
    CHECK(networks[0].topology.kind == TopologyKind::small_world);  // inherits generate
    CHECK(networks[1].members == Param(200.0));
    CHECK(networks[1].topology.kind == TopologyKind::complete);
    fs::remove_all(dir);
  }
}

TEST_CASE("extends: errors point at the file that holds the offending value", "[scenario][loader][extends]") {
  const std::string dir = test::make_temp_dir("scenario-where");
  SECTION("an error in the child points at the child's line") {
    write_file(fs::path(dir) / "parent.yaml", kParentYaml);
    write_file(fs::path(dir) / "child.yaml", R"(name: child
extends: parent.yaml

dynamics:
  trust:
    join_threshold: 2
)");
    const auto error = file_error(dir + "/child.yaml");
    REQUIRE(error.has_value());
    CHECK(error->where().file == dir + "/child.yaml");
    CHECK(error->where().line == 6);
    CHECK(error->where().column == 21);
    CHECK(error->key_path() == "dynamics.trust.join_threshold");
  }
  SECTION("an error in the parent points at the parent's line") {
    write_file(fs::path(dir) / "parent.yaml", std::string(kParentYaml) + "sme: {margin: 1.5}\n");
    write_file(fs::path(dir) / "child.yaml", "name: child\nextends: parent.yaml\n");
    const auto error = file_error(dir + "/child.yaml");
    REQUIRE(error.has_value());
    CHECK(error->where().file == dir + "/parent.yaml");
    CHECK(error->where().line == 7);
    CHECK(error->where().column == 15);
    CHECK(error->key_path() == "sme.margin");
  }
  SECTION("an agency's split changed by the child points at the child") {
    write_file(fs::path(dir) / "parent.yaml", kParentYaml);
    write_file(fs::path(dir) / "child.yaml", R"(name: child
extends: parent.yaml
agencies:
  - id: B
    strategy:
      split:
        mentoring: 0.9
)");
    const auto error = file_error(dir + "/child.yaml");
    REQUIRE(error.has_value());
    CHECK(error->where().file == dir + "/child.yaml");
    CHECK(error->where().line == 7);
    CHECK(error->key_path() == "agencies.B.strategy.split");
    CHECK_THAT(error->message(), Contains("sum to 1, got 1.4"));
  }
  SECTION("a cycle of extends is refused") {
    write_file(fs::path(dir) / "a.yaml", "name: a\nextends: b.yaml\n");
    write_file(fs::path(dir) / "b.yaml", "name: b\nextends: a.yaml\n");
    const auto error = file_error(dir + "/a.yaml");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "extends");
    CHECK(error->where().file == dir + "/b.yaml");
    CHECK(error->where().line == 2);
    CHECK_THAT(error->message(), Contains("cycle"));
  }
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// Defaults without extends

TEST_CASE("a scenario without extends gets the docs/model.md §9 defaults", "[scenario][loader]") {
  const ScenarioDef def = load_scenario_text("name: plain\n", "<plain>").def;
  CHECK(def.name == "plain");
  CHECK(differing_paths(default_scenario_def(), def) == std::set<std::string>{"name"});
  // Plain numbers, not the priors of osmep_2015.yaml.
  CHECK(def.dynamics.learning_rate == Param(0.05));
  CHECK(def.dynamics.spillover_per_month == Param(0.10));
  CHECK(def.dynamics.cost_elasticity == Param(0.06));
  CHECK(def.dynamics.joint_purchasing.max_discount == Param(0.10));
  CHECK(def.dynamics.market.q_per_year == Param(0.38));
  CHECK(def.dynamics.dropout.base_per_year == Param(0.35));
  CHECK(def.programme.budget_thb == Param(309e6));
  CHECK(def.window_months() == def.time.programme_months);

  REQUIRE(def.agencies.size() == 9);
  CHECK(def.networks.list.empty());
  const auto networks = expand_networks(def);
  REQUIRE(networks.size() == 54);
  // Generated: `<agency>-NN`, sectors round-robin within the agency, province groups
  // round-robin over the 18 official groups in agency order.
  CHECK(networks[0].id == "MOI-OPS-01");
  CHECK(networks[17].id == "MOI-OPS-18");
  CHECK(networks[18].id == "DIP-01");
  std::map<Sector, int> moi_sectors;
  for (std::size_t i = 0; i < networks.size(); ++i) {
    CHECK(networks[i].province_group == official_province_groups()[i % 18]);
    if (networks[i].agency == 0) ++moi_sectors[networks[i].sector];
  }
  CHECK(moi_sectors ==
        std::map<Sector, int>{{Sector::trade, 6}, {Sector::services, 6}, {Sector::agriculture, 6}});
  CHECK(networks[0].sector == Sector::agriculture);
  CHECK(networks[1].sector == Sector::trade);
  CHECK(networks[2].sector == Sector::services);
}

TEST_CASE("a scenario needs a name", "[scenario][loader]") {
  const auto error = text_error("replications: 5\n");
  REQUIRE(error.has_value());
  CHECK(error->key_path() == "name");
  CHECK_THAT(error->message(), Contains("required"));
  const auto empty_name = text_error("name: \"\"\n");
  REQUIRE(empty_name.has_value());
  CHECK(empty_name->key_path() == "name");
  CHECK(empty_name->where().line == 1);
}

TEST_CASE("a comment-only or non-map document is refused", "[scenario][loader]") {
  const auto comments = text_error("# nothing but a comment\n\n");
  REQUIRE(comments.has_value());
  CHECK_THAT(comments->message(), Contains("empty scenario"));
  const auto list = text_error("- name: x\n");
  REQUIRE(list.has_value());
  CHECK(list->where().line == 1);
  CHECK_THAT(list->message(), Contains("expected a map of scenario keys"));
}

// ---------------------------------------------------------------------------------------
// Values: distributions, auto, vectors

TEST_CASE("distributions parse", "[scenario][loader]") {
  const ScenarioDef def = load_scenario_text(R"(name: priors
dynamics:
  learning_rate: {uniform: [0.02, 0.1]}
  spillover_per_month: {normal: [0.1, 0.02]}
  cost_elasticity: {lognormal: [-3, 0.5]}
  trust: {initial: {beta: [2, 5]}}
  market: {q_per_year: {triangular: [0.1, 0.38, 0.8]}}
networks:
  generate: {members: {uniform: [150, 250]}}
)",
                                             "<priors>")
                              .def;
  CHECK(def.dynamics.learning_rate == Param(DistributionKind::uniform, {0.02, 0.1, 0}));
  CHECK(def.dynamics.spillover_per_month == Param(DistributionKind::normal, {0.1, 0.02, 0}));
  CHECK(def.dynamics.cost_elasticity == Param(DistributionKind::lognormal, {-3, 0.5, 0}));
  CHECK(def.dynamics.trust.initial == Param(DistributionKind::beta, {2, 5, 0}));
  CHECK(def.dynamics.market.q_per_year == Param(DistributionKind::triangular, {0.1, 0.38, 0.8}));
  CHECK(def.networks.members == Param(DistributionKind::uniform, {150, 250, 0}));
  CHECK(describe(def.dynamics.market.q_per_year) == "triangular[0.1, 0.38, 0.8]");

  SECTION("bad priors are refused at their position") {
    struct Case {
      const char* yaml;
      int line;
      int column;
      const char* path;
      const char* phrase;
    };
    const Case cases[] = {
        {"name: x\ndynamics:\n  learning_rate: {triangular: [0.1, 0.2]}\n", 3, 31, "dynamics.learning_rate",
         "expected 3 numbers for triangular"},
        {"name: x\ndynamics:\n  learning_rate: {beta: [0, 2]}\n", 3, 18, "dynamics.learning_rate",
         "a > 0 and b > 0"},
        {"name: x\ndynamics:\n  learning_rate: {normal: [0.05, 0]}\n", 3, 18, "dynamics.learning_rate",
         "sd > 0"},
        {"name: x\ndynamics:\n  learning_rate: {uniform: [0.5, 2]}\n", 3, 18, "dynamics.learning_rate",
         "a prior within a number in [0, 1]"},
        {"name: x\ndynamics:\n  learning_rate: {uniform: [0.1, high]}\n", 3, 34, "dynamics.learning_rate",
         "expected a number, got `high`"},
        {"name: x\ndynamics:\n  learning_rate: {uniform: [0.1, 0.2], normal: [0.1, 0.1]}\n", 3, 18,
         "dynamics.learning_rate", "one distribution key"},
        {"name: x\nreplications: {uniform: [1, 5]}\n", 2, 15, "replications", "expected a whole number"},
        {"name: x\ntargets: {developed_smes: {uniform: [1, 5]}}\n", 2, 27, "targets.developed_smes",
         "expected a number, got a map"},
    };
    for (const Case& c : cases) {
      INFO(c.yaml);
      const auto error = text_error(c.yaml);
      REQUIRE(error.has_value());
      CHECK(error->where().line == c.line);
      CHECK(error->where().column == c.column);
      CHECK(error->key_path() == c.path);
      CHECK_THAT(error->message(), Contains(c.phrase));
    }
  }
}

TEST_CASE("budget_thb: auto, a number, or budget_share", "[scenario][loader]") {
  const ScenarioDef def = load_scenario_text(R"(name: budgets
extends: default
agencies:
  - {id: DIP, budget_thb: 50000000}
  - {id: FTI, budget_thb: auto}
  - {id: DOAE, budget_thb: auto, budget_share: 0.1}
)",
                                             "<child>")
                              .def;
  CHECK(agency(def, "DIP").budget_thb == Param(50e6));
  CHECK_FALSE(agency(def, "FTI").budget_thb.is_set());
  CHECK(agency(def, "DOAE").budget_share == Param(0.1));
  CHECK_FALSE(agency(def, "DOAE").budget_thb.is_set());

  SECTION("auto is refused where the model cannot derive a value") {
    const auto error = text_error("name: x\nprogramme:\n  budget_thb: auto\n");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "programme.budget_thb");
    CHECK(error->where().line == 3);
    CHECK(error->where().column == 15);
  }
  SECTION("budget_thb and budget_share together are refused") {
    const auto error = text_error(R"(name: x
extends: default
agencies:
  - {id: DIP, budget_thb: 1000, budget_share: 0.1}
)");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "agencies.DIP.budget_share");
    CHECK(error->where().line == 4);
    CHECK(error->where().column == 47);
  }
  SECTION("explicit budgets beyond the programme budget are refused") {
    const auto error = text_error(R"(name: x
extends: default
agencies:
  - {id: DIP, budget_thb: 200000000}
  - {id: FTI, budget_thb: 200000000}
)");
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "agencies");
    CHECK(error->where().file == "<child>");
    CHECK_THAT(error->message(), Contains("within the programme budget"));
  }
}

TEST_CASE("vectors: a list, one number for all, or a map by name", "[scenario][loader]") {
  const ScenarioDef def = load_scenario_text(R"(name: vectors
extends: default
agencies:
  - id: DIP
    strategy:
      mentoring: {focus: [1, 0.5, 0], expertise: 0.6}
  - id: FTI
    strategy:
      mentoring: {focus: {market: 0.2}}
sme:
  input_share: {trade: 0.4}
  initial_capability: {a: [1, 2, 3]}
)",
                                             "<child>")
                              .def;
  using P3 = std::array<Param, 3>;
  CHECK(agency(def, "DIP").strategy.mentoring.focus == P3{1.0, 0.5, 0.0});
  CHECK(agency(def, "DIP").strategy.mentoring.expertise == P3{0.6, 0.6, 0.6});
  CHECK(agency(def, "FTI").strategy.mentoring.focus == P3{1.0, 1.0, 0.2});
  CHECK(agency(def, "FTI").strategy.mentoring.expertise == P3{0.8, 0.8, 0.8});
  CHECK(def.sme.input_share == std::array<Param, 4>{0.5, 0.4, 0.3, 0.6});
  CHECK(def.sme.initial_capability_a == P3{1.0, 2.0, 3.0});
  CHECK(def.sme.initial_capability_b == P3{5.0, 5.0, 5.0});

  SECTION("bad vectors") {
    const auto short_list = text_error(R"(name: x
extends: default
agencies: [{id: DIP, strategy: {mentoring: {focus: [1, 1]}}}]
)");
    REQUIRE(short_list.has_value());
    CHECK(short_list->key_path() == "agencies.DIP.strategy.mentoring.focus");
    CHECK(short_list->where().line == 3);
    CHECK(short_list->where().column == 52);
    CHECK_THAT(short_list->message(), Contains("expected 3 values [process, management, market], got 2"));

    // input_share has a value per sector; one number for all sectors is not accepted.
    const auto scalar = text_error("name: x\nsme:\n  input_share: 0.5\n");
    REQUIRE(scalar.has_value());
    CHECK(scalar->key_path() == "sme.input_share");
    CHECK(scalar->where().line == 3);
    CHECK_THAT(scalar->message(), Contains("expected a map or a list"));

    const auto bad_slot = text_error("name: x\nsme:\n  input_share: {mining: 0.5}\n");
    REQUIRE(bad_slot.has_value());
    CHECK(bad_slot->key_path() == "sme.input_share.mining");
    CHECK(bad_slot->where().line == 3);
    CHECK(bad_slot->where().column == 17);
  }
}

TEST_CASE("choices and sectors are checked by name", "[scenario][loader]") {
  const auto targeting = text_error(R"(name: x
extends: default
agencies: [{id: DIP, strategy: {mentoring: {targeting: lagards}}}]
)");
  REQUIRE(targeting.has_value());
  CHECK(targeting->key_path() == "agencies.DIP.strategy.mentoring.targeting");
  CHECK(targeting->where().line == 3);
  CHECK(targeting->where().column == 56);
  CHECK_THAT(targeting->message(), Contains("did you mean `laggards`?"));

  const auto sector = text_error(R"(name: x
extends: default
agencies: [{id: DIP, sectors: [manufacturing, tarde]}]
)");
  REQUIRE(sector.has_value());
  CHECK(sector->key_path() == "agencies.DIP.sectors");
  CHECK(sector->where().line == 3);
  CHECK(sector->where().column == 47);
  CHECK_THAT(sector->message(), Contains("did you mean `trade`?"));
}

// ---------------------------------------------------------------------------------------
// Priors

TEST_CASE("realise_priors: reproducible draws within the support", "[scenario][priors]") {
  const ScenarioDef def = load_builtin_scenario().def;

  SECTION("same seed and replication give the same scenario") {
    const ScenarioDef a = realise_priors(def, 20150320, 5);
    const ScenarioDef b = realise_priors(def, 20150320, 5);
    CHECK(resolved_scenario_json(a) == resolved_scenario_json(b));
    CHECK(a.dynamics.learning_rate.is_fixed());
    CHECK(a.dynamics.learning_rate == b.dynamics.learning_rate);
    // Fixed values pass through untouched.
    CHECK(a.dynamics.trust.initial == Param(0.3));
    CHECK(a.programme.budget_thb == Param(309e6));
    CHECK_FALSE(a.agencies[0].budget_thb.is_set());
  }

  SECTION("every draw lies within its prior's support, and draws vary") {
    std::set<double> learning;
    std::set<double> q;
    for (std::uint32_t r = 0; r < 300; ++r) {
      const ScenarioDef d = realise_priors(def, 42, r);
      const auto& y = d.dynamics;
      for (const auto& [p, lo, hi] :
           {std::tuple{y.learning_rate, 0.02, 0.10}, std::tuple{y.spillover_per_month, 0.05, 0.20},
            std::tuple{y.cost_elasticity, 0.02, 0.12},
            std::tuple{y.joint_purchasing.max_discount, 0.05, 0.20},
            std::tuple{y.market.q_per_year, 0.12, 0.8}, std::tuple{y.dropout.base_per_year, 0.15, 0.5}}) {
        REQUIRE(p.is_fixed());
        CHECK(p.value() >= lo);
        CHECK(p.value() <= hi);
      }
      learning.insert(y.learning_rate.value());
      q.insert(y.market.q_per_year.value());
    }
    CHECK(learning.size() == 300);
    CHECK(q.size() == 300);
    // Roughly uniform: both halves of [0.02, 0.10] are hit often.
    const auto below = std::count_if(learning.begin(), learning.end(), [](double v) { return v < 0.06; });
    CHECK(below > 100);
    CHECK(below < 200);
  }

  SECTION("different replications and seeds draw differently") {
    const ScenarioDef r0 = realise_priors(def, 42, 0);
    const ScenarioDef r1 = realise_priors(def, 42, 1);
    const ScenarioDef s1 = realise_priors(def, 43, 0);
    CHECK(r0.dynamics.learning_rate != r1.dynamics.learning_rate);
    CHECK(r0.dynamics.market.q_per_year != r1.dynamics.market.q_per_year);
    CHECK(r0.dynamics.learning_rate != s1.dynamics.learning_rate);
  }

  SECTION("common random numbers: changing one parameter leaves the others' draws alone") {
    ScenarioDef variant = def;
    REQUIRE(set_parameter(variant, "dynamics.spillover_per_month", uniform(0.3, 0.4)) == 1);
    REQUIRE(set_parameter(variant, "programme.budget_thb", Param(100e6)) == 1);
    variant.agencies.pop_back();  // even a different set of agencies
    for (std::uint32_t r = 0; r < 20; ++r) {
      const ScenarioDef a = realise_priors(def, 7, r);
      const ScenarioDef b = realise_priors(variant, 7, r);
      CHECK(a.dynamics.learning_rate == b.dynamics.learning_rate);
      CHECK(a.dynamics.cost_elasticity == b.dynamics.cost_elasticity);
      CHECK(a.dynamics.market.q_per_year == b.dynamics.market.q_per_year);
      CHECK(a.dynamics.dropout.base_per_year == b.dynamics.dropout.base_per_year);
      CHECK(a.dynamics.spillover_per_month != b.dynamics.spillover_per_month);
      CHECK(b.dynamics.spillover_per_month.value() >= 0.3);
      CHECK(b.dynamics.spillover_per_month.value() <= 0.4);
    }
  }

  SECTION("unbounded priors are truncated to the parameter's range") {
    const ScenarioDef d = load_scenario_text(R"(name: wide
dynamics:
  learning_rate: {normal: [0.5, 2]}
  trust: {initial: {lognormal: [0, 3]}}
  spillover_per_month: {beta: [0.5, 0.5]}
  cost_elasticity: {triangular: [0, 0.1, 0.3]}
)",
                                             "<wide>")
                              .def;
    for (std::uint32_t r = 0; r < 200; ++r) {
      const ScenarioDef x = realise_priors(d, 1, r);
      CHECK(x.dynamics.learning_rate.value() >= 0.0);
      CHECK(x.dynamics.learning_rate.value() <= 1.0);
      CHECK(x.dynamics.trust.initial.value() >= 0.0);
      CHECK(x.dynamics.trust.initial.value() <= 1.0);
      CHECK(x.dynamics.spillover_per_month.value() >= 0.0);
      CHECK(x.dynamics.spillover_per_month.value() <= 1.0);
      CHECK(x.dynamics.cost_elasticity.value() >= 0.0);
      CHECK(x.dynamics.cost_elasticity.value() <= 0.3);
    }
  }

  SECTION("shares given as priors are renormalised to sum to 1") {
    ScenarioDef d = def;
    REQUIRE(set_parameter(d, "agencies.*.strategy.split.mentoring", uniform(0.3, 0.7)) == 9);
    REQUIRE(set_parameter(d, "sme.size_mix.micro", uniform(0.6, 0.9)) == 1);
    validate(d);  // priors on shares are not required to sum to 1 before drawing
    for (std::uint32_t r = 0; r < 10; ++r) {
      const ScenarioDef x = realise_priors(d, 3, r);
      for (const AgencyDef& a : x.agencies) {
        const auto& s = a.strategy.split;
        CHECK(s.mentoring.value() + s.network.value() + s.technology.value() == Approx(1.0).epsilon(1e-12));
      }
      const auto& mix = x.sme.size_mix;
      CHECK(mix.micro.value() + mix.small.value() + mix.medium.value() == Approx(1.0).epsilon(1e-12));
      CHECK_NOTHROW(validate(x));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Resolved JSON and the template

TEST_CASE("resolved_scenario_json is valid JSON with every resolved value", "[scenario][loader]") {
  SECTION("the built-in scenario") {
    const ScenarioDef def = load_builtin_scenario().def;
    const auto j = nlohmann::json::parse(resolved_scenario_json(def));
    CHECK(j.at("name") == "osmep-2015");
    CHECK(j.at("seed") == 20150320);
    CHECK(j.at("replications") == 1000);
    CHECK(j.at("programme").at("budget_thb") == 309000000.0);
    CHECK(j.at("targets").at("developed_smes") == 10000.0);
    CHECK(j.at("targets").at("window_months") == 12);
    CHECK(j.at("dynamics").at("learning_rate").at("uniform") == nlohmann::json::array({0.02, 0.10}));
    CHECK(j.at("dynamics").at("trust").at("initial") == 0.3);
    CHECK(j.at("sme").at("size_mix").at("medium") == 0.03);
    const auto& agencies = j.at("agencies");
    REQUIRE(agencies.size() == 9);
    CHECK(agencies.at(1).at("id") == "DIP");
    CHECK(agencies.at(1).at("networks") == 17);
    CHECK(agencies.at(1).at("budget_thb") == "auto");
    CHECK(agencies.at(1).at("sectors") == nlohmann::json::array({"manufacturing"}));
    CHECK(agencies.at(1).at("strategy").at("split").at("mentoring") == 0.5);
    CHECK(agencies.at(0).at("sectors") == nlohmann::json::array({"agriculture", "trade", "services"}));
    CHECK(j.at("networks").at("list").size() == 54);
    const auto& resolved = j.at("networks").at("resolved");
    REQUIRE(resolved.size() == 54);
    const auto silk = std::find_if(resolved.begin(), resolved.end(),
                                   [](const nlohmann::json& n) { return n.at("id") == "silk-ne"; });
    REQUIRE(silk != resolved.end());
    CHECK(silk->at("agency") == "QSDS");
    CHECK(silk->at("sector") == "agriculture");
    CHECK(silk->at("province_group") == "North-East Central");
    CHECK(silk->at("members") == 200.0);
  }
  SECTION("defaults are filled in for keys the scenario leaves out") {
    const auto j =
        nlohmann::json::parse(resolved_scenario_json(load_scenario_text("name: bare\n", "<bare>").def));
    CHECK(j.at("name") == "bare");
    CHECK(j.at("dynamics").at("market").at("q_per_year") == 0.38);
    CHECK(j.at("networks").at("generate").at("topology").at("kind") == "small_world");
    CHECK(j.at("networks").at("list").empty());
    CHECK(j.at("networks").at("resolved").size() == 54);
    CHECK(j.at("agencies").size() == 9);
  }
}

TEST_CASE("the init template loads and restates the built-in scenario", "[scenario][loader]") {
  const std::string text = template_scenario_yaml();
  CHECK_THAT(text, Contains("extends: default"));
  const LoadedScenario loaded = load_scenario_text(text, "<template>");
  CHECK(loaded.def.name == "my-programme");
  REQUIRE(loaded.def.agencies.size() == 9);
  CHECK_NOTHROW(validate(loaded.def, &loaded.locations));
  CHECK(differing_paths(load_builtin_scenario().def, loaded.def) ==
        std::set<std::string>{"name", "description"});
}

TEST_CASE("the init template of a shape loads: N agencies replacing the built-in ones, M networks",
          "[scenario][loader][shape]") {
  for (const auto& [agencies, networks] :
       std::vector<std::pair<int, int>>{{1, 1}, {5, 30}, {3, 100}, {12, 13}, {7, 7}}) {
    INFO(agencies << " agencies, " << networks << " networks");
    const std::string text = template_scenario_yaml(agencies, networks);
    INFO(text);
    const LoadedScenario loaded = load_scenario_text(text, "<template>");
    REQUIRE(loaded.def.agencies.size() == static_cast<std::size_t>(agencies));
    const std::vector<ClusterSpec> generated = expand_networks(loaded.def);
    CHECK(generated.size() == static_cast<std::size_t>(networks));
    // Evenly over the agencies (counts differ by at most one) and over the 18 groups.
    int fewest = networks, most = 0;
    for (const AgencyDef& a : loaded.def.agencies) {
      CHECK_FALSE(a.province_groups.empty());
      fewest = std::min(fewest, a.networks);
      most = std::max(most, a.networks);
    }
    CHECK(most - fewest <= 1);
    std::map<std::string, int> per_group;
    for (const ClusterSpec& c : generated) ++per_group[c.province_group];
    int lowest = networks, highest = 0;
    for (const std::string& g : official_province_groups()) {
      lowest = std::min(lowest, per_group[g]);
      highest = std::max(highest, per_group[g]);
    }
    CHECK(highest - lowest <= 1);
    // The built-in priors are kept: a forecast of it has uncertainty.
    CHECK_FALSE(loaded.def.dynamics.learning_rate.is_fixed());
  }
  CHECK_THROWS_AS(template_scenario_yaml(0, 3), std::invalid_argument);
  CHECK_THROWS_AS(template_scenario_yaml(5, 4), std::invalid_argument);
  CHECK_THROWS_AS(template_scenario_yaml(kMaxTemplateAgencies + 1, kMaxTemplateNetworks),
                  std::invalid_argument);
}

}  // namespace
}  // namespace smesim
