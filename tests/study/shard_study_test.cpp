// Shards (docs/cluster.md "Shards") in process: `--shard i/N` runs the records k with
// k mod N = i - 1 into a folder of its own, and merge_shards writes, from the N folders, the
// bytes of the study run whole; a merge that cannot be complete writes nothing and says why.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "smesim/error.hpp"
#include "smesim/io/shard.hpp"
#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using smesim::Shard;
using smesim::ShardError;

namespace {

// The sweep fixture's 12 points at 2 replications each (what a shard holds does not depend on
// how many; each section of a test case runs every shard again).
std::string sweep_text(int seed) {
  std::string text = sweep_fixture::kSweep;
  const std::string six = "replications: 6\n";
  REQUIRE(text.find(six) != std::string::npos);
  text.replace(text.find(six), six.size(), "replications: 2\n");
  return text + fmt::format("seed: {}\n", seed);
}

// The sweep in a scratch folder.
struct ShardedSweep {
  TempFolder dir{"shards"};
  fs::path root = dir.path;
  fs::path file = root / "sweep.yaml";
  ShardedSweep() {
    write_text(root / "small.yaml", sweep_fixture::kSmall);
    write_text(file, sweep_text(3));
  }
  [[nodiscard]] fs::path shard_folder(std::size_t i, std::size_t n) const {
    return root / ("shard-" + std::to_string(i) + "-of-" + std::to_string(n));
  }
  // Runs every shard of `n` and returns their folders, last shard first.
  std::vector<fs::path> run_shards(std::size_t n) const {
    std::vector<fs::path> folders;
    for (std::size_t i = n; i >= 1; --i) {
      const auto r = run_study_file("sweep", file, shard_folder(i, n), {.threads = 1, .shard = {i, n}});
      REQUIRE(r.complete);
      folders.push_back(shard_folder(i, n));
    }
    return folders;
  }
};

// Every file of a study folder, the manifest without what records when and how it ran.
std::map<std::string, std::string> folder_bytes(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::string bytes = read_text(entry.path());
    const std::string name = fs::relative(entry.path(), folder).generic_string();
    if (name == "manifest.json") {
      auto manifest = nlohmann::ordered_json::parse(bytes);
      for (const char* key : {"started_utc", "finished_utc", "command_line"}) manifest.erase(key);
      bytes = manifest.dump(2);
    }
    files[name] = bytes;
  }
  return files;
}

std::string merge_error(const ShardedSweep& s, const std::vector<fs::path>& shards, const fs::path& out) {
  try {
    merge_study_file("sweep", s.file, shards, out);
  } catch (const ShardError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a shard is given as i/N with 1 <= i <= N", "[study][shard]") {
  CHECK(smesim::parse_shard("3/16") == Shard{3, 16});
  CHECK(smesim::parse_shard("1/1").whole());
  for (const char* bad : {"", "3", "0/3", "4/3", "1/0", "a/b", "1/3x", "-1/3", " 1/3", "1/100001", "1//3"}) {
    INFO(bad);
    CHECK_THROWS_AS(smesim::parse_shard(bad), ShardError);
  }
  // Round robin: shard i of N holds k = i - 1, i - 1 + N, …
  const Shard third{3, 5};
  CHECK(third.holds(2));
  CHECK(third.holds(7));
  CHECK_FALSE(third.holds(3));
  CHECK(third.records_of(12) == 2);  // 2 and 7
  CHECK(third.records_of(2) == 0);
  CHECK(Shard{1, 5}.records_of(12) == 3);  // 0, 5, 10
}

TEST_CASE("shards hold their records round robin and merge to the bytes of the whole study",
          "[study][shard]") {
  const ShardedSweep s;
  REQUIRE(run_study_file("sweep", s.file, s.root / "whole", {.threads = 1}).complete);
  const std::vector<fs::path> shards = s.run_shards(5);
  for (std::size_t i = 1; i <= 5; ++i) {
    INFO("shard " << i);
    const fs::path folder = s.shard_folder(i, 5);
    CHECK(fs::exists(folder / "shard.json"));
    CHECK_FALSE(fs::exists(folder / "points.csv"));  // outputs need every shard
    for (std::size_t k = 0; k < 12; ++k)
      CHECK(fs::exists(folder / "points" / fmt::format("{:06}.json", k)) == (k % 5 == i - 1));
    const auto mark = nlohmann::json::parse(read_text(folder / "shard.json"));
    CHECK(mark.at("records") == Shard{i, 5}.records_of(12));
    CHECK(mark.at("records_resumed") == 0);
  }
  const auto merged = merge_study_file("sweep", s.file, shards, s.root / "merged");
  REQUIRE(merged.complete);
  CHECK(merged.records_resumed == 0);
  const auto whole = folder_bytes(s.root / "whole");
  // points and their seals, experiment.json, points.csv, agencies_long.csv, results.xlsx,
  // manifest, the ledger
  CHECK(whole.size() == 2 * 12 + 6);
  CHECK(folder_bytes(s.root / "merged") == whole);

  SECTION("a shard run again resumes its records, and the merge's manifest counts them") {
    const auto again = run_study_file("sweep", s.file, s.shard_folder(2, 5), {.threads = 1, .shard = {2, 5}});
    REQUIRE(again.complete);
    CHECK(again.records_resumed == 3);  // 1, 6, 11
    const auto remerged = merge_study_file("sweep", s.file, shards, s.root / "remerged");
    CHECK(remerged.records_resumed == 3);
    const auto manifest = nlohmann::json::parse(read_text(s.root / "remerged" / "manifest.json"));
    CHECK(manifest.at("points_resumed") == 3);
    CHECK(read_text(s.root / "remerged" / "points.csv") == whole.at("points.csv"));
  }
  SECTION("more shards than records: the empty ones are finished too") {
    const std::vector<fs::path> many = s.run_shards(14);
    CHECK(fs::exists(s.shard_folder(14, 14) / "shard.json"));
    REQUIRE(merge_study_file("sweep", s.file, many, s.root / "merged14").complete);
    CHECK(folder_bytes(s.root / "merged14") == whole);
  }
}

TEST_CASE("a merge that cannot be complete names what is wrong and writes nothing", "[study][shard]") {
  const ShardedSweep s;
  std::vector<fs::path> shards = s.run_shards(4);  // shard 4 first
  const fs::path out = s.root / "out";

  SECTION("missing shards are named, with the folder the first would have") {
    const std::string e = merge_error(s, {shards[0], shards[2]}, out);  // shards 4 and 2
    CHECK(e.find("shards 1, 3 of 4 are missing") != std::string::npos);
    CHECK(e.find("results/resume-test-shard-1-of-4") != std::string::npos);
  }
  SECTION("a shard given twice") {
    shards.push_back(shards[1]);
    CHECK(merge_error(s, shards, out).find("shard 3 of 4 is given twice") != std::string::npos);
  }
  SECTION("an unfinished shard, with how much of it is stored") {
    fs::remove(s.shard_folder(2, 4) / "shard.json");
    fs::remove(s.shard_folder(2, 4) / "points" / "000005.json");
    const std::string e = merge_error(s, shards, out);
    CHECK(e.find("not finished: shard 2 of 4") != std::string::npos);
    CHECK(e.find("2 of 3 points stored") != std::string::npos);
  }
  SECTION("shards of one split only") {
    const auto other = run_study_file("sweep", s.file, s.shard_folder(1, 3), {.threads = 1, .shard = {1, 3}});
    REQUIRE(other.complete);
    shards.push_back(s.shard_folder(1, 3));
    CHECK(merge_error(s, shards, out).find("a study is merged from shards of one split") !=
          std::string::npos);
  }
  SECTION("shards of another study (another seed)") {
    write_text(s.file, sweep_text(4));
    CHECK(merge_error(s, shards, out).find("not of this sweep `resume-test`") != std::string::npos);
  }
  SECTION("a whole study's folder is not a shard") {
    REQUIRE(run_study_file("sweep", s.file, s.root / "whole", {.threads = 1}).complete);
    shards.push_back(s.root / "whole");
    CHECK(merge_error(s, shards, out).find("holds a whole study, not a shard") != std::string::npos);
  }
  SECTION("a folder that is no study's") {
    fs::create_directories(s.root / "empty");
    shards.push_back(s.root / "empty");
    CHECK(merge_error(s, shards, out).find("has no experiment.json") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("a shard's folder and the whole study's are never mixed", "[study][shard]") {
  const ShardedSweep s;
  const fs::path folder = s.root / "folder";
  REQUIRE(run_study_file("sweep", s.file, folder, {.threads = 1, .shard = {1, 3}}).complete);
  CHECK_THROWS_WITH(run_study_file("sweep", s.file, folder, {.threads = 1}),
                    Catch::Contains("holds shard 1 of 3 of this sweep; this run is the whole study"));
  CHECK_THROWS_WITH(run_study_file("sweep", s.file, folder, {.threads = 1, .shard = {2, 3}}),
                    Catch::Contains("this run is shard 2 of 3"));
  CHECK(stored_points(folder) == 4);
  // --restart makes it the whole study's folder: the shard's mark goes with its records.
  REQUIRE(run_study_file("sweep", s.file, folder, {.restart = true, .threads = 1}).complete);
  CHECK_FALSE(fs::exists(folder / "shard.json"));
  CHECK(stored_points(folder) == 12);
}

TEST_CASE("a sequential study is not split into shards", "[study][shard]") {
  TempFolder dir("shard-solve");
  const fs::path root = dir.path;
  write_text(root / "small.yaml", solve_fixture::kSmall);
  write_text(root / "solve.yaml", solve_fixture::kSolve);
  CHECK_THROWS_WITH(run_study_file("solve", root / "solve.yaml", root / "out", {.shard = {1, 2}}),
                    Catch::Contains("cannot be split into shards"));
  CHECK_FALSE(fs::exists(root / "out"));
}
