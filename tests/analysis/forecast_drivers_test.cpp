// The drivers of a forecast from its columns (analysis/forecast_drivers.hpp): which priors are
// uncertain, the outputs in order, and each target's met indicator counted as the summary
// counts it (KPI >= target).

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "smesim/analysis/forecast_drivers.hpp"

namespace {

using smesim::DriverOutput;
using smesim::FinalKpi;

// Eight replications: prior 0 fixed, prior 1 drives developed, prior 2 drives cost reduction.
const std::vector<std::vector<double>> kPriors{
    {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, {1, 2, 3, 4, 5, 6, 7, 8}, {8, 6, 7, 5, 3, 4, 1, 2}};

std::vector<double> kpi(FinalKpi k) {
  switch (k) {
    case FinalKpi::developed:
      return {10, 20, 30, 40, 50, 60, 70, 80};  // the ranks of prior 1
    case FinalKpi::expanded:
      return {5, 5, 5, 5, 5, 5, 5, 5};  // constant
    case FinalKpi::cost_reduction_thb:
      return {1e6, 2e6, 3e6, 4e6, 5e6, 6e6, 7e6, 8e6};
    default:
      return {};
  }
}

smesim::ForecastDrivers drivers_of(const smesim::TargetsDef& targets, std::vector<std::string> paths) {
  return smesim::forecast_drivers(
      targets, 8, paths, [](std::size_t j, std::vector<double>& v) { v = kPriors.at(j); },
      [](FinalKpi k, std::vector<double>& v) { v = kpi(k); });
}

}  // namespace

TEST_CASE("a forecast's drivers: uncertain priors, outputs in order, met indicators", "[analysis][drivers]") {
  smesim::TargetsDef targets;
  targets.developed_smes = 45;       // met by the last four replications
  targets.expanded_smes = 5;         // met by every replication: KPI >= target
  targets.cost_reduction_thb = 9e6;  // met by none
  const auto d = drivers_of(targets, {"a.fixed", "b.learning", "c.cost"});
  CHECK(d.replications == 8);
  CHECK(d.uncertain == std::vector<std::size_t>{1, 2});
  CHECK(d.constant == std::vector<std::size_t>{0});
  REQUIRE(d.outputs.size() == smesim::kDriverOutputs.size());
  for (std::size_t i = 0; i < d.outputs.size(); ++i) CHECK(d.outputs[i].output == smesim::kDriverOutputs[i]);
  const auto& developed = d.outputs[0].correlations;
  REQUIRE(developed.output_varies);
  CHECK(developed.inputs.front().input == 1);
  CHECK(developed.inputs.front().spearman == Approx(1.0));
  CHECK(!d.outputs[1].correlations.output_varies);  // expanded is constant
  // Met: developed varies with the same ranks as prior 1 (0 0 0 0 1 1 1 1); expanded is met in
  // every replication and cost reduction in none, so neither indicator varies, nor does `all`.
  const auto& met_developed = d.outputs[3].correlations;
  REQUIRE(met_developed.output_varies);
  CHECK(met_developed.inputs.front().input == 1);
  CHECK(met_developed.inputs.front().spearman > 0.8);
  CHECK(!d.outputs[4].correlations.output_varies);
  CHECK(!d.outputs[5].correlations.output_varies);
  CHECK(!d.outputs[6].correlations.output_varies);
  CHECK(std::string(smesim::to_string(DriverOutput::met_developed_smes)) == "met_developed_smes");
  CHECK(std::string(smesim::to_string(DriverOutput::met_all)) == "met_all");
}

TEST_CASE("a forecast without uncertain priors has no drivers", "[analysis][drivers]") {
  const auto none = drivers_of({}, {});
  CHECK(none.priors.empty());
  CHECK(none.outputs.empty());
  const auto fixed = drivers_of({}, {"a.fixed"});
  CHECK(fixed.uncertain.empty());
  CHECK(fixed.constant == std::vector<std::size_t>{0});
  CHECK(fixed.outputs.empty());
}
