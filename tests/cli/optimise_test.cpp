// `smesim optimise` as a shell: resuming after a kill with byte-identical outputs, the
// outputs' shapes, and what it refuses (shards). The search is tested in process in
// tests/study/optimise_study_test.cpp, bad files in the bad-input catalogue.
#include <catch2/catch.hpp>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::optimise_fixture;

TEST_CASE("a killed optimisation resumes and ends with byte-identical outputs", "[cli][optimise]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "opt.yaml", kAllocation);
  const auto whole_run = smesim_in(dir.path, "optimise opt.yaml --quiet --out whole");
  INFO(whole_run.err);
  REQUIRE(whole_run.exit_code == 0);
  CHECK(whole_run.out.find("does better than the base") != std::string::npos);  // the recommendation

  // SIGKILL once 13 candidates (the first generation and some of the second) are on disk.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' optimise opt.yaml --quiet --threads 1 --out cut & pid=$!; "
      "for i in $(seq 1 6000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 13 ] && break; "
      "sleep 0.005; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  REQUIRE(run_command(script).out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const fs::path whole = fs::path(dir.path) / "whole";
  const std::size_t done_before = stored_points(cut);
  INFO("candidates finished before the kill: " << done_before);
  REQUIRE(done_before >= 13);
  REQUIRE(done_before < stored_points(whole));
  CHECK_FALSE(fs::exists(cut / "best.json"));

  const auto resumed = smesim_in(dir.path, "optimise opt.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  for (const char* name : {"best.json", "trace.csv", "candidates.csv", "best_scenario.yaml"}) {
    INFO(name);
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
  REQUIRE(stored_points(cut) == stored_points(whole));
  const auto manifest = nlohmann::json::parse(read_text(cut / "manifest.json"));
  CHECK(manifest.at("candidates_resumed").get<std::size_t>() == done_before);
  CHECK(manifest.at("candidates") == 30);

  SECTION("best.json, trace.csv and the best scenario have the documented shape") {
    const auto best = nlohmann::json::parse(read_text(whole / "best.json"));
    for (const char* key : {"variables", "objective", "base", "paired_difference", "targets", "constraints",
                            "budgets_thb", "reevaluation", "search"})
      CHECK(best.contains(key));
    CHECK(best.at("variables").size() == 10);
    CHECK(best.at("base").at("objective").contains("ci95"));
    CHECK(best.at("budgets_thb").at("best").size() == 9);
    CHECK(read_text(whole / "trace.csv").rfind("generation,evaluations,best,mean,sigma,feasible\n", 0) == 0);
    // The best scenario is a scenario file smesim runs.
    const auto run = smesim_in(dir.path, "validate whole/best_scenario.yaml");
    INFO(run.err);
    CHECK(run.exit_code == 0);
  }
  SECTION("the report shows the optimisation") {
    const auto report = smesim_in(dir.path, "report whole");
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    const std::string html = read_text(whole / "report.html");
    CHECK(html.find("Best against base") != std::string::npos);
    CHECK(html.find("Convergence") != std::string::npos);
  }
}

TEST_CASE("an optimisation cannot be split into shards", "[cli][optimise]") {
  TempFolder dir("shard");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "opt.yaml", kAllocation);
  const auto refused = smesim_in(dir.path, "optimise opt.yaml --quiet --shard 1/2");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("cannot be split into shards") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "results"));
}
