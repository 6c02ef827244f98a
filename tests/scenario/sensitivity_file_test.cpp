// Sensitivity files (scenario/sensitivity_def.hpp): outputs that are P(met), and parameters
// whose range the file leaves to the scenario's prior (docs/experiments.md "Sensitivity" (ranges from
// priors)).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "smesim/scenario/sensitivity_def.hpp"
#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using smesim::RangeSource;
using smesim::ScenarioError;
using smesim::SensitivityOutput;

namespace {

constexpr double kZ975 = 1.959963984540054;  // the standard normal's 97.5% quantile

struct Files {
  smesim::test::TempFolder dir{"sensitivity-file"};
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (fs::path(dir.path) / name).string();
    smesim::test::write_text(path, text);
    return path;
  }
};

// A prior of each family on a parameter of the built-in programme.
constexpr const char* kPriors = R"(extends: default
name: priors
dynamics:
  spillover_per_month: {normal: [0.1, 0.02]}
  cost_elasticity: {lognormal: [-3, 0.5]}
  trust: {initial: {beta: [2, 5]}}
  market: {q_per_year: {triangular: [0.1, 0.38, 0.8]}}
sme:
  size_mix: {micro: {uniform: [0.7, 0.8]}, small: {uniform: [0.18, 0.25]}, medium: {uniform: [0.02, 0.05]}}
)";

ScenarioError load_error(const std::string& path) {
  try {
    (void)smesim::load_sensitivity_file(path);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error");
  throw;
}

std::string sens_file(const std::string& parameters, const std::string& extra = "") {
  return "name: s\nscenario: priors.yaml\nmethod: morris\nbase_points: 2\n" + extra + "parameters:\n" +
         parameters;
}

}  // namespace

TEST_CASE("a parameter without a range takes its prior's: support or central 95%",
          "[scenario][sensitivity]") {
  Files f;
  f.write("priors.yaml", kPriors);
  const auto def =
      smesim::load_sensitivity_file(f.write("s.yaml", sens_file(R"(  dynamics.spillover_per_month:
  dynamics.cost_elasticity: prior
  dynamics.trust.initial: ~
  dynamics.market.q_per_year:
  dynamics.learning_rate: [0.02, 0.1]
)")));
  REQUIRE(def.parameters.size() == 5);
  const auto& normal = def.parameters[0];
  CHECK(normal.range_source == RangeSource::prior_quantiles);
  CHECK(normal.prior == "normal[0.1, 0.02]");
  // The normal is truncated to [0, 1], 5 sd below its mean: the truncation moves the quantiles
  // by about Φ(-5) / φ(1.96) * 0.02 = 1e-7.
  CHECK(normal.range.first == Approx(0.1 - kZ975 * 0.02).margin(1e-6));
  CHECK(normal.range.second == Approx(0.1 + kZ975 * 0.02).margin(1e-6));
  const auto& lognormal = def.parameters[1];
  CHECK(lognormal.range_source == RangeSource::prior_quantiles);
  CHECK(lognormal.range.first == Approx(std::exp(-3 - kZ975 * 0.5)).epsilon(1e-6));
  CHECK(lognormal.range.second == Approx(std::exp(-3 + kZ975 * 0.5)).epsilon(1e-6));
  const auto& beta = def.parameters[2];
  CHECK(beta.range_source == RangeSource::prior_support);
  CHECK(beta.range == std::pair<double, double>{0, 1});
  const auto& triangular = def.parameters[3];
  CHECK(triangular.range_source == RangeSource::prior_support);
  CHECK(triangular.range == std::pair<double, double>{0.1, 0.8});
  CHECK(def.parameters[4].range_source == RangeSource::given);
  CHECK(def.parameters[4].prior.empty());
  // The rows stay within the ranges, and a row's value replaces the prior.
  for (const auto& unit : smesim::sensitivity_unit_rows(def)) {
    const auto values = smesim::sensitivity_values(def, unit);
    const double spillover = std::stod(values[0]);
    CHECK(spillover >= normal.range.first);
    CHECK(spillover <= normal.range.second);
  }
}

TEST_CASE("P(met) outputs by name, and the default outputs", "[scenario][sensitivity]") {
  Files f;
  f.write("priors.yaml", kPriors);
  const auto def = smesim::load_sensitivity_file(f.write(
      "s.yaml", sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.cost_elasticity: [0.02, 0.1]\n",
                          "kpis: [p_met_all, p_met_developed, p_met_expanded, p_met_cost_reduction, "
                          "developed]\n")));
  REQUIRE(def.kpis.size() == 5);
  CHECK(def.kpis[0].kind == SensitivityOutput::Kind::p_met);
  CHECK(def.kpis[0].target == smesim::Target::all);
  CHECK(def.kpis[1].target == smesim::Target::developed_smes);
  CHECK(def.kpis[2].target == smesim::Target::expanded_smes);
  CHECK(def.kpis[3].target == smesim::Target::cost_reduction_thb);
  CHECK(def.kpis[4].kind == SensitivityOutput::Kind::kpi_mean);
  CHECK(def.kpis[3].name() == "p_met_cost_reduction");
  CHECK(def.kpis[3].design_column() == "p_met_cost_reduction");
  CHECK(def.kpis[4].design_column() == "developed_mean");
  const auto plain = smesim::load_sensitivity_file(
      f.write("t.yaml",
              sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.cost_elasticity: [0.02, 0.1]\n")));
  REQUIRE(plain.kpis.size() == 3);
  CHECK(plain.kpis[2].name() == "cost_reduction_thb");
}

TEST_CASE("a parameter without a range and without a prior is refused where it is named",
          "[scenario][sensitivity]") {
  Files f;
  f.write("priors.yaml", kPriors);
  SECTION("a fixed number") {
    const std::string path =
        f.write("s.yaml", sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  programme.budget_thb:\n"));
    const ScenarioError e = load_error(path);
    CHECK(e.where().line == 7);
    CHECK(e.where().column == 3);
    CHECK(e.key_path() == "parameters.programme.budget_thb");
    CHECK(e.message() ==
          "no range given, and the scenario gives programme.budget_thb no prior to take one from (it is "
          "309000000); give a range [lo, hi]");
  }
  SECTION("a path whose fields carry different priors") {
    const ScenarioError e = load_error(
        f.write("s.yaml", sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  sme.size_mix.*: prior\n")));
    CHECK(e.where().line == 7);
    CHECK(e.message().find("different priors (sme.size_mix.micro: uniform[0.7, 0.8], sme.size_mix.small: "
                           "uniform[0.18, 0.25])") != std::string::npos);
  }
  SECTION("a path that names nothing") {
    const ScenarioError e = load_error(
        f.write("s.yaml", sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.lerning_rate:\n")));
    CHECK(e.message().find("names no parameter; nearest valid paths: dynamics.learning_rate") !=
          std::string::npos);
  }
  SECTION("a misspelt P(met)") {
    const ScenarioError e = load_error(
        f.write("s.yaml",
                sens_file("  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.cost_elasticity: [0.02, 0.1]\n",
                          "kpis: [p_met_al]\n")));
    CHECK(e.key_path() == "kpis");
    CHECK(e.message().find("did you mean `p_met_all`") != std::string::npos);
  }
}
