// docs/scenario.md "Parameter paths": get and set any parameter by its dotted path, `*` for every
// agency, range checks, and nearest valid paths for a path that names nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>

#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using Catch::Matchers::Contains;

const ScenarioDef& builtin() {
  static const ScenarioDef def = load_builtin_scenario().def;
  return def;
}

template <class F>
std::optional<ScenarioError> error_of(F&& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

TEST_CASE("get_parameter by path", "[scenario][paths]") {
  const ScenarioDef& def = builtin();
  CHECK(get_parameter(def, "programme.budget_thb") == "309000000");
  CHECK(get_parameter(def, "dynamics.market.q_per_year") == "uniform[0.12, 0.8]");
  CHECK(get_parameter(def, "agencies.DIP.strategy.mentoring.targeting") == "broad");
  CHECK(get_parameter(def, "agencies.DIP.networks") == "17");
  CHECK(get_parameter(def, "agencies.DIP.budget_thb") == "auto");
  CHECK(get_parameter(def, "agencies.MOI-OPS.sectors") == "[agriculture, trade, services]");
  CHECK(get_parameter(def, "agencies.QSDS.strategy.mentoring.focus.market") == "1");
  CHECK(get_parameter(def, "networks.list.silk-ne.province_group") == "North-East Central");
  CHECK(get_parameter(def, "networks.list.silk-ne.agency") == "QSDS");
  CHECK(get_parameter(def, "time.horizon_months") == "36");
  CHECK(get_parameter(def, "name") == "osmep-2015");
}

TEST_CASE("set_parameter by path", "[scenario][paths]") {
  ScenarioDef def = builtin();

  SECTION("a number") {
    CHECK(set_parameter(def, "programme.budget_thb", Param(100e6)) == 1);
    CHECK(def.programme.budget_thb == Param(100e6));
    CHECK(get_parameter(def, "programme.budget_thb") == "100000000");
  }
  SECTION("a prior") {
    const Param prior(DistributionKind::uniform, {0.2, 0.5, 0.0});
    CHECK(set_parameter(def, "dynamics.market.q_per_year", prior) == 1);
    CHECK(def.dynamics.market.q_per_year == prior);
    CHECK(set_parameter(def, "dynamics.market.q_per_year", "0.4") == 1);
    CHECK(def.dynamics.market.q_per_year == Param(0.4));
  }
  SECTION("a choice by name, for one agency only") {
    CHECK(set_parameter(def, "agencies.DIP.strategy.mentoring.targeting", "laggards") == 1);
    for (const AgencyDef& a : def.agencies) {
      INFO(a.id);
      CHECK(a.strategy.mentoring.targeting == (a.id == "DIP" ? Targeting::laggards : Targeting::broad));
    }
    CHECK(get_parameter(def, "agencies.DIP.strategy.mentoring.targeting") == "laggards");
  }
  SECTION("integers, auto, sectors, text") {
    CHECK(set_parameter(def, "replications", "200") == 1);
    CHECK(def.replications == 200);
    CHECK(set_parameter(def, "time.horizon_months", Param(48.0)) == 1);
    CHECK(def.time.horizon_months == 48);
    CHECK(set_parameter(def, "agencies.DIP.budget_thb", "5000000") == 1);
    CHECK(def.agencies[1].budget_thb == Param(5e6));
    CHECK(set_parameter(def, "agencies.DIP.budget_thb", "auto") == 1);
    CHECK_FALSE(def.agencies[1].budget_thb.is_set());
    CHECK(set_parameter(def, "agencies.DIP.sectors", "manufacturing, trade") == 1);
    CHECK(def.agencies[1].sectors == std::vector<Sector>{Sector::manufacturing, Sector::trade});
    CHECK(set_parameter(def, "description", "a variant") == 1);
    CHECK(def.description == "a variant");
  }
  SECTION("a listed network's topology") {
    CHECK(set_parameter(def, "networks.list.silk-ne.topology.kind", "complete") == 1);
    const auto networks = expand_networks(def);
    const auto silk = std::find_if(networks.begin(), networks.end(),
                                   [](const ClusterSpec& c) { return c.id == "silk-ne"; });
    REQUIRE(silk != networks.end());
    CHECK(silk->topology.kind == TopologyKind::complete);
    CHECK(networks.front().topology.kind == TopologyKind::small_world);
  }
}

TEST_CASE("a wildcard sets the parameter of every agency", "[scenario][paths]") {
  ScenarioDef def = builtin();
  CHECK(set_parameter(def, "agencies.*.strategy.split.mentoring", Param(0.4)) == 9);
  for (const AgencyDef& a : def.agencies) {
    INFO(a.id);
    CHECK(a.strategy.split.mentoring == Param(0.4));
    CHECK(a.strategy.split.network == Param(0.2));
  }
  CHECK(set_parameter(def, "agencies.*.strategy.mentoring.targeting", "hubs") == 9);
  CHECK(std::all_of(def.agencies.begin(), def.agencies.end(),
                    [](const AgencyDef& a) { return a.strategy.mentoring.targeting == Targeting::hubs; }));
  // `*` matches exactly one segment: every agency's focus slots, 3 each.
  CHECK(set_parameter(def, "agencies.DIP.strategy.mentoring.focus.*", Param(0.5)) == 3);
  CHECK(set_parameter(def, "networks.list.*.members", Param(150.0)) == 54);

  SECTION("set_parameter checks one value; validate checks that the split still sums to 1") {
    const auto error = error_of([&] { validate(def); });
    REQUIRE(error.has_value());
    CHECK(error->key_path() == "agencies.MOI-OPS.strategy.split");
    CHECK_FALSE(error->where().known());
    CHECK_THAT(error->what(), Contains("sum to 1, got 0.9"));
    REQUIRE(set_parameter(def, "agencies.*.strategy.split.technology", Param(0.4)) == 9);
    CHECK_NOTHROW(validate(def));
  }
}

TEST_CASE("setting a value out of range throws and changes nothing", "[scenario][paths]") {
  ScenarioDef def = builtin();
  struct Case {
    const char* path;
    Param value;
    const char* phrase;
  };
  const Case cases[] = {
      {"dynamics.technology.success_probability", Param(1.5), "expected a number in [0, 1], got 1.5"},
      {"programme.budget_thb", Param(-1.0), "got -1"},
      {"dynamics.learning_rate", Param(DistributionKind::uniform, {0.5, 1.5, 0.0}), "a prior within"},
      {"dynamics.learning_rate", Param(DistributionKind::uniform, {0.1, 0.05, 0.0}), "lo <= hi"},
      {"replications", Param(0.0), "expected a whole number in [1, "},
      {"replications", Param(2.5), "expected a whole number"},
      {"time.horizon_months", Param(DistributionKind::uniform, {12, 24, 0.0}), "expected a whole number"},
      {"targets.developed_smes", Param(DistributionKind::uniform, {1, 2, 0.0}), "cannot be a distribution"},
      {"programme.budget_thb", Param(), "cannot be `auto`"},
      {"agencies.DIP.strategy.mentoring.targeting", Param(1.0), "expected text"},
      {"agencies.*.strategy.split.network", Param(2.0), "expected a number in [0, 1], got 2"},
  };
  const std::string before = resolved_scenario_json(def);
  for (const Case& c : cases) {
    INFO(c.path << " = " << describe(c.value));
    const auto error = error_of([&] { set_parameter(def, c.path, c.value); });
    REQUIRE(error.has_value());
    CHECK(dynamic_cast<const UnknownParameterError*>(&*error) == nullptr);
    CHECK_THAT(error->message(), Contains(c.phrase));
    if (std::string(c.path).find('*') == std::string::npos) CHECK(error->key_path() == c.path);
  }
  CHECK(resolved_scenario_json(def) == before);

  SECTION("from text") {
    CHECK_THROWS_AS(set_parameter(def, "dynamics.trust.initial", "1.2"), ScenarioError);
    CHECK_THROWS_WITH(set_parameter(def, "dynamics.trust.initial", "high"),
                      Contains("expected a number, got `high`"));
    CHECK_THROWS_WITH(set_parameter(def, "agencies.DIP.sectors", "manufacturing, mining"),
                      Contains("`mining`"));
    CHECK(resolved_scenario_json(def) == before);
  }
}

TEST_CASE("setting a choice to an invalid name throws", "[scenario][paths]") {
  ScenarioDef def = builtin();
  const auto error =
      error_of([&] { set_parameter(def, "agencies.DIP.strategy.mentoring.targeting", "lagards"); });
  REQUIRE(error.has_value());
  CHECK(dynamic_cast<const UnknownParameterError*>(&*error) == nullptr);
  CHECK(error->key_path() == "agencies.DIP.strategy.mentoring.targeting");
  CHECK_THAT(error->message(), Contains("expected one of broad, laggards, leaders, hubs"));
  CHECK_THAT(error->message(), Contains("did you mean `laggards`?"));
  CHECK(def.agencies[1].strategy.mentoring.targeting == Targeting::broad);
  CHECK_THROWS_AS(set_parameter(def, "networks.generate.topology.kind", "ring"), ScenarioError);
  CHECK(def.networks.topology.kind == TopologyKind::small_world);
}

TEST_CASE("a path that names nothing lists the nearest valid paths", "[scenario][paths]") {
  ScenarioDef def = builtin();
  SECTION("set") {
    try {
      set_parameter(def, "programme.budget", Param(1.0));
      FAIL("expected UnknownParameterError");
    } catch (const UnknownParameterError& e) {
      CHECK(e.key_path() == "programme.budget");
      CHECK_THAT(e.message(), Contains("nearest valid paths"));
      CHECK_THAT(e.message(), Contains("programme.budget_thb"));
      CHECK_FALSE(e.where().known());
    }
  }
  SECTION("get") {
    try {
      (void)get_parameter(def, "dynamics.market.q_per_yr");
      FAIL("expected UnknownParameterError");
    } catch (const UnknownParameterError& e) {
      CHECK(e.key_path() == "dynamics.market.q_per_yr");
      CHECK_THAT(e.message(), Contains("dynamics.market.q_per_year"));
    }
  }
  SECTION("an agency that does not exist") {
    CHECK_THROWS_AS(set_parameter(def, "agencies.DIPP.strategy.split.mentoring", Param(0.5)),
                    UnknownParameterError);
    CHECK_THROWS_WITH(set_parameter(def, "agencies.DIPP.strategy.split.mentoring", Param(0.5)),
                      Contains("agencies.DIP.strategy.split.mentoring"));
  }
  SECTION("a wildcard that matches nothing") {
    CHECK_THROWS_AS(set_parameter(def, "agencies.*.strategy.split.mentorin", Param(0.5)),
                    UnknownParameterError);
    // An interior path is not a parameter.
    CHECK_THROWS_AS(get_parameter(def, "dynamics.market"), UnknownParameterError);
  }
  SECTION("an UnknownParameterError is a ScenarioError") {
    CHECK_THROWS_AS(set_parameter(def, "nonsense", "1"), ScenarioError);
  }
}

TEST_CASE("nearest_parameter_paths ranks the intended path first", "[scenario][paths]") {
  const ScenarioDef& def = builtin();
  const auto near = nearest_parameter_paths(def, "dynamics.market.q_per_yer");
  REQUIRE(near.size() == 3);
  CHECK(near.front() == "dynamics.market.q_per_year");
  CHECK(nearest_parameter_paths(def, "programme.budget_thbb", 1) ==
        std::vector<std::string>{"programme.budget_thb"});
  CHECK(nearest_parameter_paths(def, "agencies.DIP.strategy.mentoring.targetting").front() ==
        "agencies.DIP.strategy.mentoring.targeting");
  CHECK(nearest_parameter_paths(def, "dynamics.trust.intial").front() == "dynamics.trust.initial");
  CHECK(nearest_parameter_paths(def, "sme.size_mix.smal", 5).size() == 5);
  CHECK(nearest_parameter_paths(def, "sme.size_mix.smal").front() == "sme.size_mix.small");
}

TEST_CASE("parameter_fields describes every path", "[scenario][paths]") {
  const auto fields = parameter_fields(builtin());
  auto find = [&](const std::string& path) {
    const auto it =
        std::find_if(fields.begin(), fields.end(), [&](const FieldInfo& f) { return f.path == path; });
    REQUIRE(it != fields.end());
    return *it;
  };
  const FieldInfo p = find("dynamics.technology.success_probability");
  CHECK(p.kind == FieldKind::number);
  CHECK(p.min == 0.0);
  CHECK(p.max == 1.0);
  CHECK(p.distributable);
  const FieldInfo t = find("agencies.DIP.strategy.mentoring.targeting");
  CHECK(t.kind == FieldKind::choice);
  CHECK(t.choices == std::vector<std::string>{"broad", "laggards", "leaders", "hubs", "largest"});
  CHECK(find("agencies.DIP.strategy.technology.targeting").choices == t.choices);
  const FieldInfo engagement = find("agencies.DIP.strategy.mentoring.engagement_months");
  CHECK(engagement.kind == FieldKind::integer);
  CHECK(engagement.min == 0.0);
  CHECK(engagement.max == 1200.0);
  CHECK(find("agencies.DIP.budget_thb").optional);
  CHECK_FALSE(find("programme.budget_thb").optional);
  CHECK(find("replications").kind == FieldKind::integer);
  // Every agency and every listed network has its own paths.
  const auto count = [&](const std::string& suffix) {
    return std::count_if(fields.begin(), fields.end(),
                         [&](const FieldInfo& f) { return f.path.ends_with(suffix); });
  };
  CHECK(count(".strategy.split.mentoring") == 9);
  CHECK(count(".province_group") == 54);
  // Every path of the top level and of one agency reads back (all of them is slow in Debug).
  for (const FieldInfo& f : fields) {
    if (f.path.starts_with("networks.list.") ||
        (f.path.starts_with("agencies.") && !f.path.starts_with("agencies.DIP.")))
      continue;
    CHECK_NOTHROW(get_parameter(builtin(), f.path));
  }
}

}  // namespace
}  // namespace smesim
