// `smesim solve` as a shell: resuming after a kill with byte-identical outputs, bad solve
// files. The search itself is tested in process in tests/study/solve_study_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::solve_fixture;
using smesim::test::run_command;

TEST_CASE("a killed solve resumes and ends with byte-identical outputs", "[cli][solve]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "solve.yaml", kSolve);
  REQUIRE(smesim_in(dir.path, "solve solve.yaml --quiet --out whole").exit_code == 0);

  // SIGKILL once three evaluations are on disk (no chance to clean up), then run it again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' solve solve.yaml --quiet --threads 1 --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 3 ] && break; "
      "sleep "
      "0.005; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("evaluations finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming.
  REQUIRE(done_before >= 3);
  REQUIRE(done_before < stored_points(fs::path(dir.path) / "whole"));
  CHECK_FALSE(fs::exists(cut / "solution.json"));  // an interrupted solve does not look finished

  const auto resumed = smesim_in(dir.path, "solve solve.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "evaluations.csv") == read_text(whole / "evaluations.csv"));
  CHECK(read_text(cut / "solution.json") == read_text(whole / "solution.json"));
  REQUIRE(stored_points(cut) == stored_points(whole));
  for (std::size_t i = 0; i < stored_points(whole); ++i) {
    const std::string name = fmt::format("points/{:06}.json", i);
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
  const auto manifest = nlohmann::json::parse(read_text(cut / "manifest.json"));
  CHECK(manifest.at("evaluations_resumed").get<std::size_t>() == done_before);

  // A changed solve file is a different solve: refused, nothing overwritten.
  std::string changed = kSolve;
  changed.replace(changed.find("probability: 0.75"), 17, "probability: 0.70");
  write_text(fs::path(dir.path) / "solve.yaml", changed);
  const auto refused = smesim_in(dir.path, "solve solve.yaml --quiet --out cut");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different solve") != std::string::npos);
}

TEST_CASE("bad solve files are rejected with file:line:col and exit code 2", "[cli][solve]") {
  TempFolder dir("bad");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  const std::string head = "name: s\nscenario: small.yaml\n";
  const std::string tail = "probability: 0.8\ntolerance: 1000000\n";
  struct Case {
    std::string text, location, phrase;
  };
  const std::vector<Case> cases{
      {head + "parameter: programme.budget\nrange: [1, 2]\n" + tail,
       "bad.yaml:3:12: error:", "nearest valid paths"},
      {head + "parameter: programme.budget_thb\nrange: [5, -2]\n" + tail, "bad.yaml:4:8: error:", "lo < hi"},
      {head + "parameter: programme.budget_thb\nrange: [-5, 20]\n" + tail,
       "bad.yaml:4:9: error:", "expected"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\nprobability: 1.2\ntolerance: 1\n",
       "bad.yaml:5:14: error:", "(0, 1)"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\nprobability: 0.8\ntolerance: 0\n",
       "bad.yaml:6:12: error:", "> 0"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\ntarget: develped_smes\n" + tail,
       "bad.yaml:5:9: error:", "did you mean `developed_smes`"},
      {head + "parameter: programme.budget_thb\nrnge: [1, 2]\n" + tail,
       "bad.yaml:4:1: error:", "did you mean `range`"},
      {head + "parameter: programme.budget_thb\n" + tail, "bad.yaml:1:1: error:", "range"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "solve bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
