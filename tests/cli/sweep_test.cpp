// `smesim sweep` end to end: results, bad sweep files, and resuming after a kill with
// byte-identical final outputs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using smesim::test::run_command;

namespace {

// Twelve points of the default programme with 40-member networks, a few replications each.
const char* const kSweep = R"(name: resume-test
scenario: small.yaml
replications: 6
parameters:
  programme.budget_thb: {from: 50000000, to: 400000000, steps: 4}
  agencies.*.strategy.mentoring.targeting: [broad, laggards, leaders]
)";
const char* const kSmall = "extends: default\nname: small\nnetworks: {generate: {members: 40}, list: ~}\n";

}  // namespace

TEST_CASE("sweep writes one row per grid point and a JSON file per point", "[cli][sweep]") {
  TempFolder dir("grid");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  const auto r = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(stored_points(out) == 12);
  const std::string csv = read_text(out / "points.csv");
  CHECK(csv.rfind("point,programme.budget_thb,agencies.*.strategy.mentoring.targeting,developed_mean", 0) ==
        0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 13);
  // The last parameter varies fastest; `to` is exact.
  CHECK(csv.find("\n0,50000000,broad,") != std::string::npos);
  CHECK(csv.find("\n2,50000000,leaders,") != std::string::npos);
  CHECK(csv.find("\n11,400000000,leaders,") != std::string::npos);
  CHECK(r.out.find("12 points x 6 replications") != std::string::npos);
}

TEST_CASE("a killed sweep resumes and ends with byte-identical outputs", "[cli][sweep]") {
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
  write_text(fs::path(dir.path) / "small.yaml", std::string(kSmall) + "seed: 5\n");
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

TEST_CASE("latin hypercube and Sobol' sweeps scale unit points to the ranges", "[cli][sweep]") {
  TempFolder dir("continuous");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  for (const std::string design : {"latin_hypercube", "sobol"}) {
    INFO(design);
    write_text(fs::path(dir.path) / "sweep.yaml",
               "name: c\nscenario: small.yaml\nreplications: 2\ndesign: " + design +
                   "\npoints: 8\nparameters:\n  dynamics.market.q_per_year: {range: [0.12, 0.8]}\n"
                   "  dynamics.developed.min_mentored_months: {range: [1, 6]}\n");
    const auto r = smesim_in(dir.path, "sweep sweep.yaml --quiet --restart --out " + design);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::istringstream csv(read_text(fs::path(dir.path) / design / "points.csv"));
    std::string line;
    std::getline(csv, line);
    int rows = 0;
    std::vector<double> q_values;
    while (std::getline(csv, line)) {
      std::istringstream cells(line);
      std::string point, q, months;
      std::getline(cells, point, ',');
      std::getline(cells, q, ',');
      std::getline(cells, months, ',');
      const double qv = std::stod(q);
      const double mv = std::stod(months);
      CHECK(qv >= 0.12);
      CHECK(qv <= 0.8);
      CHECK(mv >= 1);
      CHECK(mv <= 6);
      CHECK(mv == std::floor(mv));  // a whole-number parameter is rounded
      q_values.push_back(qv);
      ++rows;
    }
    CHECK(rows == 8);
    if (design == "sobol") {
      CHECK(q_values[0] == 0.12);  // Sobol' point 0 is the origin: the lower ends
    } else {
      // Latin hypercube: one point in each eighth of [0.12, 0.8].
      std::vector<int> strata(8, 0);
      for (const double q : q_values)
        ++strata[static_cast<std::size_t>(std::min(7.0, (q - 0.12) / 0.68 * 8))];
      CHECK(std::all_of(strata.begin(), strata.end(), [](int n) { return n == 1; }));
    }
  }
}
