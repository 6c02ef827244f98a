// `smesim sensitivity` as a shell: resuming after a kill with byte-identical outputs, a
// changed file, bad files. The analyses themselves are tested in process in
// tests/study/sensitivity_study_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::sensitivity_fixture;
using smesim::test::run_command;

// [scale]: two whole sensitivity analyses in child processes; under the sanitizers the same resume
// runs in process ("every built-in study ends with the same files whether run whole, or …
// cancelled after two records and resumed") and a killed process resumes in the solve's and the
// optimisation's test cases.
TEST_CASE("a killed sensitivity analysis resumes and ends with byte-identical outputs",
          "[cli][sensitivity][scale]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  // Enough work (40 rows x 40 replications) for the kill to land midway.
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 8\nbootstrap: 50\n", 40));
  REQUIRE(smesim_in(dir.path, "sensitivity sens.yaml --quiet --out whole").exit_code == 0);

  // SIGKILL once two rows are on disk (no chance to clean up), then the same command again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' sensitivity sens.yaml --quiet --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 2 ] && break; "
      "sleep "
      "0.01; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("rows finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming.
  REQUIRE(done_before >= 2);
  REQUIRE(done_before < 40);
  CHECK_FALSE(fs::exists(cut / "indices.csv"));  // an interrupted analysis does not look finished

  const auto resumed = smesim_in(dir.path, "sensitivity sens.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "indices.csv") == read_text(whole / "indices.csv"));
  CHECK(read_text(cut / "design.csv") == read_text(whole / "design.csv"));

  // Changing only the KPIs is the same analysis (every row stores every KPI's mean): all rows
  // are reused. A different design in the same folder is refused.
  std::string other_kpis = sens_file("sobol", "base_points: 8\nbootstrap: 50\n", 40);
  other_kpis.replace(other_kpis.find(", added_revenue_thb]"), 20, ", spent_thb]");
  write_text(fs::path(dir.path) / "sens.yaml", other_kpis);
  const auto rekpi = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out cut");
  INFO(rekpi.err);
  CHECK(rekpi.exit_code == 0);
  CHECK(read_text(cut / "manifest.json").find("\"rows_resumed\": 40") != std::string::npos);
  CHECK(read_text(cut / "indices.csv").find("\nspent_thb,") != std::string::npos);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 16\nbootstrap: 50\n", 40));
  const auto refused = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out cut");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different sensitivity") != std::string::npos);
}

TEST_CASE("bad sensitivity files are rejected with file:line:col and exit code 2", "[cli][sensitivity]") {
  TempFolder dir("bad");
  struct Case {
    std::string text, location, phrase;
  };
  const std::string two = "  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.cost_elasticity: [0.02, 0.12]\n";
  const std::vector<Case> cases{
      {"name: s\nmethdo: sobol\nbase_points: 4\nparameters:\n" + two,
       "bad.yaml:2:1: error:", "did you mean `method`"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rat: [0.02, 0.1]\n" + two,
       "bad.yaml:4:3: error:", "nearest valid paths"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [-0.5, 0.1]\n"
       "  dynamics.cost_elasticity: [0.02, 0.12]\n",
       "bad.yaml:4:28: error:", "in [0, 1]"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [0.2, 0.1]\n"
       "  dynamics.cost_elasticity: [0.02, 0.12]\n",
       "bad.yaml:4:27: error:", "lo <= hi"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [0.02, 0.1]\n",
       "bad.yaml:4:3: error:", "at least 2 parameters"},
      {"name: s\nbase_points: 4\nkpis: [developed, expandd]\nparameters:\n" + two,
       "bad.yaml:3:19: error:", "did you mean `expanded`"},
      {"name: s\nmethod: morris\nbase_points: 4\nlevels: 5\nparameters:\n" + two,
       "bad.yaml:4:9: error:", "even number of levels"},
      {"name: s\nmethod: sobol\nbase_points: 4\nlevels: 4\nparameters:\n" + two,
       "bad.yaml:4:9: error:", "morris method only"},
      {"name: s\nmethod: saltelli\nbase_points: 4\nparameters:\n" + two,
       "bad.yaml:2:9: error:", "sobol, morris"},
      {"name: s\nparameters:\n" + two, "bad.yaml:1:1: error:", "base_points"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "sensitivity bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
