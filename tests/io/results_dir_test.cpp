// Results folders: staged in a hidden folder, renamed into place on commit (docs/architecture.md).

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "io/process_tag.hpp"
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

// A folder as `smesim run` leaves it: a manifest of smesim's naming the other files.
void write_results_folder(const fs::path& dest) {
  fs::create_directory(dest);
  write_text(dest / "manifest.json", R"({"tool": "smesim", "files": ["kpis.csv"]})");
  write_text(dest / "kpis.csv", "old");
}

TEST_CASE("ResultsDir: a non-empty destination needs replace", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  write_results_folder(dest);
  const std::vector<std::string> old_entries{"kpis.csv", "manifest.json"};

  SECTION("without replace it throws DestinationError and touches nothing") {
    CHECK_THROWS_AS(ResultsDir(dest, false), smesim::DestinationError);
    CHECK(entries(dest) == old_entries);
    CHECK(entries(root.path) == std::vector<std::string>{"run"});
  }
  SECTION("a plain file in the way also counts as non-empty") {
    const fs::path file_dest = root.path / "file";
    write_text(file_dest, "data");
    CHECK_THROWS_AS(ResultsDir(file_dest, false), smesim::DestinationError);
    CHECK(read_text(file_dest) == "data");
  }
  SECTION("with replace, commit replaces the old contents entirely") {
    {
      ResultsDir dir(dest, true);
      write_text(dir.file("new.csv"), "new");
      // Until commit, the old results are untouched.
      CHECK(entries(dest) == old_entries);
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
    CHECK(entries(dest) == old_entries);
    CHECK(read_text(dest / "kpis.csv") == "old");
    CHECK(entries(root.path) == std::vector<std::string>{"run"});
  }
  SECTION("a file that appears in the folder during the run stops the commit, and is kept") {
    ResultsDir dir(dest, true);
    write_text(dir.file("new.csv"), "new");
    write_text(dest / "notes.txt", "mine");
    CHECK_THROWS_AS(dir.commit(), smesim::DestinationError);
    CHECK(read_text(dest / "notes.txt") == "mine");
    CHECK(read_text(dest / "kpis.csv") == "old");
  }
}

// issue: `--force` deleted whatever it was pointed at. Each of these is refused with its reason
// and left exactly as it was.
TEST_CASE("ResultsDir: replace refuses anything but a results folder smesim wrote", "[io]") {
  TempRoot root;
  const auto refused = [&](const fs::path& dest, const std::string& reason) {
    INFO(dest.string());
    try {
      ResultsDir dir(dest, true);
      FAIL("not refused");
    } catch (const smesim::DestinationError& e) {
      CHECK_THAT(e.what(),
                 Catch::Matchers::Contains("--force replaces only a results folder that smesim wrote"));
      CHECK_THAT(e.what(), Catch::Matchers::Contains(reason));
    }
  };
  SECTION("a folder with unrelated files") {
    fs::create_directory(root.path / "mine");
    write_text(root.path / "mine" / "thesis.tex", "precious");
    refused(root.path / "mine", "no manifest.json");
    CHECK(read_text(root.path / "mine" / "thesis.tex") == "precious");
  }
  SECTION("a results folder with a file smesim did not write") {
    write_results_folder(root.path / "run");
    write_text(root.path / "run" / "notes.txt", "mine");
    refused(root.path / "run", "it holds `notes.txt`, which smesim did not write there");
    CHECK(read_text(root.path / "run" / "notes.txt") == "mine");
  }
  SECTION("a results folder with a subfolder") {
    write_results_folder(root.path / "run");
    fs::create_directory(root.path / "run" / "kpis.csv.d");
    refused(root.path / "run", "kpis.csv.d");
  }
  SECTION("a manifest that is not smesim's") {
    fs::create_directory(root.path / "other");
    write_text(root.path / "other" / "manifest.json", R"({"tool": "webpack"})");
    refused(root.path / "other", "is not one smesim wrote");
    write_text(root.path / "other" / "manifest.json", "not json");
    refused(root.path / "other", "is not one smesim wrote");
  }
  SECTION("a regular file") {
    write_text(root.path / "file", "data");
    refused(root.path / "file", "it is a file, not a results folder");
    CHECK(read_text(root.path / "file") == "data");
  }
  SECTION("a device") {
    refused("/dev/null", "it is a character device, not a results folder");
    CHECK(fs::is_character_file("/dev/null"));
  }
  SECTION("a symbolic link, even to a results folder") {
    write_results_folder(root.path / "run");
    fs::create_directory_symlink(root.path / "run", root.path / "link");
    refused(root.path / "link", "it is a symbolic link");
    CHECK(fs::is_symlink(root.path / "link"));
    CHECK(read_text(root.path / "run" / "kpis.csv") == "old");
  }
}

// issue: SIGTERM or a crash left `.NAME.partial-PID` folders that no later run removed.
TEST_CASE("ResultsDir: leftovers of dead processes on this host are removed, others kept", "[io]") {
  TempRoot root;
  const std::string host = smesim::detail::host_tag();
  // PID 999999999 exceeds Linux's pid_max (at most 2^22), so no process has it.
  const fs::path dead = root.path / fmt::format(".run.partial-{}-999999999", host);
  const fs::path dead_old = root.path / fmt::format(".run.old-{}-999999999", host);
  const fs::path dead_tmp = root.path / fmt::format(".kpis.csv.tmp-{}-999999999", host);
  const fs::path alive = root.path / fmt::format(".run.partial-{}-{}", host, ::getpid());
  const fs::path other_host = root.path / ".run.partial-otherhost-999999999";
  const fs::path not_ours = root.path / ".config.partial-notes";
  // Folders of a dead process's names that smesim did not make: no staging marker inside, or
  // not a results folder smesim wrote. A user's, whatever their names say.
  const fs::path unmarked = root.path / fmt::format(".notes.partial-{}-999999999", host);
  const fs::path users_old = root.path / fmt::format(".thesis.old-{}-999999999", host);
  for (const auto& d : {dead, dead_old, alive, other_host, not_ours, unmarked, users_old}) {
    fs::create_directory(d);
    write_text(d / "kpis.csv", "x");
  }
  for (const auto& d : {dead, alive, other_host, not_ours})
    write_text(d / smesim::detail::kStagingMarker, "host-1\n");
  write_text(dead_old / "manifest.json", R"({"tool": "smesim", "files": ["kpis.csv"]})");
  write_text(dead_tmp, "half");
  {
    ResultsDir dir(root.path / "next", false);
    dir.commit();
  }
  CHECK_FALSE(fs::exists(dead));
  CHECK_FALSE(fs::exists(dead_old));
  CHECK_FALSE(fs::exists(dead_tmp));
  CHECK(fs::exists(alive / "kpis.csv"));
  CHECK(fs::exists(other_host / "kpis.csv"));
  CHECK(fs::exists(not_ours / "kpis.csv"));
  CHECK(fs::exists(unmarked / "kpis.csv"));
  CHECK(fs::exists(users_old / "kpis.csv"));
  // The committed folder does not keep the marker of its staging.
  CHECK_FALSE(fs::exists(root.path / "next" / smesim::detail::kStagingMarker));
}

// docs/architecture.md: outputs never look complete when a write failed. The staging folder
// vanishing mid-run (deleted by someone else) makes the commit fail with a message, and no
// destination.
TEST_CASE("ResultsDir: a staging folder that vanished fails the commit and leaves nothing", "[io]") {
  TempRoot root;
  const fs::path dest = root.path / "run";
  ResultsDir dir(dest, false);
  write_text(dir.file("kpis.csv"), "k\n");
  fs::remove_all(dir.file("").parent_path());
  CHECK_THROWS_AS(dir.commit(), smesim::OutputError);
  CHECK_FALSE(fs::exists(dest));
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

TEST_CASE("default_results_path: letters of every script are kept, only unsafe characters replaced", "[io]") {
  // docs/scenario.md "How a file is read", `name`: a Thai programme gets a folder a planner can
  // read, not one `_` per byte.
  TempRoot root;
  const auto folder = [&](const std::string& name) {
    return smesim::detail::default_results_path(root.path, name).parent_path().filename().string();
  };
  CHECK(folder("โครงการ-2570") == "โครงการ-2570");
  CHECK(folder("Программа.2027") == "Программа.2027");
  CHECK(folder("โครงการ 2570") == "โครงการ_2570");
  CHECK(folder("a:b*c?d\"e<f>g|h") == "a_b_c_d_e_f_g_h");
  CHECK(folder("x\u00a0y\u3000z") == "x_y_z");         // no-break and ideographic spaces
  CHECK(folder("a\u200bb\u202ec\u0085") == "a_b_c_");  // zero-width, bidirectional and C1 controls
  CHECK(folder("..") == "_..");
  CHECK(folder(".โครงการ") == "_.โครงการ");
}
