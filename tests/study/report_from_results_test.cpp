// The report written with a study's results is made from the tables and documents the study
// returned (src/study/results_writers.cpp); `smesim report FOLDER` makes it later from the
// folder's files read back into the same tables and documents (src/io/report/report_input.hpp).
// The two must be the same page, byte for byte, for every kind of study in the registry: a
// section that read a number differently from memory and from its file would show here.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "smesim/scenario/scenario.hpp"
#include "smesim/study/study_kinds.hpp"
#include "study/study_report.hpp"
#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;

namespace {

// Each kind as small as its design allows, on a small programme (study_fixtures.hpp).
constexpr const char* kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 30}, list: ~}\n"
    "targets: {developed_smes: 600, cost_reduction_thb: 20000000}\n";
constexpr const char* kSweep = R"(name: report-sweep
scenario: small.yaml
replications: 3
parameters:
  programme.budget_thb: {from: 10000000, to: 50000000, steps: 3}
)";
constexpr const char* kCompare = R"(name: report-compare
scenario: small.yaml
replications: 4
seed: 5
baseline: quarter
variants:
  quarter: {}
  laggards: {agencies.*.strategy.mentoring.targeting: laggards}
)";
constexpr const char* kSolve = R"(name: report-solve
scenario: small.yaml
replications: 8
parameter: programme.budget_thb
range: [5000000, 100000000]
target: developed_smes
probability: 0.5
tolerance: 20000000
)";
constexpr const char* kOptimise = R"(name: report-optimise
scenario: small.yaml
replications: 2
seed: 3
objective: {maximise: probability_met, target: developed_smes}
variables:
  - {budget_shares: [DIP, FTI]}
max_evaluations: 12
reevaluation_replications: 4
)";

}  // namespace

TEST_CASE("report: made from a study's results, it is the report of their folder read back",
          "[study][report]") {
  const test::TempFolder dir("report-from-results");
  const fs::path root(dir.path);
  test::write_text(root / "small.yaml", kSmall);
  const std::map<std::string, const char*> files{{"sweep", kSweep},
                                                 {"compare", kCompare},
                                                 {"sensitivity", test::sensitivity_fixture::kSmallestSobol},
                                                 {"solve", kSolve},
                                                 {"optimise", kOptimise}};
  std::set<std::string> checked;
  for (const StudyKind& kind : study_kinds()) {
    const std::string name(kind.name);
    INFO("study kind " << name);
    const fs::path out = root / fmt::format("{}-out", name);
    StudyResult result;
    if (!kind.resumable) {
      ScenarioDef def = load_scenario_file((root / "small.yaml").string()).def;
      def.replications = 6;
      result = test::run_forecast_into(def, out, 2, true);
    } else {
      REQUIRE(files.count(name) == 1);  // a new kind of study needs its small file here
      const fs::path file = root / fmt::format("{}.yaml", name);
      test::write_text(file, files.at(name));
      test::StudyFileOptions options;
      options.report = true;
      result = test::run_study_file(name, file, out, options);
    }
    REQUIRE(result.complete);
    REQUIRE(result.report_error.empty());
    REQUIRE(result.report_html == out / "report.html");
    const std::string written = test::read_text(out / "report.html");
    CHECK(written.find("<svg") != std::string::npos);
    CHECK(written == detail::render_study_report(out));
    checked.insert(name);
  }
  CHECK(checked.size() == study_kinds().size());
}
