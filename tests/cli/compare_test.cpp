// `smesim compare` end to end: the files and their rows, the baseline against itself, and bad
// compare files rejected at file:line:col with nothing written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using smesim::test::run_command;

namespace {

struct Folder {
  explicit Folder(const std::string& tag) : path(smesim::test::make_temp_dir("compare-" + tag)) {}
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string path;
};

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

smesim::test::CommandResult smesim_in(const std::string& dir, const std::string& args) {
  return run_command(fmt::format("cd '{}' && '{}' {}", dir, smesim::test::smesim_binary(), args));
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  return cells;
}

// comparison.csv as rows of column -> text, keyed by (variant, kpi).
std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> read_comparison(
    const fs::path& file) {
  std::istringstream csv(read(file));
  std::string line;
  std::getline(csv, line);
  const auto header = split(line);
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> rows;
  while (std::getline(csv, line)) {
    const auto cells = split(line);
    REQUIRE(cells.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
    rows[{row["variant"], row["kpi"]}] = row;
  }
  return rows;
}

// 40-member networks and a tenth of the budget: mentoring reaches only some members a month,
// so whom an agency targets matters (with room for everyone, targeting changes nothing).
const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 40}, list: ~}\n";
const char* const kCompare = R"(name: strategies-test
scenario: small.yaml
replications: 8
seed: 11
baseline: as-is
precision: {developed: 20, cost_reduction_thb: 1000000}
variants:
  laggards: {agencies.*.strategy.mentoring.targeting: laggards}
  as-is: {}
  network-heavy: {agencies.*.strategy.split.mentoring: 0.4, agencies.*.strategy.split.network: 0.3}
)";

}  // namespace

TEST_CASE("compare writes comparison.csv, a summary per variant and a manifest", "[cli][compare]") {
  Folder dir("ok");
  write(fs::path(dir.path) / "small.yaml", kSmall);
  write(fs::path(dir.path) / "compare.yaml", kCompare);
  const auto r = smesim_in(dir.path, "compare compare.yaml --quiet --out out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(read(out / "comparison.csv")
            .starts_with("variant,kpi,direction,replications,mean,p5,p50,p95,diff_mean,diff_sd,diff_ci95_lo,"
                         "diff_ci95_hi,p_better,p_best,precision,replications_needed\n"));
  const auto rows = read_comparison(out / "comparison.csv");
  CHECK(rows.size() == 3 * 8);  // variants × final KPIs
  for (const std::string variant : {"as-is", "laggards", "network-heavy"}) {
    INFO(variant);
    CHECK(fs::exists(out / "variants" / variant / "summary.json"));
    const auto summary = nlohmann::json::parse(read(out / "variants" / variant / "summary.json"));
    // The distribution in comparison.csv is the one in the variant's summary.json.
    CHECK(std::stod(rows.at({variant, "developed"}).at("p50")) ==
          summary.at("kpis").at("developed").at("p50"));
    CHECK(rows.at({variant, "developed"}).at("replications") == "8");
  }
  // The baseline against itself: exactly zero in every replication, so every statistic of the
  // difference is 0 (not merely small), P(better) is all ties, no replications are needed.
  for (const std::string kpi : {"developed", "expanded", "cost_reduction_thb", "spent_thb", "unspent_thb"}) {
    INFO(kpi);
    const auto& row = rows.at({"as-is", kpi});
    CHECK(row.at("diff_mean") == "0");
    CHECK(row.at("diff_sd") == "0");
    CHECK(row.at("diff_ci95_lo") == "0");
    CHECK(row.at("diff_ci95_hi") == "0");
  }
  CHECK(rows.at({"as-is", "developed"}).at("p_better") == "0.5");
  CHECK(rows.at({"as-is", "developed"}).at("replications_needed") == "0");
  CHECK(rows.at({"as-is", "spent_thb"}).at("p_better") == "nan");               // spend has no direction
  CHECK(rows.at({"laggards", "expanded"}).at("replications_needed") == "nan");  // no precision given
  CHECK(rows.at({"laggards", "developed"}).at("precision") == "20");
  // A real change moves the paired difference, and P(best) shares one unit across the variants.
  CHECK(rows.at({"laggards", "developed"}).at("diff_sd") != "0");
  double p_best = 0;
  for (const std::string variant : {"as-is", "laggards", "network-heavy"})
    p_best += std::stod(rows.at({variant, "developed"}).at("p_best"));
  CHECK_THAT(p_best, Catch::Matchers::WithinAbs(1, 1e-12));

  const auto manifest = nlohmann::json::parse(read(out / "manifest.json"));
  CHECK(manifest.at("baseline") == "as-is");
  CHECK(manifest.at("replications_per_variant") == 8);
  CHECK(manifest.at("seed") == 11);
  CHECK(manifest.at("variants").size() == 3);
  CHECK(manifest.at("variants")[0].at("values").at("agencies.*.strategy.mentoring.targeting") == "laggards");
  // The console table: a row per variant, the baseline marked.
  CHECK(r.out.find("3 variants x 8 replications") != std::string::npos);
  CHECK(r.out.find("network-heavy") != std::string::npos);
  CHECK(r.out.find("(baseline)") != std::string::npos);
  CHECK(r.out.find("Results: out") != std::string::npos);
}

TEST_CASE("compare: the same file gives the same comparison at any thread count", "[cli][compare]") {
  Folder dir("threads");
  write(fs::path(dir.path) / "small.yaml", kSmall);
  write(fs::path(dir.path) / "compare.yaml", kCompare);
  REQUIRE(smesim_in(dir.path, "compare compare.yaml --quiet --threads 1 --out one").exit_code == 0);
  REQUIRE(smesim_in(dir.path, "compare compare.yaml --quiet --threads 2 --out two").exit_code == 0);
  CHECK(read(fs::path(dir.path) / "one/comparison.csv") == read(fs::path(dir.path) / "two/comparison.csv"));
}

TEST_CASE("bad compare files are rejected with file:line:col, exit code 2 and nothing written",
          "[cli][compare]") {
  Folder dir("bad");
  struct Case {
    std::string text, location, phrase;
  };
  const std::string head = "name: c\nreplications: 2\n";
  const std::vector<Case> cases{
      {head + "basline: a\nvariants: {a: {}, b: {}}\n", "bad.yaml:3:1: error:", "did you mean `baseline`"},
      {head + "variants:\n  a: {}\n  b: {programme.budget: 5}\n",
       "bad.yaml:5:7: error:", "nearest valid paths"},
      {head + "baseline: as-si\nvariants:\n  as-is: {}\n  b: {}\n",
       "bad.yaml:3:11: error:", "did you mean `as-is`"},
      {head + "variants:\n  a: {}\n", "bad.yaml:4:3: error:", "at least 2 variants"},
      {head + "variants:\n  a: {}\n  b: {agencies.DIP.strategy.mentoring.targeting: lagards}\n",
       "bad.yaml:5:50: error:", "did you mean `laggards`"},
      {head + "variants:\n  a: {}\n  b: {programme.budget_thb: -5}\n",
       "bad.yaml:5:29: error:", "expected a number"},
      {head + "variants:\n  a: {}\n  b: {seed: 5}\n", "bad.yaml:5:7: error:", "common random numbers"},
      {head + "precision: {develop: 5}\nvariants: {a: {}, b: {}}\n",
       "bad.yaml:3:13: error:", "did you mean `developed`"},
      // Each share is valid alone; together they no longer sum to 1: blamed on the variant.
      {head + "variants:\n  a: {}\n  b: {agencies.DIP.strategy.split.mentoring: 0.9}\n",
       "bad.yaml:5:3: error:", "not a valid scenario"},
      {head + "variants:\n  a: {}\n  ../b: {}\n", "bad.yaml:5:3: error:", "folder name"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "compare bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "results"));
  }
}

TEST_CASE("compare: SIGINT exits 130 and leaves nothing behind", "[cli][compare]") {
  Folder dir("interrupt");
  write(fs::path(dir.path) / "compare.yaml",
        "name: long\nreplications: 100000\nvariants: {a: {}, b: {agencies.*.strategy.mentoring.targeting: "
        "hubs}}\n");
  // Interrupt once the staging folder exists; kill after 20 s so the test cannot hang.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' compare compare.yaml --quiet --out res & pid=$!; "
      "i=0; while [ $i -lt 200 ] && ! ls -a | grep -q '^\\.res\\.partial-'; do sleep 0.05; i=$((i+1)); done; "
      "sleep 0.3; kill -INT $pid; "
      "i=0; while [ $i -lt 400 ] && ls -a | grep -q '^\\.res\\.partial-'; do sleep 0.05; i=$((i+1)); done; "
      "ls -a | grep -q '^\\.res\\.partial-' && kill -KILL $pid; wait $pid; echo exit=$?)",
      dir.path, smesim::test::smesim_binary());
  const auto r = run_command(script);
  INFO(r.out << r.err);
  CHECK(r.out.find("exit=130") != std::string::npos);
  CHECK(r.err.find("interrupted") != std::string::npos);
  std::size_t left = 0;
  for (const auto& entry : fs::directory_iterator(dir.path))
    left += entry.path().filename() != "compare.yaml";
  CHECK(left == 0);
}
