// Relative values in studies (docs/experiments.md, "Relative values"): `"*1.2"` multiplies and
// `+5e7` adds to the base scenario's resolved value, every matched field on its own; an
// agency's budget changes as new money (its resolved allocation, `auto` included, changes and
// every other agency keeps its allocation to the satang); compare variants, sweep values and
// ranges, sensitivity ranges and solve ranges all take them.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "model/model_params.hpp"
#include "smesim/scenario/compare_def.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/sensitivity_def.hpp"
#include "smesim/scenario/solve_def.hpp"
#include "smesim/scenario/sweep_def.hpp"
#include "support/experiment_support.hpp"

namespace smesim {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using detail::build_model_params;
using detail::ModelParams;

// The default programme as planners run it: scenarios/osmep_2015.yaml (nine agencies, every
// budget `auto`).
const ScenarioDef& osmep() {
  static const ScenarioDef def =
      load_scenario_file(std::string(SMESIM_SOURCE_DIR) + "/scenarios/osmep_2015.yaml").def;
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

ScenarioDef apply(const ScenarioDef& base, std::vector<ParameterSetting> settings) {
  return apply_parameter_settings(base, settings);
}

std::size_t agency_index(const ScenarioDef& def, const std::string& id) {
  for (std::size_t a = 0; a < def.agencies.size(); ++a)
    if (def.agencies[a].id == id) return a;
  FAIL("no agency " << id);
  return 0;
}

// What the model itself allocates (replication 0; the budgets are fixed, so every replication).
ModelParams model(const ScenarioDef& def) { return build_model_params(def, 0); }

TEST_CASE("relative values: the syntax", "[scenario][relative]") {
  auto check = [](const std::string& text, RelativeOp op, double amount, const std::string& canonical) {
    INFO(text);
    const RelativeValue r = parse_relative_value(text);
    CHECK(r.op == op);
    CHECK(r.amount == amount);
    CHECK(relative_value_text(r) == canonical);
  };
  check("*1.2", RelativeOp::multiply, 1.2, "*1.2");
  check(
      "\xC3\x97"
      "1.2",
      RelativeOp::multiply, 1.2, "*1.2");  // ×1.2
  check("* 0.8", RelativeOp::multiply, 0.8, "*0.8");
  check("*0", RelativeOp::multiply, 0, "*0");
  check("+5e7", RelativeOp::add, 5e7, "+50000000");
  check("+50_000_000", RelativeOp::add, 5e7, "+50000000");
  check("-0.1", RelativeOp::add, -0.1, "-0.1");
  check("-0", RelativeOp::add, 0, "+0");
  CHECK(parse_relative_value("1.2").op == RelativeOp::none);
  CHECK(parse_relative_value("laggards").op == RelativeOp::none);
  CHECK(parse_relative_value("auto").op == RelativeOp::none);
  for (const char* bad : {"*", "*x", "*-1", "*+1", "+", "++5", "+5x", "--1", "*1.2.3"}) {
    INFO(bad);
    const auto e = error_of([&] { parse_relative_value(bad); });
    REQUIRE(e);
    CHECK_THAT(e->message(), Contains("expected a number after"));
  }
  // A percentage is ambiguous for shares (20 percent more, or 20 percentage points?): refused.
  const auto e = error_of([] { parse_relative_value("+20%"); });
  REQUIRE(e);
  CHECK_THAT(e->message(), Contains("percentage is ambiguous"));
  CHECK_THAT(e->message(), Contains("\"*1.2\""));
}

TEST_CASE("resolve_budget_allocation is the model's allocation, to the satang", "[scenario][relative]") {
  auto same_as_model = [](const ScenarioDef& def) {
    const BudgetAllocation a = resolve_budget_allocation(def);
    const ModelParams m = model(def);
    CHECK(a.budget_satang == m.budget_satang);
    CHECK(a.overhead_satang == m.overhead_satang);
    CHECK(a.unallocated_satang == m.unallocated_satang);
    REQUIRE(a.agency_satang.size() == m.agencies.size());
    for (std::size_t i = 0; i < m.agencies.size(); ++i) {
      INFO(m.agencies[i].id);
      CHECK(a.agency_satang[i] == m.agencies[i].allocation_satang);
    }
  };
  SECTION("every budget auto") { same_as_model(osmep()); }
  SECTION("explicit, share and auto budgets with an overhead") {
    ScenarioDef def = osmep();
    set_parameter(def, "programme.budget_thb", "309000000.07");
    set_parameter(def, "programme.overhead_share", "0.0731");
    set_parameter(def, "agencies.DIP.budget_thb", "50000000.01");
    set_parameter(def, "agencies.FTI.budget_share", "0.1234567");
    set_parameter(def, "agencies.RICE.budget_share", "0.05");
    validate(def);
    same_as_model(def);
  }
  SECTION("explicit budgets only: money left unallocated") {
    ScenarioDef def = osmep();
    set_parameter(def, "agencies.*.budget_thb", "1000000.03");
    validate(def);
    same_as_model(def);
    CHECK(resolve_budget_allocation(def).unallocated_satang > 0);
  }
  SECTION("a budget prior has no single allocation") {
    ScenarioDef def = osmep();
    set_parameter(def, "programme.budget_thb", Param(DistributionKind::uniform, {2e8, 3e8, 0}));
    const auto e = error_of([&] { resolve_budget_allocation(def); });
    REQUIRE(e);
    CHECK(e->key_path() == "programme.budget_thb");
    CHECK_THAT(e->message(), Contains("is a prior"));
  }
}

// The planners' sentence: "DIP gets 20% more, as new money".
TEST_CASE("agencies.DIP.budget_thb: \"*1.2\" gives DIP 1.2 times its auto allocation as new money",
          "[scenario][relative][budget]") {
  const ScenarioDef& base = osmep();
  const std::size_t dip = agency_index(base, "DIP");
  REQUIRE_FALSE(base.agencies[dip].budget_thb.is_set());  // `auto` in the file
  const ScenarioDef variant = apply(base, {{"agencies.DIP.budget_thb", "*1.2", {}}});
  validate(variant);
  const ModelParams before = model(base);
  const ModelParams after = model(variant);
  const auto dip_before = before.agencies[dip].allocation_satang;
  const auto dip_after = after.agencies[dip].allocation_satang;
  CHECK(dip_before == 9'727'777'778);  // 309 M THB x 17 / 54 networks, largest remainder
  // 1.2 x its allocation, within a satang.
  CHECK(std::fabs(static_cast<double>(dip_after) - 1.2 * static_cast<double>(dip_before)) <= 1.0);
  for (std::size_t a = 0; a < base.agencies.size(); ++a) {
    INFO(base.agencies[a].id);
    if (a != dip) CHECK(after.agencies[a].allocation_satang == before.agencies[a].allocation_satang);
  }
  // The programme grows by exactly the difference: new money, nothing taken from the others.
  CHECK(after.budget_satang - before.budget_satang == dip_after - dip_before);
  CHECK(after.overhead_satang == 0);
  CHECK(after.unallocated_satang == before.unallocated_satang);
  // What it resolved to, for the study's identity.
  const auto changed = changed_parameters(base, variant);
  REQUIRE(changed.size() == 1 + base.agencies.size());
  CHECK(changed.front() == std::pair<std::string, std::string>{"programme.budget_thb", "328455555.56"});
}

TEST_CASE("relative agency budgets: overhead, shares, transfers and every agency at once",
          "[scenario][relative][budget]") {
  ScenarioDef base = osmep();
  set_parameter(base, "programme.overhead_share", "0.1");
  set_parameter(base, "agencies.FTI.budget_share", "0.2");
  set_parameter(base, "agencies.DOF.budget_thb", "3000000");
  validate(base);
  const ModelParams before = model(base);
  auto pot = [](const ModelParams& m) { return m.budget_satang - m.overhead_satang; };

  SECTION(
      "the overhead share is kept: the programme grows by delta / (1 - overhead), the agencies' "
      "money by delta") {
    const std::size_t fti = agency_index(base, "FTI");
    const ScenarioDef variant = apply(base, {{"agencies.FTI.budget_thb", "+10000000.01", {}}});
    validate(variant);
    const ModelParams after = model(variant);
    CHECK(after.agencies[fti].allocation_satang == before.agencies[fti].allocation_satang + 1'000'000'001);
    for (std::size_t a = 0; a < base.agencies.size(); ++a)
      if (a != fti) CHECK(after.agencies[a].allocation_satang == before.agencies[a].allocation_satang);
    CHECK(pot(after) - pot(before) == 1'000'000'001);
    CHECK(std::fabs(static_cast<double>(after.budget_satang - before.budget_satang) - 1'000'000'001 / 0.9) <=
          1);
    CHECK(after.unallocated_satang == before.unallocated_satang);
    CHECK(variant.programme.overhead_share == Param(0.1));
    CHECK_FALSE(variant.agencies[fti].budget_share.is_set());  // pinned to THB
  }
  SECTION("\"*1\" pins the budgets and changes no amount, overhead included") {
    const ScenarioDef variant = apply(base, {{"agencies.*.budget_thb", "*1", {}}});
    validate(variant);
    const ModelParams after = model(variant);
    CHECK(after.budget_satang == before.budget_satang);
    CHECK(after.overhead_satang == before.overhead_satang);
    CHECK(after.unallocated_satang == before.unallocated_satang);
    for (std::size_t a = 0; a < base.agencies.size(); ++a)
      CHECK(after.agencies[a].allocation_satang == before.agencies[a].allocation_satang);
  }
  SECTION("moving money: +30 M to DIP and -30 M from MOI-OPS leave the programme budget alone") {
    const ScenarioDef variant =
        apply(base, {{"agencies.DIP.budget_thb", "+30e6", {}}, {"agencies.MOI-OPS.budget_thb", "-30e6", {}}});
    validate(variant);
    const ModelParams after = model(variant);
    CHECK(after.budget_satang == before.budget_satang);
    for (std::size_t a = 0; a < base.agencies.size(); ++a) {
      const std::string& id = base.agencies[a].id;
      INFO(id);
      const std::int64_t change = id == "DIP" ? 3'000'000'000 : id == "MOI-OPS" ? -3'000'000'000 : 0;
      CHECK(after.agencies[a].allocation_satang == before.agencies[a].allocation_satang + change);
    }
  }
  SECTION("a wildcard: every agency 10% less, the programme shrinks by the sum") {
    const ScenarioDef variant = apply(base, {{"agencies.*.budget_thb", "*0.9", {}}});
    validate(variant);
    const ModelParams after = model(variant);
    std::int64_t delta = 0;
    for (std::size_t a = 0; a < base.agencies.size(); ++a) {
      const auto b = before.agencies[a].allocation_satang;
      CHECK(after.agencies[a].allocation_satang == std::llround(0.9 * static_cast<double>(b)));
      delta += after.agencies[a].allocation_satang - b;
    }
    CHECK(delta < 0);
    CHECK(pot(after) - pot(before) == delta);
    CHECK(after.unallocated_satang == before.unallocated_satang);
    CHECK(std::fabs(static_cast<double>(after.budget_satang - before.budget_satang) -
                    static_cast<double>(delta) / 0.9) <= 1);
  }
  SECTION("what cannot go with it") {
    for (const char* path :
         {"programme.budget_thb", "programme.overhead_share", "agencies.FTI.budget_share"}) {
      INFO(path);
      const SourceLocation at{"study.yaml", 7, 9};
      const auto e = error_of([&] {
        apply(base, {{"agencies.DIP.budget_thb", "*1.2", {"study.yaml", 6, 5}}, {path, "0.3", at}});
      });
      REQUIRE(e);
      CHECK(e->where().line == 7);
      CHECK(e->where().column == 9);
      CHECK_THAT(e->message(), Contains("cannot be set together with a relative agency budget"));
    }
    const auto e = error_of([&] {
      apply(base, {{"agencies.DIP.budget_thb", "*1.2", {}}, {"agencies.FTI.budget_thb", "5e6", {}}});
    });
    REQUIRE(e);
    CHECK(e->key_path() == "agencies.FTI.budget_thb");
  }
  SECTION("out of range") {
    const auto e = error_of([&] { apply(base, {{"agencies.DOF.budget_thb", "-5e6", {"s.yaml", 3, 4}}}); });
    REQUIRE(e);
    CHECK(e->where().line == 3);
    CHECK(e->key_path() == "agencies.DOF.budget_thb");
    CHECK_THAT(e->message(), Contains("3000000 THB - 5000000 is -2000000 THB"));
  }
}

TEST_CASE("relative values of other parameters", "[scenario][relative]") {
  const ScenarioDef& base = osmep();
  SECTION("a number, every matched field from its own base value") {
    ScenarioDef def = base;
    set_parameter(def, "agencies.DIP.strategy.mentoring.cost_per_firm_month_thb", "4000");
    const ScenarioDef v = apply(def, {{"agencies.*.strategy.mentoring.cost_per_firm_month_thb", "*1.5", {}}});
    for (const AgencyDef& a : v.agencies)
      CHECK(a.strategy.mentoring.cost_per_firm_month_thb == Param(a.id == "DIP" ? 6000.0 : 4500.0));
    const ScenarioDef w = apply(base, {{"programme.budget_thb", "+1e6", {}}});
    CHECK(w.programme.budget_thb == Param(310e6));
  }
  SECTION("whole numbers are rounded to the nearest") {
    const ScenarioDef v =
        apply(base, {{"time.programme_months", "*1.1", {}}, {"time.horizon_months", "+1", {}}});
    CHECK(v.time.programme_months == 13);
    CHECK(v.time.horizon_months == 37);
  }
  SECTION("a prior: the prior of F X or X + A") {
    const ScenarioDef v =
        apply(base, {{"dynamics.market.q_per_year", "*1.5", {}}, {"dynamics.learning_rate", "+0.01", {}}});
    CHECK(v.dynamics.market.q_per_year == Param(DistributionKind::uniform, {0.12 * 1.5, 0.8 * 1.5, 0}));
    CHECK(v.dynamics.learning_rate == Param(DistributionKind::uniform, {0.02 + 0.01, 0.10 + 0.01, 0}));
    ScenarioDef def = base;
    set_parameter(def, "dynamics.cost_elasticity", Param(DistributionKind::lognormal, {-3, 0.5, 0}));
    set_parameter(def, "dynamics.spillover_per_month", Param(DistributionKind::normal, {0.1, 0.02, 0}));
    set_parameter(def, "dynamics.trust.initial", Param(DistributionKind::beta, {2, 5, 0}));
    const ScenarioDef w =
        apply(def, {{"dynamics.cost_elasticity", "*2", {}}, {"dynamics.spillover_per_month", "*0.5", {}}});
    CHECK(w.dynamics.cost_elasticity == Param(DistributionKind::lognormal, {-3 + std::log(2.0), 0.5, 0}));
    CHECK(w.dynamics.spillover_per_month == Param(DistributionKind::normal, {0.05, 0.01, 0}));
    for (const auto& [path, text, phrase] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"dynamics.cost_elasticity", "+0.1", "cannot be shifted"},
             {"dynamics.trust.initial", "*1.1", "can be neither scaled nor shifted"},
             {"dynamics.market.q_per_year", "*0", "a factor > 0"},
             {"dynamics.market.q_per_year", "*200", "uniform[24, 160]"}}) {
      INFO(path << ": " << text);
      // Clang 14 cannot capture structured bindings in a lambda (C++20 allows it).
      const auto e = error_of([&, path = path, text = text] { apply(def, {{path, text, {}}}); });
      REQUIRE(e);
      CHECK(e->key_path() == path);
      CHECK_THAT(e->message(), Contains(phrase));
    }
  }
  SECTION("refused: out of range, `auto`, text") {
    const auto e = error_of([&] {
      apply(base, {{"agencies.*.strategy.split.mentoring", "*3", {"c.yaml", 4, 30}}});
    });
    REQUIRE(e);
    CHECK(e->where().line == 4);
    CHECK(e->where().column == 30);
    CHECK(e->key_path() == "agencies.MOI-OPS.strategy.split.mentoring");
    CHECK_THAT(e->message(), Contains("0.5 \xC3\x97 3 is 1.5; expected a number in [0, 1]"));
    const auto fit = error_of([&] { apply(base, {{"agencies.DIP.fit.trade", "*1.1", {}}}); });
    REQUIRE(fit);
    CHECK_THAT(fit->message(), Contains("is `auto` in the base scenario"));
    const auto share = error_of([&] { apply(base, {{"agencies.DIP.budget_share", "*1.1", {}}}); });
    REQUIRE(share);
    CHECK_THAT(share->message(), Contains("change the agency's budget_thb instead"));
    // A choice is not a number: "*1.2" is just an unknown name there.
    const auto choice = error_of([&] {
      apply(base, {{"agencies.DIP.strategy.mentoring.targeting", "*1.2", {}}});
    });
    REQUIRE(choice);
    CHECK_THAT(choice->message(), Contains("expected one of broad"));
    // A path that names nothing stays an UnknownParameterError (study files blame the key).
    try {
      apply(base, {{"agencies.XYZ.budget_thb", "*1.2", {"c.yaml", 2, 3}}});
      FAIL("no error");
    } catch (const UnknownParameterError& unknown) {
      CHECK(unknown.where().line == 2);
      CHECK_THAT(unknown.message(), Contains("nearest valid paths"));
    }
  }
}

// --- study files --------------------------------------------------------------------------

struct StudyFile {
  test::TempFolder dir{"relative"};
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (fs::path(dir.path) / name).string();
    test::write_text(path, text);
    return path;
  }
};

template <class Load>
ScenarioError load_error(Load&& load) {
  try {
    load();
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error");
  throw;
}

TEST_CASE("compare: a variant with \"*1.2\" on an auto budget", "[scenario][relative][compare]") {
  StudyFile f;
  const std::string file = f.write("compare.yaml", fmt::format(R"(name: dip
scenario: {}/scenarios/osmep_2015.yaml
replications: 2
variants:
  baseline: {{}}
  dip_plus_20: {{agencies.DIP.budget_thb: "*1.2"}}   # DIP gets 20% more, as new money
  dip_times: {{agencies.DIP.budget_thb: ×1.2, dynamics.market.q_per_year: "*1.1"}}
  moved: {{agencies.DIP.budget_thb: "+30_000_000", agencies.MOI-OPS.budget_thb: "-30e6"}}
)",
                                                               SMESIM_SOURCE_DIR));
  const CompareDef compare = load_compare_file(file);
  CHECK(compare.variants[1].assignments.front().second == "*1.2");
  CHECK(compare.variants[2].assignments.front().second == "*1.2");
  CHECK(compare.variants[3].assignments.front().second == "+30000000");
  CHECK(compare.variants[3].assignments.back().second == "-30000000");
  const auto variants = compare_variants(compare);
  const ModelParams base = model(variants[0]);
  const ModelParams plus = model(variants[1]);
  const std::size_t dip = agency_index(compare.base, "DIP");
  CHECK(std::fabs(static_cast<double>(plus.agencies[dip].allocation_satang) -
                  1.2 * static_cast<double>(base.agencies[dip].allocation_satang)) <= 1.0);
  for (std::size_t a = 0; a < base.agencies.size(); ++a)
    if (a != dip) CHECK(plus.agencies[a].allocation_satang == base.agencies[a].allocation_satang);
  CHECK(plus.budget_satang - base.budget_satang ==
        plus.agencies[dip].allocation_satang - base.agencies[dip].allocation_satang);
  CHECK(model(variants[2]).agencies[dip].allocation_satang == plus.agencies[dip].allocation_satang);
  CHECK(model(variants[3]).budget_satang == base.budget_satang);
  // The identity holds the resolved scenarios: the pinned budgets are in it.
  const std::string identity = compare_identity(compare, variants);
  CHECK_THAT(identity, Contains("328455555.56"));
}

TEST_CASE("compare: bad relative values are refused at file:line:col", "[scenario][relative][compare]") {
  StudyFile f;
  auto error = [&](const std::string& variant) {
    const std::string file = f.write("c.yaml", "name: c\nvariants:\n  a: {}\n  b: " + variant + "\n");
    return load_error([&] { load_compare_file(file); });
  };
  {
    const ScenarioError e = error(R"({agencies.DIP.budget_thb: "+20%"})");
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 32);
    CHECK_THAT(e.message(), Contains("percentage is ambiguous"));
  }
  {
    const ScenarioError e = error(R"({agencies.DIP.strategy.split.mentoring: "*3"})");
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 46);
    CHECK_THAT(e.message(), Contains("0.5 \xC3\x97 3 is 1.5"));
  }
  {
    const ScenarioError e = error(R"({agencies.DIP.budget_thb: "*1.2", programme.budget_thb: 4e8})");
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 62);
    CHECK(e.key_path() == "variants.b.programme.budget_thb");
    CHECK_THAT(e.message(), Contains("cannot be set together with a relative agency budget"));
  }
  {
    // Unquoted, `+3e7` is the number 3e7 to YAML: refused rather than read either way.
    const ScenarioError e = error("{agencies.DIP.budget_thb: +3e7}");
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 32);
    CHECK_THAT(e.message(), Contains("write \"+3e7\" (quoted) to add"));
  }
  {
    // Unquoted, `-5` is the number -5 (out of range, as always), not "subtract 5".
    const ScenarioError e = error("{programme.budget_thb: -5}");
    CHECK(e.where().column == 29);
    CHECK_THAT(e.message(), Contains("expected a number in [0, 10000000000000], got -5"));
  }
  {
    // Unquoted, `*` starts a YAML alias: the message says how to write a factor.
    const ScenarioError e = error("{agencies.DIP.budget_thb: *1.2}");
    CHECK(e.where().line == 4);
    CHECK_THAT(std::string(e.what()), Contains("quote"));
  }
}

TEST_CASE("sweep: relative values, factor ranges and linked axes", "[scenario][relative][sweep]") {
  StudyFile f;
  SECTION("relative grid values and {from, to} of factors") {
    const SweepDef sweep = load_sweep_file(f.write("s.yaml", R"(name: s
replications: 2
parameters:
  agencies.DIP.budget_thb: ["*0.8", ×1, "+1e7"]
  dynamics.market.q_per_year: {from: "*0.5", to: "*1.5", steps: 3}
)"));
    CHECK(sweep.parameters[0].values == std::vector<std::string>{"*0.8", "*1", "+10000000"});
    CHECK(sweep.parameters[1].values == std::vector<std::string>{"*0.5", "*1", "*1.5"});
    const auto points = sweep_points(sweep);
    REQUIRE(points.size() == 9);
    const ScenarioDef v = sweep_variant(sweep, points[2]);  // *0.8, *1.5
    CHECK(v.dynamics.market.q_per_year == Param(DistributionKind::uniform, {0.12 * 1.5, 0.8 * 1.5, 0}));
    const std::size_t dip = agency_index(sweep.base, "DIP");
    CHECK(model(v).agencies[dip].allocation_satang == std::llround(0.8 * 9'727'777'778.0));
    // The identity records what the relative values resolved to, point by point.
    CHECK_THAT(sweep_identity(sweep), Contains("\"resolved_points\""));
  }
  SECTION("a latin hypercube over a factor") {
    const SweepDef sweep = load_sweep_file(f.write("s.yaml", R"(name: s
design: latin_hypercube
points: 5
parameters:
  agencies.*.strategy.mentoring.engagement_months: {range: ["*0.5", "*2"]}
  programme.budget_thb: {range: [2e8, 4e8]}
)"));
    CHECK(sweep.parameters[0].relative == RelativeOp::multiply);
    for (const auto& point : sweep_points(sweep)) {
      INFO(point[0]);
      REQUIRE(point[0].starts_with("*"));
      const double factor = std::stod(point[0].substr(1));
      CHECK(factor >= 0.5);
      CHECK(factor <= 2);
      const ScenarioDef v = sweep_variant(sweep, point);
      CHECK(v.agencies[0].strategy.mentoring.engagement_months == std::lround(3 * factor));
    }
  }
  SECTION("linked: one axis whose i-th values go together, beside the cross product") {
    const SweepDef sweep = load_sweep_file(f.write("s.yaml", R"(name: s
parameters:
  programme.budget_thb: [200e6, 300e6]
  linked:                       # one axis: the i-th values go together
    - {agencies.DIP.budget_thb: [50e6, 80e6, 100e6], agencies.FTI.budget_thb: [30e6, 20e6, 10e6]}
  dynamics.learning_rate: [0.05]
)"));
    REQUIRE(sweep.parameters.size() == 4);
    CHECK(sweep.parameters[0].linked == 0);
    CHECK(sweep.parameters[1].linked == 1);
    CHECK(sweep.parameters[2].linked == 1);
    CHECK(sweep.parameters[3].linked == 0);
    const auto points = sweep_points(sweep);
    REQUIRE(points.size() == 6);
    using P = std::vector<std::string>;
    CHECK(points[0] == P{"200000000", "50000000", "30000000", "0.05"});
    CHECK(points[1] == P{"200000000", "80000000", "20000000", "0.05"});
    CHECK(points[2] == P{"200000000", "100000000", "10000000", "0.05"});
    CHECK(points[5] == P{"300000000", "100000000", "10000000", "0.05"});
    const ScenarioDef v = sweep_variant(sweep, points[4]);
    CHECK(v.agencies[agency_index(v, "DIP")].budget_thb == Param(80e6));
    CHECK(v.agencies[agency_index(v, "FTI")].budget_thb == Param(20e6));
    CHECK_THAT(sweep_identity(sweep),
               Contains(R"("linked":[["agencies.DIP.budget_thb","agencies.FTI.budget_thb"]])"));
  }
  SECTION("linked axes of relative values") {
    const SweepDef sweep = load_sweep_file(f.write("s.yaml", R"(name: s
parameters:
  linked:
    - {agencies.DIP.budget_thb: ["+0", "+10e6", "+20e6"], agencies.MOI-OPS.budget_thb: {from: "-0", to: "-20e6", steps: 3}}
)"));
    const auto points = sweep_points(sweep);
    REQUIRE(points.size() == 3);
    CHECK(points[2] == std::vector<std::string>{"+20000000", "-20000000"});
    // Moving 20 M THB: the programme budget does not change.
    CHECK(model(sweep_variant(sweep, points[2])).budget_satang == 30'900'000'000);
  }
  SECTION("a sweep without relative values or linked axes keeps its identity's form") {
    const SweepDef sweep =
        load_sweep_file(f.write("s.yaml", "name: s\nparameters:\n  programme.budget_thb: [2e8]\n"));
    const std::string identity = sweep_identity(sweep);
    CHECK(identity.find("\"linked\"") == std::string::npos);
    CHECK(identity.find("\"resolved_points\"") == std::string::npos);
  }
}

TEST_CASE("sweep: bad linked axes and relative ranges are refused at file:line:col",
          "[scenario][relative][sweep]") {
  StudyFile f;
  auto error = [&](const std::string& body) {
    const std::string file = f.write("s.yaml", "name: s\n" + body);
    return load_error([&] { load_sweep_file(file); });
  };
  struct Case {
    std::string body;
    int line, column;
    std::string phrase;
  };
  const std::vector<Case> cases{
      {"parameters:\n  linked:\n    - {programme.budget_thb: [1e8, 2e8], agencies.DIP.budget_thb: [1e7]}\n",
       4, 67, "expected 2 values, as many as programme.budget_thb (line 4)"},
      {"parameters:\n  linked:\n    - {programme.budget_thb: [1e8, 2e8]}\n", 4, 7,
       "two or more parameter paths"},
      {"parameters:\n  linked: {programme.budget_thb: [1e8]}\n", 3, 11, "expected a list of linked axes"},
      {"design: sobol\npoints: 4\nparameters:\n  linked:\n    - {programme.budget_thb: {range: [1, 2]}, "
       "dynamics.learning_rate: {range: [0, 1]}}\n",
       5, 3, "linked axes are for a grid design"},
      {"parameters:\n  programme.budget_thb: [1e8]\n  linked:\n    - {programme.budget_thb: [1e8], "
       "dynamics.learning_rate: [0.1]}\n",
       5, 8, "expected each parameter to be varied by one path"},
      {"parameters:\n  programme.budget_thb: {from: \"*0.8\", to: 1.2, steps: 3}\n", 3, 44,
       "expected both ends written alike"},
      {"parameters:\n  programme.budget_thb: [\"*0.8\", \"*1e9\"]\n", 3, 34,
       "expected a number in [0, 10000000000000]"},
      {"parameters:\n  agencies.DIP.budget_thb: [\"-1e9\"]\n", 3, 29,
       "resolved allocation 97277777.78 THB - 1000000000"},
      {"parameters:\n  dynamics.learning_rate: [\"*x\"]\n", 3, 28, "expected a number after `*`"},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    const ScenarioError e = error(c.body);
    INFO(e.what());
    CHECK(e.where().line == c.line);
    CHECK(e.where().column == c.column);
    CHECK_THAT(e.message(), Contains(c.phrase));
  }
}

TEST_CASE("sensitivity and solve: relative ranges", "[scenario][relative][sensitivity][solve]") {
  StudyFile f;
  SECTION("a sensitivity analysis over factors") {
    const SensitivityDef def = load_sensitivity_file(f.write("sens.yaml", R"(name: sens
method: morris
base_points: 2
parameters:
  agencies.*.strategy.mentoring.cost_per_firm_month_thb: ["*0.8", "*1.2"]
  dynamics.market.q_per_year: ["*0.5", "*1.5"]
  programme.budget_thb: [2e8, 3e8]
)"));
    CHECK(def.parameters[0].relative == RelativeOp::multiply);
    CHECK(def.parameters[0].range == std::pair<double, double>{0.8, 1.2});
    CHECK(def.parameters[2].relative == RelativeOp::none);
    for (const auto& u : sensitivity_unit_rows(def)) {
      const auto values = sensitivity_values(def, u);
      REQUIRE(values[0].starts_with("*"));
      const double factor = std::stod(values[0].substr(1));
      const ScenarioDef v = sensitivity_variant(def, values);
      for (const AgencyDef& a : v.agencies)
        CHECK(a.strategy.mentoring.cost_per_firm_month_thb.value() == Approx(3000 * factor));
    }
    CHECK_THAT(sensitivity_identity(def), Contains("\"resolved_rows\""));
  }
  SECTION("a solve over DIP's budget as new money") {
    const SolveDef solve = load_solve_file(f.write("solve.yaml", R"(name: solve
parameter: agencies.DIP.budget_thb
range: ["*1", "*2"]
probability: 0.5
tolerance: 1000000
)"));
    CHECK(solve.relative);
    CHECK(solve.new_money);
    CHECK(solve.base_value == 97277777.78);
    CHECK(solve.range.first == 97277777.78);
    CHECK(solve.range.second == 194555555.56);
    const ScenarioDef at = solve_variant(solve, 150000000.01);
    const ModelParams before = model(solve.base);
    const ModelParams after = model(at);
    const std::size_t dip = agency_index(solve.base, "DIP");
    CHECK(after.agencies[dip].allocation_satang == 15'000'000'001);
    for (std::size_t a = 0; a < before.agencies.size(); ++a)
      if (a != dip) CHECK(after.agencies[a].allocation_satang == before.agencies[a].allocation_satang);
    CHECK(after.budget_satang - before.budget_satang == 15'000'000'001 - 9'727'777'778);
    CHECK_THAT(solve_identity(solve), Contains("\"new_money\":true"));
  }
  SECTION("a solve over a plain number: the ends resolve to absolute values") {
    const SolveDef solve = load_solve_file(f.write("solve.yaml", R"(name: solve
parameter: networks.generate.members
range: ["*0.5", "*1.5"]
probability: 0.5
tolerance: 1
)"));
    CHECK(solve.range == std::pair<double, double>{100, 300});
    CHECK_FALSE(solve.new_money);
  }
  SECTION("refused") {
    const ScenarioError prior = load_error([&] {
      load_solve_file(f.write("solve.yaml",
                              "name: s\nparameter: dynamics.market.q_per_year\nrange: [\"*1\", "
                              "\"*2\"]\nprobability: 0.5\ntolerance: 0.01\n"));
    });
    CHECK(prior.where().line == 3);
    CHECK_THAT(prior.message(), Contains("one number in the base scenario"));
    // A factor on several parameters is searched as a factor: a tolerance in baht is a mistake.
    const ScenarioError wildcard = load_error([&] {
      load_solve_file(f.write("solve.yaml",
                              "name: s\nparameter: agencies.*.budget_thb\nrange: [\"*1\", "
                              "\"*2\"]\nprobability: 0.5\ntolerance: 1e6\n"));
    });
    CHECK(wildcard.where().line == 5);
    CHECK_THAT(wildcard.message(), Contains("the tolerance is in its unit too"));
  }
  SECTION("a factor on every agency's budget scales each allocation as new money") {
    const SolveDef solve = load_solve_file(f.write("solve.yaml", R"(name: solve
parameter: agencies.*.budget_thb
range: ["*1", "*3"]
probability: 0.5
tolerance: 0.02
)"));
    CHECK(solve.scaling == RelativeOp::multiply);
    CHECK(solve.range == std::pair<double, double>{1, 3});
    CHECK_FALSE(solve.whole);
    const BudgetAllocation before = resolve_budget_allocation(solve.base);
    const BudgetAllocation after = resolve_budget_allocation(solve_variant(solve, 1.5));
    REQUIRE(after.agency_satang.size() == before.agency_satang.size());
    for (std::size_t a = 0; a < before.agency_satang.size(); ++a)
      CHECK(after.agency_satang[a] == std::llround(static_cast<double>(before.agency_satang[a]) * 1.5));
    // Each allocation is rounded to the satang on its own, so the programme is their sum (within a
    // satang per agency of 1.5 times the old one), with nothing unallocated.
    const std::int64_t sum =
        std::accumulate(after.agency_satang.begin(), after.agency_satang.end(), std::int64_t{0});
    CHECK(after.budget_satang == sum);
    CHECK(std::llabs(after.budget_satang - std::llround(static_cast<double>(before.budget_satang) * 1.5)) <=
          static_cast<long long>(before.agency_satang.size()));
    CHECK(after.unallocated_satang == 0);
  }
}

}  // namespace
}  // namespace smesim
