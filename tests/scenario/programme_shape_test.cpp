// Writing a programme without typing it out (docs/scenario.md "agencies[] entry",
// "province_groups", "Merge rules"): networks generated per agency over province groups with
// counts, province groups declared and checked, the parent's agencies replaced with one key,
// and ids that say what they may hold when given Thai text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using Catch::Matchers::Contains;

std::optional<ScenarioError> load_error(const std::string& yaml, const std::string& label = "shape.yaml") {
  try {
    load_scenario_text(yaml, label);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

const AgencyDef& agency(const ScenarioDef& def, const std::string& id) {
  const auto it =
      std::find_if(def.agencies.begin(), def.agencies.end(), [&](const AgencyDef& a) { return a.id == id; });
  REQUIRE(it != def.agencies.end());
  return *it;
}

std::vector<std::string> ids_of(const std::vector<ClusterSpec>& networks) {
  std::vector<std::string> out;
  for (const ClusterSpec& c : networks) out.push_back(c.id);
  return out;
}

std::vector<std::string> groups_of(const std::vector<ClusterSpec>& networks, int agency) {
  std::vector<std::string> out;
  for (const ClusterSpec& c : networks)
    if (c.agency == agency) out.push_back(c.province_group);
  return out;
}

std::vector<std::string> agency_ids(const ScenarioDef& def) {
  std::vector<std::string> out;
  for (const AgencyDef& a : def.agencies) out.push_back(a.id);
  return out;
}

}  // namespace

TEST_CASE("agencies[].province_groups generates that many networks in each group", "[scenario][shape]") {
  const ScenarioDef def = load_scenario_text(R"(name: shape
agencies:
  - id: A
    sectors: [manufacturing, trade]
    province_groups: {North Upper 1: 3, East: 2}
  - id: B
    networks: 2
    sectors: [agriculture]
)",
                                             "shape.yaml")
                              .def;
  // Without `networks`, the count is the sum of the groups' counts.
  CHECK(agency(def, "A").networks == 5);
  const std::vector<ClusterSpec> networks = expand_networks(def);
  CHECK(ids_of(networks) == std::vector<std::string>{"A-01", "A-02", "A-03", "A-04", "A-05", "B-01", "B-02"});
  CHECK(groups_of(networks, 0) ==
        std::vector<std::string>{"North Upper 1", "North Upper 1", "North Upper 1", "East", "East"});
  // Sectors round-robin over the agency's networks, as for round-robin groups.
  CHECK(networks[0].sector == Sector::manufacturing);
  CHECK(networks[1].sector == Sector::trade);
  CHECK(networks[2].sector == Sector::manufacturing);
  CHECK(networks[4].sector == Sector::manufacturing);
  // An agency without province_groups takes the declared groups round-robin; the networks of
  // agencies that name their groups do not use up places in that order.
  CHECK(groups_of(networks, 1) == std::vector<std::string>{"North Upper 1", "North Upper 2"});
}

TEST_CASE("agencies[].province_groups: networks, if given, must equal the sum", "[scenario][shape]") {
  const char* const agreeing = R"(name: shape
agencies:
  - {id: A, networks: 5, sectors: [trade], province_groups: {North Upper 1: 3, East: 2}}
)";
  CHECK(load_scenario_text(agreeing, "shape.yaml").def.agencies[0].networks == 5);

  const auto e = load_error(R"(name: shape
agencies:
  - id: A
    networks: 4
    sectors: [trade]
    province_groups: {North Upper 1: 3, East: 2}
)");
  REQUIRE(e);
  INFO(e->what());
  CHECK(e->where().line == 4);
  CHECK(e->where().column == 15);
  CHECK(e->key_path() == "agencies.A.networks");
  CHECK_THAT(e->message(), Contains("province_groups") && Contains("5") && Contains("4"));

  SECTION("counts are whole numbers, and the groups a map") {
    const auto fraction =
        load_error("name: shape\nagencies:\n  - {id: A, sectors: [trade], province_groups: {East: 1.5}}\n");
    REQUIRE(fraction);
    CHECK(fraction->key_path() == "agencies.A.province_groups.East");
    CHECK_THAT(fraction->message(), Contains("whole number"));
    const auto list =
        load_error("name: shape\nagencies:\n  - {id: A, sectors: [trade], province_groups: [East, North]}\n");
    REQUIRE(list);
    CHECK(list->key_path() == "agencies.A.province_groups");
    CHECK_THAT(list->message(), Contains("{North Upper 1: 3, East: 2}"));
  }

  SECTION("generated networks only: an agency naming its groups cannot also be listed") {
    const auto listed = load_error(R"(name: shape
agencies:
  - {id: A, networks: 1, sectors: [trade], province_groups: {East: 1}}
networks:
  list:
    - {id: a1, agency: A, sector: trade, province_group: East}
)");
    REQUIRE(listed);
    CHECK(listed->key_path() == "agencies.A.province_groups");
    CHECK_THAT(listed->message(), Contains("networks.list"));
  }
}

TEST_CASE("extends: a child's province_groups sets the count the parent gave", "[scenario][shape][extends]") {
  // The built-in DIP leads 17 listed networks; a child that names DIP's groups means those.
  const ScenarioDef def = load_scenario_text(R"(name: child
extends: default
networks: {list: ~}
agencies:
  - id: DIP
    province_groups: {East: 2, South Border: 1}
)",
                                             "child.yaml")
                              .def;
  CHECK(agency(def, "DIP").networks == 3);
  CHECK(expand_networks(def).size() == 54 - 17 + 3);

  // Over a parent that names DIP's groups, the child's groups replace them whole (one value,
  // as a distribution is), rather than merging group by group.
  const ScenarioDef over_groups =
      load_scenario_text("name: child\nextends: " + std::string(SMESIM_SOURCE_DIR) +
                             "/scenarios/example_2027.yaml\n"
                             "agencies:\n  - {id: DIP, province_groups: {East: 4}}\n",
                         "child.yaml")
          .def;
  CHECK(agency(over_groups, "DIP").networks == 4);
  const auto networks = expand_networks(over_groups);
  const auto dip = std::find_if(over_groups.agencies.begin(), over_groups.agencies.end(),
                                [](const AgencyDef& a) { return a.id == "DIP"; }) -
                   over_groups.agencies.begin();
  CHECK(groups_of(networks, static_cast<int>(dip)) == std::vector<std::string>(4, "East"));
}

TEST_CASE("province groups are declared and an undeclared one is an error", "[scenario][shape]") {
  SECTION("the 18 official groups by default, in their order for round-robin") {
    const ScenarioDef def = load_scenario_text("name: plain\n", "plain.yaml").def;
    const auto networks = expand_networks(def);
    REQUIRE(networks.size() == 54);
    for (std::size_t i = 0; i < networks.size(); ++i)
      CHECK(networks[i].province_group == official_province_groups()[i % 18]);
  }

  SECTION("a declared list replaces them; round-robin goes over it") {
    const ScenarioDef def = load_scenario_text(R"(name: declared
province_groups: [East, ภาคเหนือ, South Border]
agencies:
  - {id: A, networks: 4, sectors: [trade]}
  - {id: B, sectors: [trade], province_groups: {ภาคเหนือ: 2}}
)",
                                               "declared.yaml")
                                .def;
    const auto networks = expand_networks(def);
    CHECK(groups_of(networks, 0) == std::vector<std::string>{"East", "ภาคเหนือ", "South Border", "East"});
    CHECK(groups_of(networks, 1) == std::vector<std::string>{"ภาคเหนือ", "ภาคเหนือ"});
  }

  SECTION("an agency's undeclared group: did you mean, at the group's key") {
    const auto e = load_error(R"(name: typo
agencies:
  - id: A
    sectors: [trade]
    province_groups: {North Upper 1: 3, Eest: 2}
)");
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->where().file == "shape.yaml");
    CHECK(e->where().line == 5);
    CHECK(e->where().column == 41);
    CHECK_THAT(e->message(), Contains("did you mean `East`?") && Contains("province_groups"));
  }

  SECTION("a listed network's undeclared group: did you mean, at its value") {
    const auto e = load_error(R"(name: typo
agencies:
  - {id: A, networks: 2, sectors: [trade]}
networks:
  list:
    - {id: a1, agency: A, sector: trade, province_group: East}
    - {id: a2, agency: A, sector: trade, province_group: Eest}
)");
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->key_path() == "networks.list.a2.province_group");
    CHECK(e->where().line == 7);
    CHECK(e->where().column == 58);
    CHECK_THAT(e->message(), Contains("did you mean `East`?"));
  }

  SECTION("a child's list replaces the parent's: what the child no longer declares is an error") {
    const auto e = load_error("name: child\nextends: default\nprovince_groups: [East]\n", "child.yaml");
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->where().file == std::string(kBuiltinScenarioLabel));  // the inherited list names them
    CHECK_THAT(e->key_path(), Contains("province_group"));
  }

  SECTION("the declaration itself: a list of distinct names, at least one") {
    const auto duplicate = load_error("name: d\nprovince_groups: [East, North, East]\n");
    REQUIRE(duplicate);
    CHECK(duplicate->key_path() == "province_groups[2]");
    CHECK(duplicate->where().column == 32);
    CHECK_THAT(duplicate->message(), Contains("twice"));
    const auto empty = load_error("name: d\nprovince_groups: []\n");
    REQUIRE(empty);
    CHECK(empty->key_path() == "province_groups");
    const auto map = load_error("name: d\nprovince_groups: {East: 1}\n");
    REQUIRE(map);
    CHECK(map->key_path() == "province_groups");
  }
}

TEST_CASE("agencies: {replace: true, list: [...]} replaces the parent's agencies",
          "[scenario][shape][extends]") {
  const ScenarioDef def = load_scenario_text(R"(name: replaced
extends: default
networks: {list: ~}
agencies:
  replace: true
  list:
    - {id: A, sectors: [trade], province_groups: {East: 2}}
    - {id: DIP, sectors: [manufacturing], networks: 3}
)",
                                             "replaced.yaml")
                              .def;
  CHECK(agency_ids(def) == std::vector<std::string>{"A", "DIP"});
  // DIP is a new agency here, not the parent's DIP with changes: its name is not inherited.
  CHECK(agency(def, "DIP").name.empty());
  CHECK(expand_networks(def).size() == 5);
  // The rest is inherited: the built-in priors.
  CHECK_FALSE(def.dynamics.learning_rate.is_fixed());

  SECTION("replace: false merges by id, as a plain list does") {
    const ScenarioDef merged = load_scenario_text(
                                   "name: m\nextends: default\nnetworks: {list: ~}\n"
                                   "agencies: {replace: false, list: [{id: A, sectors: [trade]}]}\n",
                                   "m.yaml")
                                   .def;
    CHECK(merged.agencies.size() == 10);
  }
  SECTION("a file without extends may say it too: its agencies replace the defaults anyway") {
    const ScenarioDef own =
        load_scenario_text("name: own\nagencies: {replace: true, list: [{id: A, sectors: [trade]}]}\n",
                           "own.yaml")
            .def;
    CHECK(agency_ids(own) == std::vector<std::string>{"A"});
  }
  SECTION("remove has nothing to drop in a replacing list") {
    const auto e =
        load_error("name: r\nextends: default\nagencies: {replace: true, list: [{id: DIP, remove: true}]}\n");
    REQUIRE(e);
    CHECK_THAT(e->message(), Contains("replace"));
  }
  SECTION("keys of the map are checked") {
    const auto e = load_error("name: r\nextends: default\nagencies: {replace: true, lst: []}\n");
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->key_path() == "agencies.lst");
    CHECK_THAT(e->message(), Contains("did you mean `list`?"));
    const auto yes_no = load_error("name: r\nextends: default\nagencies: {replace: maybe, list: []}\n");
    REQUIRE(yes_no);
    CHECK(yes_no->key_path() == "agencies.replace");
    const auto missing = load_error("name: r\nextends: default\nagencies: {replace: true}\n");
    REQUIRE(missing);
    CHECK(missing->key_path() == "agencies.list");
  }
}

TEST_CASE("a child that adds agencies while the parent's remain is told about replace", "[scenario][shape]") {
  // The inherited networks.list names the nine built-in agencies only.
  const auto e =
      load_error("name: added\nextends: default\nagencies:\n  - {id: NEW, networks: 3, sectors: [trade]}\n");
  REQUIRE(e);
  INFO(e->what());
  CHECK(e->key_path() == "agencies.NEW.networks");
  CHECK_THAT(e->message(),
             Contains("agencies: {replace: true, list: [...]}") && Contains("networks: {list: ~}"));
}

TEST_CASE("ids are ASCII and Thai text goes in name", "[scenario][shape]") {
  const auto agency_id = load_error("name: t\nagencies:\n  - {id: กรมส่งเสริมอุตสาหกรรม, sectors: [trade]}\n");
  REQUIRE(agency_id);
  INFO(agency_id->what());
  CHECK(agency_id->key_path() == "agencies[0].id");
  CHECK(agency_id->where().line == 3);
  CHECK_THAT(agency_id->message(), Contains("ASCII letters, digits, `-` and `_`") &&
                                       Contains("parameter path") && Contains("`name`"));

  const auto network_id = load_error(R"(name: t
agencies:
  - {id: DIP, networks: 1, sectors: [trade]}
networks:
  list:
    - {id: ไหม-01, agency: DIP, sector: trade}
)");
  REQUIRE(network_id);
  CHECK(network_id->key_path() == "networks.list[0].id");
  CHECK_THAT(network_id->message(), Contains("ASCII") && Contains("`name`"));

  // Names take any script, agencies' and networks' alike.
  const ScenarioDef def = load_scenario_text(R"(name: โครงการ-2570
agencies:
  - {id: DIP, name: "กรมส่งเสริมอุตสาหกรรม, \"DIP\"", networks: 1, sectors: [trade]}
networks:
  list:
    - {id: silk-01, name: คลัสเตอร์ไหมไทย, agency: DIP, sector: trade, province_group: East}
)",
                                             "thai.yaml")
                              .def;
  CHECK(def.agencies[0].name == "กรมส่งเสริมอุตสาหกรรม, \"DIP\"");
  CHECK(def.networks.list[0].name == "คลัสเตอร์ไหมไทย");
}

}  // namespace smesim
