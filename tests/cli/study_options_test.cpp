// Every study command as a shell: --reps, --seed and --threads override the study file and
// are recorded, the results folder holds the files the command promises and the console ends
// with where they are. What the studies compute is tested in process (tests/study/).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;

TEST_CASE("study commands take --reps, --seed and --threads over the file and write their files", "[cli]") {
  struct Command {
    std::string command, file;
    std::vector<std::string> files;  ///< beside manifest.json and experiment.json
  };
  const std::vector<Command> commands{
      {"sweep", "sweep.yaml", {"points.csv", "agencies_long.csv"}},
      {"compare", "compare.yaml", {"comparison.csv", "agency_comparison.csv"}},
      {"sensitivity", "morris.yaml", {"indices.csv", "design.csv", "agencies_long.csv"}},
      {"solve", "solve.yaml", {"solution.json", "evaluations.csv", "agencies_long.csv"}},
  };
  const TempFolder dir("study-options");
  const std::string studies = std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies";
  for (const Command& c : commands) {
    INFO(c.command);
    const fs::path out = fs::path(dir.path) / c.command;
    const std::string args = c.command + " '" + studies + "/" + c.file +
                             "' --reps 2 --seed 9 --threads 1 --quiet --out '" + out.string() + "'";
    const auto r = smesim_in(dir.path, args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Results: " + out.string()) != std::string::npos);
    for (const std::string& file : c.files) CHECK(fs::exists(out / file));
    CHECK(fs::exists(out / "experiment.json"));
    const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
    CHECK(manifest.at("seed") == 9);
    CHECK(manifest.at("scenario").at("replications") == 2);
    CHECK(manifest.at("scenario").at("seed") == 9);
    CHECK(manifest.at("command_line").get<std::string>().find("--reps 2 --seed 9 --threads 1") !=
          std::string::npos);
    // A bad option value is the shell's to refuse: exit 2, nothing written.
    const auto bad = smesim_in(dir.path, c.command + " '" + studies + "/" + c.file + "' --reps 0 --out bad");
    CHECK(bad.exit_code == 2);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "bad"));
  }
}

// Shards as a shell (tests/study/shard_study_test.cpp checks what they hold): the default
// folders, `merge` taking --reps and --seed as the shards did, and exit 2 with nothing
// written for what cannot be run or merged.
TEST_CASE("shards and merge from the command line: default folders, overrides and refusals", "[cli][shard]") {
  const TempFolder dir("shard-cli");
  const std::string studies = std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies";
  const std::string sweep = "'" + studies + "/sweep.yaml' --reps 2 --seed 9 --threads 1 --quiet";
  for (const char* shard : {"2/2", "1/2"}) {
    const auto r = smesim_in(dir.path, "sweep " + sweep + " --shard " + shard);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Shard " + std::string(shard).substr(0, 1) +
                     " of 2 of sweep `golden-sweep`: 3 of its 3 "
                     "points stored") != std::string::npos);
  }
  const fs::path results = fs::path(dir.path) / "results";
  CHECK(fs::exists(results / "golden-sweep-shard-1-of-2" / "shard.json"));
  CHECK(fs::exists(results / "golden-sweep-shard-2-of-2" / "shard.json"));

  // Without the shards' --seed the study is another one: refused, nothing written.
  const std::string shards = " results/golden-sweep-shard-1-of-2 results/golden-sweep-shard-2-of-2";
  const auto other = smesim_in(dir.path, "merge '" + studies + "/sweep.yaml'" + shards + " --reps 2");
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("give merge the study file, --reps and --seed its shards ran with") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(results / "golden-sweep"));
  const auto missing = smesim_in(dir.path, "merge '" + studies +
                                               "/sweep.yaml' results/golden-sweep-shard-2-of-2 "
                                               "--reps 2 --seed 9");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("shard 1 of 2 is missing") != std::string::npos);
  CHECK_FALSE(fs::exists(results / "golden-sweep"));

  const auto merged =
      smesim_in(dir.path, "merge '" + studies + "/sweep.yaml'" + shards + " --reps 2 --seed 9");
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(merged.out.find("Results: results/golden-sweep") != std::string::npos);
  CHECK(fs::exists(results / "golden-sweep" / "points.csv"));

  // A shard whose experiment.json names a kind that is not merged: every kind that is, named.
  const fs::path foreign = fs::path(dir.path) / "foreign";
  fs::create_directories(foreign);
  std::ofstream(foreign / "experiment.json")
      << R"({"tool": "smesim", "kind": "run", "identity": "0", "shard": {"index": 1, "count": 1}})";
  const auto not_merged = smesim_in(dir.path, "merge '" + studies + "/sweep.yaml' foreign --out foreign-out");
  CHECK(not_merged.exit_code == 2);
  CHECK(
      not_merged.err.find("`run` is not a kind of study smesim can merge (sweep, compare, solve, optimise or "
                          "sensitivity)") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "foreign-out"));

  const auto solve = smesim_in(dir.path, "solve '" + studies + "/solve.yaml' --shard 1/2 --out solve");
  CHECK(solve.exit_code == 2);
  CHECK(solve.err.find("cannot be split into shards") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "solve"));
  for (const char* bad : {"--shard 3/2", "--shard 1/2 --report", "--shard 1-2"}) {
    INFO(bad);
    const auto r = smesim_in(dir.path, "sweep " + sweep + " " + bad + " --out bad");
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "bad"));
  }
}

// docs/slurm/'s job-array example run as Slurm would run it: each task with its
// SLURM_ARRAY_TASK_ID, then the merge; the merged study has the points of the study run whole.
TEST_CASE("the Slurm job-array example runs its shards and merges them", "[cli][shard]") {
  const TempFolder dir("slurm-example");
  const std::string source = SMESIM_SOURCE_DIR;
  const std::string env = "SHARDS=3 KIND=sweep STUDY='" + source + "/tests/golden/studies/sweep.yaml' OUT='" +
                          dir.path + "/sweep' SMESIM='" + smesim_binary() + "' SLURM_CPUS_PER_TASK=1";
  for (const int task : {3, 1, 2}) {
    const auto r =
        run_command("cd '" + dir.path + "' && " + env + " SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                    " bash '" + source + "/docs/slurm/study-shard.sbatch'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  const auto merge =
      run_command("cd '" + dir.path + "' && " + env + " bash '" + source + "/docs/slurm/merge.sbatch'");
  INFO(merge.err);
  REQUIRE(merge.exit_code == 0);
  CHECK(fs::exists(fs::path(dir.path) / "sweep" / "report.html"));
  const auto whole =
      smesim_in(dir.path, "sweep '" + source + "/tests/golden/studies/sweep.yaml' --quiet --out whole");
  REQUIRE(whole.exit_code == 0);
  CHECK(read_text(fs::path(dir.path) / "sweep" / "points.csv") ==
        read_text(fs::path(dir.path) / "whole" / "points.csv"));
}
