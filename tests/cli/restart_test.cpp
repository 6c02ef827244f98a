// --restart discards what smesim wrote in a study folder and nothing else (the folder's ledger,
// .smesim-outputs, lists its outputs), and a study whose outputs cannot all be written leaves
// its folder unfinished, never a mix of old and new results that looks finished.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
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

// The sweep fixture run to the end in `dir`/out.
fs::path finished_sweep(const TempFolder& dir) {
  using namespace sweep_fixture;
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out out").exit_code == 0);
  return fs::path(dir.path) / "out";
}

}  // namespace

TEST_CASE("a restart refuses to delete files smesim did not write, and deletes nothing then",
          "[cli][restart]") {
  using namespace sweep_fixture;
  TempFolder dir("restart-others");
  const fs::path out = finished_sweep(dir);
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
  const fs::path out = finished_sweep(dir);
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
  const fs::path out = finished_sweep(dir);
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

// Every stored record carries a seal (points/NNNNNN.seal: its checksum, smesim's version and
// revision); resume and merge use a record only when the seal says this smesim wrote exactly it.
TEST_CASE("a resumed study refuses a record edited by hand, or sealed by another revision", "[cli][seal]") {
  using namespace sweep_fixture;
  TempFolder dir("seal-resume");
  const fs::path out = finished_sweep(dir);
  const std::string points = read_text(out / "points.csv");
  fs::remove(out / "points.csv");  // unfinished again: the next command resumes every record
  const fs::path record = out / "points" / "000003.json";
  const std::string original = read_text(record);
  SECTION("edited") {
    std::string edited = original;
    const std::size_t at = edited.find("\"p50\": ");
    REQUIRE(at != std::string::npos);
    edited.insert(at + 7, "7777");  // a median far above its own p95
    write_text(record, edited);
  }
  SECTION("another revision") {
    std::string seal = read_text(out / "points" / "000003.seal");
    const std::size_t at = seal.find("\"git_revision\": \"");
    REQUIRE(at != std::string::npos);
    seal.insert(at + 17, "other-");
    write_text(out / "points" / "000003.seal", seal);
  }
  SECTION("no seal") { fs::remove(out / "points" / "000003.seal"); }
  const auto refused = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("000003.json") != std::string::npos);
  CHECK(refused.err.find("--restart") != std::string::npos);
  CHECK(refused.err.find("--accept-foreign-records") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "points.csv"));
  // Accepted on purpose: the study finishes and its manifest says which record was foreign.
  const auto accepted = smesim_in(dir.path, "sweep sweep.yaml --quiet --out out --accept-foreign-records");
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  const std::string manifest = read_text(out / "manifest.json");
  CHECK(manifest.find("foreign_records_accepted") != std::string::npos);
  CHECK(manifest.find("000003.json") != std::string::npos);
  if (read_text(record) == original) CHECK(read_text(out / "points.csv") == points);
}

TEST_CASE("merge refuses a shard whose record was changed, unless told to accept it", "[cli][seal]") {
  using namespace sweep_fixture;
  TempFolder dir("seal-merge");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  for (int i = 1; i <= 2; ++i)
    REQUIRE(
        smesim_in(dir.path, fmt::format("sweep sweep.yaml --quiet --shard {}/2 --out s{}", i, i)).exit_code ==
        0);
  const fs::path record = fs::path(dir.path) / "s2" / "points" / "000001.json";
  std::string edited = read_text(record);
  edited.insert(edited.find("\"p50\": ") + 7, "1");
  write_text(record, edited);
  const auto refused = smesim_in(dir.path, "merge sweep.yaml s1 s2 --quiet --out merged");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("000001.json") != std::string::npos);
  CHECK(refused.err.find("shard 2 of 2 again") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "merged" / "points.csv"));
  const auto accepted =
      smesim_in(dir.path, "merge sweep.yaml s1 s2 --quiet --out merged --accept-foreign-records");
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  CHECK(read_text(fs::path(dir.path) / "merged" / "manifest.json").find("foreign_records_accepted") !=
        std::string::npos);
}

// docs/architecture.md: smesim writes only into folders it made. A comparison's variants/<name>
// or points/ replaced by a symbolic link to a user's folder is refused, and the user's files
// there keep their bytes.
TEST_CASE("outputs and records are never written through a symbolic link in the study folder",
          "[cli][restart]") {
  using namespace compare_fixture;
  TempFolder dir("symlinks");
  const fs::path out = fs::path(dir.path) / "out";
  const fs::path mine = fs::path(dir.path) / "mine";
  fs::create_directories(mine);
  write_text(mine / "summary.json", "my own\n");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  REQUIRE(smesim_in(dir.path, "compare compare.yaml --quiet --out out").exit_code == 0);
  fs::remove(out / "comparison.csv");  // unfinished again: the next command writes the outputs
  fs::remove_all(out / "variants" / "laggards");
  fs::create_directory_symlink(mine, out / "variants" / "laggards");
  const auto refused = smesim_in(dir.path, "compare compare.yaml --quiet --out out");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("symbolic link") != std::string::npos);
  CHECK(read_text(mine / "summary.json") == "my own\n");
  CHECK_FALSE(fs::exists(out / "comparison.csv"));

  // points/ itself a link: a new record would land in the user's folder.
  fs::remove(out / "variants" / "laggards");
  fs::remove_all(out / "points");
  fs::create_directory_symlink(mine, out / "points");
  const auto records = smesim_in(dir.path, "compare compare.yaml --quiet --out out");
  INFO(records.err);
  CHECK(records.exit_code == 2);
  CHECK(records.err.find("symbolic link") != std::string::npos);
  CHECK(read_text(mine / "summary.json") == "my own\n");
  CHECK(std::distance(fs::directory_iterator(mine), fs::directory_iterator()) == 1);
}
