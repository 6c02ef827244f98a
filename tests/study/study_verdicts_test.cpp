// What a study concludes, in words a director can act on: an optimisation whose gain is noise
// recommends the base; a comparison names a best variant only by its declared objective, and
// only when the lead is more than Monte Carlo noise; the scenario's errors all at once.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"
#include "study/optimise_outputs.hpp"
#include "study/study_report.hpp"
#include "support/experiment_support.hpp"
#include "support/study_support.hpp"

namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using namespace smesim;
using namespace smesim::test;

detail::OptimiseOutcome outcome_with_gain(double value, double lo, double hi) {
  detail::OptimiseOutcome o;
  o.difference = {value, {lo, hi}};
  o.best.replications = 1000;
  return o;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("optimise recommends the base when the paired gain includes zero", "[study][optimise][verdict]") {
  OptimiseDef def;
  def.objective = {true, ObjectiveStatistic::probability_met, Target::developed_smes, FinalKpi::developed};
  // The gain a search reports when the best is the base up to rounding.
  const auto noise = outcome_with_gain(8.37e-19, -1e-18, 2e-18);
  CHECK_FALSE(detail::improves_on_base(def, noise));
  const std::string text = detail::recommendation_text(def, noise);
  CHECK_THAT(text,
             Contains("No split found that does better than the base") && Contains("Keep the base split"));
  CHECK_THAT(text, Contains("+0.0 points"));
  CHECK(text.find("e-1") == std::string::npos);
  // A gain whose interval lies above 0 is one.
  const auto real = outcome_with_gain(0.189, 0.165, 0.213);
  CHECK(detail::improves_on_base(def, real));
  CHECK_THAT(detail::recommendation_text(def, real),
             Contains("does better than the base") && Contains("+18.9 points"));
  // Minimising: better is below 0.
  def.objective = {false, ObjectiveStatistic::mean, Target::all, FinalKpi::thb_per_developed};
  CHECK(detail::improves_on_base(def, outcome_with_gain(-500, -800, -200)));
  CHECK_FALSE(detail::improves_on_base(def, outcome_with_gain(-500, -800, 20)));
}

TEST_CASE("compare ranks by the declared objective and names a best variant only beyond noise",
          "[study][compare][verdict]") {
  TempFolder dir("compare-objective");
  const fs::path folder(dir.path);
  write_text(folder / "small.yaml",
             "extends: default\nname: small\nnetworks: {generate: {members: 20}, list: ~}\n"
             "targets: {developed_smes: 600, expanded_smes: 1, cost_reduction_thb: 1000}\n");
  // Half and double the budget, and a change too small to tell apart from the baseline.
  write_text(folder / "compare.yaml", R"(name: c
scenario: small.yaml
replications: 40
objective: {maximise: mean, kpi: developed}
variants:
  base: {}
  half: {programme.budget_thb: "*0.5"}
  double: {programme.budget_thb: "*2"}
)");
  const auto r = run_study_file("compare", folder / "compare.yaml", folder / "out");
  REQUIRE(r.complete);
  const auto manifest = nlohmann::json::parse(read_text(folder / "out" / "manifest.json"));
  CHECK(manifest.at("objective") == "mean developed");
  CHECK(manifest.at("best") == "double");
  // ranking.csv: ranks 1..3 in the order of the objective's value, the value shown beside it.
  const auto rows = lines_of(read_text(folder / "out" / "ranking.csv"));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == "rank,variant,objective,value,developed_mean");
  CHECK(rows[1].rfind("1,double,mean developed,", 0) == 0);
  CHECK(rows[2].rfind("2,base,", 0) == 0);
  CHECK(rows[3].rfind("3,half,", 0) == 0);
  CHECK_THAT(r.report.console, Contains("Best: double, ahead of base by"));
  CHECK(detail::render_study_report(folder / "out").find("data-best=\"double\"") != std::string::npos);

  // The same without `objective:` ranks by P(all targets met), ties by mean developed SMEs;
  // a lead inside the noise names no best.
  write_text(folder / "tight.yaml", R"(name: t
scenario: small.yaml
replications: 40
variants:
  base: {}
  nudge: {dynamics.learning_rate: "*1.0001"}
)");
  const auto t = run_study_file("compare", folder / "tight.yaml", folder / "out2");
  REQUIRE(t.complete);
  const auto tight = nlohmann::json::parse(read_text(folder / "out2" / "manifest.json"));
  CHECK(tight.at("objective") == "P(all targets met)");
  CHECK(tight.at("best").is_null());
  CHECK_THAT(t.report.console, Contains("the default objective") && Contains("No single best variant"));
}

TEST_CASE("a scenario's errors are reported all at once, in file order", "[scenario][errors]") {
  // The loader reads `agencies` before the other keys; the errors still come in file order.
  const char* const text = R"(name: many
time: {horizon_months: 36}
sme:
  margin: lots
networks:
  generate: {members: 50}
dynamics:
  learnig_rate: 0.05
agencies:
  - {id: A, networks: 2, sectors: [trade], strategy: {mentoring: {targeting: braod}}}
)";
  try {
    load_scenario_text(text, "many.yaml");
    FAIL("the scenario was accepted");
  } catch (const ScenarioErrors& e) {
    REQUIRE(e.all().size() == 3);
    CHECK(e.all()[0].where().line == 4);
    CHECK(e.all()[1].where().line == 8);
    CHECK(e.all()[2].where().line == 10);
    CHECK(e.where().line == 4);  // the first in the file, not the first the loader met
    const auto shown = lines_of(e.what());
    REQUIRE(shown.size() == 3);
    CHECK_THAT(shown[0], Contains("many.yaml:4:") && Contains("sme.margin"));
    CHECK_THAT(shown[1], Contains("many.yaml:8:") && Contains("learning_rate"));
    CHECK_THAT(shown[2], Contains("many.yaml:10:") && Contains("braod"));
  }
}
