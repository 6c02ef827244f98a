// Every study command as a shell: --reps, --seed and --threads override the study file and
// are recorded, the results folder holds the files the command promises and the console ends
// with where they are. What the studies compute is tested in process (tests/study/).
#include <catch2/catch.hpp>

#include <filesystem>
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
