// --restart discards what smesim wrote in a study folder and nothing else (the folder's ledger,
// .smesim-outputs, lists its outputs), and a study whose outputs cannot all be written leaves
// its folder unfinished, never a mix of old and new results that looks finished.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;

namespace {

std::string five_replications(std::string sweep) {
  sweep.replace(sweep.find("replications: 6"), 15, "replications: 5");
  return sweep;
}

}  // namespace

TEST_CASE("a restart refuses to delete files smesim did not write, and deletes nothing then",
          "[cli][restart]") {
  using namespace sweep_fixture;
  TempFolder dir("restart-others");
  const fs::path out = fs::path(dir.path) / "out";
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  const std::string points = read_text(out / "points.csv");
  write_text(out / "my_analysis.csv", "mine\n");
  write_text(out / "points" / "notes.txt", "kept in points/\n");
  fs::create_directories(out / "variants" / "mine");
  write_text(out / "variants" / "mine" / "summary.json", "{}\n");

  write_text(fs::path(dir.path) / "sweep.yaml", five_replications(kSweep));
  const auto refused = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out --restart");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  for (const char* name : {"my_analysis.csv", "points/notes.txt", "variants/mine/summary.json"})
    CHECK(refused.err.find(name) != std::string::npos);
  CHECK(refused.err.find("move them out") != std::string::npos);
  // Nothing was removed: not the user's files, not the earlier study.
  CHECK(read_text(out / "my_analysis.csv") == "mine\n");
  CHECK(read_text(out / "points" / "notes.txt") == "kept in points/\n");
  CHECK(fs::exists(out / "variants" / "mine" / "summary.json"));
  CHECK(read_text(out / "points.csv") == points);
  CHECK(stored_points(out) == 12);

  fs::remove(out / "my_analysis.csv");
  fs::remove(out / "points" / "notes.txt");
  fs::remove_all(out / "variants");
  const auto restarted = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out --restart");
  CHECK(restarted.exit_code == 0);
  CHECK(stored_points(out) == 12);
  CHECK(read_text(out / "points.csv") != points);  // 5 replications a point now
}

TEST_CASE("a restart leaves no output of the earlier study: its report, a comparison's variants",
          "[cli][restart]") {
  using namespace compare_fixture;
  TempFolder dir("restart-stale");
  const fs::path out = fs::path(dir.path) / "out";
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  REQUIRE(smesim_in(dir.path, "compare compare.yaml --quiet --out out --report").exit_code == 0);
  REQUIRE(fs::exists(out / "report.html"));
  REQUIRE(fs::exists(out / "variants" / "laggards" / "summary.json"));
  // The earlier study, with a variant renamed: its folder variants/laggards/ is smesim's.
  std::string renamed = kCompare;
  renamed.replace(renamed.find("  laggards:"), 11, "  behind:");
  renamed.replace(renamed.find("replications: 8"), 15, "replications: 7");
  write_text(fs::path(dir.path) / "compare.yaml", renamed);
  const auto restarted = smesim_in(dir.path, "compare compare.yaml --quiet --out out --restart");
  INFO(restarted.err);
  REQUIRE(restarted.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "report.html"));  // not asked for this time: the old one is gone
  CHECK_FALSE(fs::exists(out / "variants" / "laggards"));
  CHECK(fs::exists(out / "variants" / "behind" / "summary.json"));
  CHECK(fs::exists(out / "comparison.csv"));
}

TEST_CASE("a report made later by smesim report is smesim's too: --restart discards it", "[cli][restart]") {
  using namespace sweep_fixture;
  TempFolder dir("restart-report");
  const fs::path out = fs::path(dir.path) / "out";
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  REQUIRE(smesim_in(dir.path, "report out").exit_code == 0);
  REQUIRE(fs::exists(out / "report.html"));
  write_text(fs::path(dir.path) / "sweep.yaml", five_replications(kSweep));
  const auto restarted = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out --restart");
  INFO(restarted.err);
  CHECK(restarted.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "report.html"));
}

TEST_CASE("a study whose outputs cannot all be written leaves its folder unfinished", "[cli][restart]") {
  using namespace sweep_fixture;
  TempFolder dir("outputs-fail");
  const fs::path out = fs::path(dir.path) / "out";
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  const std::string points = read_text(out / "points.csv");
  // Finished again from its records under a file-size limit (a full disk's stand-in; SIGXFSZ
  // ignored, so a write past the limit fails as on a full disk): the workbook, written first,
  // does not fit in 8 KiB.
  const auto limited =
      run_command(fmt::format("cd '{}' && bash -c \"trap '' XFSZ; ulimit -f 8; exec '{}' sweep "
                              "sweep.yaml --quiet --out out\"",
                              dir.path, smesim_binary()));
  INFO(limited.err);
  CHECK(limited.exit_code != 0);
  CHECK(limited.err.find("results.xlsx") != std::string::npos);
  // Its marker is gone: the folder does not pass for finished with a mix of outputs.
  CHECK_FALSE(fs::exists(out / "points.csv"));
  const auto report = smesim_in(dir.path, "report out");
  CHECK(report.exit_code != 0);
  CHECK(report.err.find("unfinished") != std::string::npos);
  // Without the limit the same command finishes it, with the same bytes.
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  CHECK(read_text(out / "points.csv") == points);
}
