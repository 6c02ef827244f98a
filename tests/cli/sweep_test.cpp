// `smesim sweep` as a shell: resuming after a kill with byte-identical outputs, a changed
// file refused, bad files (exit 2, file:line:col, nothing written). The sweep itself is
// tested in process in tests/study/sweep_study_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::sweep_fixture;
using smesim::test::run_command;

// [scale]: two whole sweeps in child processes; the sanitizer build runs the same resume in
// process and a killed process in the solve's and the optimisation's test cases (see the
// killed sensitivity analysis).
TEST_CASE("a killed sweep resumes and ends with byte-identical outputs", "[cli][sweep][scale]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  // 60 replications a point: the points are finished in batches of at most eight
  // (src/engine/experiment.cpp), and the second batch (four points, 240 replications) must
  // run long enough for the kill below to land in it.
  std::string sweep = kSweep;
  sweep.replace(sweep.find("replications: 6"), 15, "replications: 60");
  write_text(fs::path(dir.path) / "sweep.yaml", sweep);
  // The reference: one uninterrupted run.
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out whole").exit_code == 0);

  // Start the same sweep, kill it (SIGKILL: no chance to clean up) once two points are on
  // disk, then run the same command again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' sweep sweep.yaml --quiet --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 2 ] && break; "
      "sleep 0.01; done; "
      "kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("points finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming.
  REQUIRE(done_before >= 2);
  REQUIRE(done_before < 12);
  CHECK_FALSE(fs::exists(cut / "points.csv"));  // an interrupted sweep does not look finished

  const auto resumed = smesim_in(dir.path, "sweep sweep.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "points.csv") == read_text(whole / "points.csv"));
  for (int i = 0; i < 12; ++i) {
    const std::string name = fmt::format("points/{:06}.json", i);
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
}

TEST_CASE("a changed sweep file is refused for resume, --restart starts over", "[cli][sweep]") {
  TempFolder dir("changed");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  std::string changed = kSweep;
  changed.replace(changed.find("replications: 6"), 15, "replications: 5");
  write_text(fs::path(dir.path) / "sweep.yaml", changed);
  const auto refused = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different sweep") != std::string::npos);  // names the kind
  CHECK(refused.err.find("--restart") != std::string::npos);
  // The scenario changing is a different sweep too.
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  write_text(fs::path(dir.path) / "small.yaml", fmt::format("{}seed: 5\n", kSmall));
  CHECK(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 2);
  const auto restarted = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out --restart");
  CHECK(restarted.exit_code == 0);
  CHECK(stored_points(fs::path(dir.path) / "out") == 12);
}

TEST_CASE("bad sweep files are rejected with file:line:col and exit code 2", "[cli][sweep]") {
  TempFolder dir("bad");
  struct Case {
    std::string text, location, phrase;
  };
  const std::vector<Case> cases{
      {"name: s\nparameters:\n  programme.budget: [1, 2]\n", "bad.yaml:3:3: error:", "nearest valid paths"},
      {"name: s\nparameters:\n  programme.budget_thb: [-5]\n", "bad.yaml:3:26: error:", "expected a number"},
      {"name: s\nparameters:\n  agencies.DIP.strategy.mentoring.targeting: [broad, lagards]\n",
       "bad.yaml:3:54: error:", "did you mean `laggards`"},
      {"name: s\ndesgin: grid\nparameters:\n  seed: [1]\n", "bad.yaml:2:1: error:", "did you mean `design`"},
      {"name: s\nparameters:\n  seed: {from: 1, to: 3}\n", "bad.yaml:3:9: error:", "{from, to, steps}"},
      {"name: s\nscenario: missing.yaml\nparameters:\n  seed: [1]\n",
       "bad.yaml:2:11: error:", "no scenario file"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "sweep bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
