// Results folders: staged in a hidden folder, renamed into place on commit (DESIGN.md).

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "io/results_dir.hpp"
#include "smesim/error.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using smesim::detail::ResultsDir;

namespace {

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
  REQUIRE(out.good());
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A fresh temporary root, removed at the end of the test.
struct TempRoot {
  fs::path path{smesim::test::make_temp_dir("results-dir")};
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string utc_stamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

TEST_CASE("ResultsDir: files appear in the destination only on commit", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  {
    ResultsDir dir(dest, false);
    CHECK(dir.destination() == dest);
    write_text(dir.file("a.csv"), "x,y\n1,2\n");
    write_text(dir.file("b.txt"), "hello");
    // Staged beside the destination in a hidden folder; nothing at the destination yet.
    CHECK_FALSE(fs::exists(dest));
    CHECK(dir.file("a.csv").parent_path().parent_path() == root.path);
    const std::string staging = dir.file("a.csv").parent_path().filename().string();
    CHECK(staging.rfind(".run.partial-", 0) == 0);
    CHECK(fs::exists(dir.file("a.csv")));
    dir.commit();
    CHECK(fs::is_directory(dest));
    CHECK(entries(dest) == std::vector<std::string>{"a.csv", "b.txt"});
  }
  // After commit and destruction: the files stay, and no hidden folder is left beside them.
  CHECK(read_text(dest / "a.csv") == "x,y\n1,2\n");
  CHECK(read_text(dest / "b.txt") == "hello");
  CHECK(entries(root.path) == std::vector<std::string>{"run"});
}

TEST_CASE("ResultsDir: destroyed without commit leaves neither destination nor staging", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  fs::path staged;
  {
    ResultsDir dir(dest, false);
    staged = dir.file("a.csv");
    write_text(staged, "partial");
    REQUIRE(fs::exists(staged));
  }
  CHECK_FALSE(fs::exists(dest));
  CHECK_FALSE(fs::exists(staged.parent_path()));
  CHECK(entries(root.path).empty());
}

TEST_CASE("ResultsDir: creates missing parent folders", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "results" / "scenario" / "20150320T000000Z";
  {
    ResultsDir dir(dest, false);
    write_text(dir.file("kpis.csv"), "k\n");
    dir.commit();
  }
  CHECK(read_text(dest / "kpis.csv") == "k\n");
  CHECK(entries(dest.parent_path()) == std::vector<std::string>{"20150320T000000Z"});
}

TEST_CASE("ResultsDir: a non-empty destination needs replace", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  fs::create_directory(dest);
  write_text(dest / "old.csv", "old");

  SECTION("without replace it throws OutputError and touches nothing") {
    CHECK_THROWS_AS(ResultsDir(dest, false), smesim::OutputError);
    CHECK(entries(dest) == std::vector<std::string>{"old.csv"});
    CHECK(entries(root.path) == std::vector<std::string>{"run"});
  }
  SECTION("a plain file in the way also counts as non-empty") {
    const fs::path file_dest = root.path / "file";
    write_text(file_dest, "data");
    CHECK_THROWS_AS(ResultsDir(file_dest, false), smesim::OutputError);
    CHECK(read_text(file_dest) == "data");
  }
  SECTION("with replace, commit replaces the old contents entirely") {
    {
      ResultsDir dir(dest, true);
      write_text(dir.file("new.csv"), "new");
      // Until commit, the old results are untouched.
      CHECK(entries(dest) == std::vector<std::string>{"old.csv"});
      dir.commit();
    }
    CHECK(entries(dest) == std::vector<std::string>{"new.csv"});
    CHECK(read_text(dest / "new.csv") == "new");
    // Neither the staging folder nor the moved-aside old folder remains.
    CHECK(entries(root.path) == std::vector<std::string>{"run"});
  }
  SECTION("with replace but no commit, the old results survive") {
    {
      ResultsDir dir(dest, true);
      write_text(dir.file("new.csv"), "new");
    }
    CHECK(entries(dest) == std::vector<std::string>{"old.csv"});
    CHECK(read_text(dest / "old.csv") == "old");
    CHECK(entries(root.path) == std::vector<std::string>{"run"});
  }
}

TEST_CASE("ResultsDir: an existing empty destination is accepted", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  fs::create_directory(dest);
  {
    ResultsDir dir(dest, false);
    write_text(dir.file("a.csv"), "a");
    dir.commit();
  }
  CHECK(entries(dest) == std::vector<std::string>{"a.csv"});
  CHECK(entries(root.path) == std::vector<std::string>{"run"});
}

TEST_CASE("default_results_path: results/<name>/<UTC timestamp>, unique once taken", "[io]") {
  TempRoot root;
  const fs::path results = root.path / "results";
  const std::string before = utc_stamp_now();
  const fs::path first = smesim::detail::default_results_path(results, "osmep_2015");
  const std::string after = utc_stamp_now();

  CHECK(first.parent_path() == results / "osmep_2015");
  const std::string stamp = first.filename().string();
  CHECK(std::regex_match(stamp, std::regex(R"(\d{8}T\d{6}Z)")));
  // Same fixed-width format, so string order is time order: the stamp is "now" in UTC.
  CHECK(before <= stamp);
  CHECK(stamp <= after);
  // Computing a path creates nothing.
  CHECK_FALSE(fs::exists(results));

  // Once the first exists, a call in the same second gets a suffixed path (a later second
  // gets a fresh timestamp); either way it differs and is free.
  fs::create_directories(first);
  const fs::path second = smesim::detail::default_results_path(results, "osmep_2015");
  CHECK(second != first);
  CHECK_FALSE(fs::exists(second));
  CHECK(second.parent_path() == first.parent_path());
  if (second.filename().string().rfind(stamp, 0) == 0) CHECK(second.filename().string() == stamp + "-2");

  fs::create_directories(second);
  const fs::path third = smesim::detail::default_results_path(results, "osmep_2015");
  CHECK(third != first);
  CHECK(third != second);
  CHECK_FALSE(fs::exists(third));
}

TEST_CASE("default_results_path: the scenario name is made safe for a folder name", "[io]") {
  TempRoot root;
  const fs::path p = smesim::detail::default_results_path(root.path, "my scenario/../x");
  CHECK(p.parent_path().parent_path() == root.path);
  CHECK(p.parent_path().filename() == "my_scenario_.._x");
  // A name that would be hidden (leading dot) or empty is prefixed.
  CHECK(smesim::detail::default_results_path(root.path, ".hidden").parent_path().filename() == "_.hidden");
  CHECK(smesim::detail::default_results_path(root.path, "").parent_path().filename() == "_");
}
