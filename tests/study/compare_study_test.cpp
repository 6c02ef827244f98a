// Comparisons in process (run_study): the files and their rows, the baseline against itself,
// P(best) sharing one unit, the rows by agency, and the same bytes at any thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::compare_fixture;

namespace {

// comparison.csv as rows of column -> text, keyed by (variant, kpi).
std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> read_comparison(
    const fs::path& file) {
  std::istringstream csv(read_text(file));
  std::string line;
  std::getline(csv, line);
  const auto header = split_csv(line);
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> rows;
  while (std::getline(csv, line)) {
    const auto cells = split_csv(line);
    REQUIRE(cells.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
    rows[{row["variant"], row["kpi"]}] = row;
  }
  return rows;
}

}  // namespace

TEST_CASE("compare writes comparison.csv, a summary per variant and a manifest", "[study][compare]") {
  TempFolder dir("ok");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  const auto r = run_study_file("compare", fs::path(dir.path) / "compare.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(read_text(out / "comparison.csv")
            .starts_with("variant,kpi,direction,replications,mean,p5,p50,p95,diff_mean,diff_sd,diff_ci95_lo,"
                         "diff_ci95_hi,p_better,p_best,precision,replications_needed\n"));
  const auto rows = read_comparison(out / "comparison.csv");
  CHECK(rows.size() == 3 * 8);  // variants × final KPIs
  for (const std::string variant : {"as-is", "laggards", "network-heavy"}) {
    INFO(variant);
    CHECK(fs::exists(out / "variants" / variant / "summary.json"));
    const auto summary = nlohmann::json::parse(read_text(out / "variants" / variant / "summary.json"));
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

  // By agency: tidy rows, one value each; the programme's (`all`) rows agree with comparison.csv.
  const std::string by_agency = read_text(out / "agency_comparison.csv");
  CHECK(by_agency.starts_with("variant,agency,kpi,statistic,value,agency_name\n"));
  const auto lines = std::count(by_agency.begin(), by_agency.end(), '\n');
  const auto agencies =
      nlohmann::json::parse(read_text(out / "manifest.json")).at("scenario").at("agencies").size();
  CHECK(static_cast<std::size_t>(lines) == 1 + 3 * (agencies + 1) * (6 * 8 + 3 * 4 + 3));
  for (const std::string variant : {"as-is", "laggards", "network-heavy"}) {
    INFO(variant);
    const std::string p50 =
        variant + ",all,developed,p50," + rows.at({variant, "developed"}).at("p50") + ",\n";
    CHECK(by_agency.find(p50) != std::string::npos);
    const std::string diff =
        variant + ",all,developed,diff_mean," + rows.at({variant, "developed"}).at("diff_mean") + ",\n";
    CHECK(by_agency.find(diff) != std::string::npos);
  }
  CHECK(by_agency.find("as-is,DIP,developed,diff_mean,0,Department of Industrial Promotion\n") !=
        std::string::npos);
  CHECK(r.report.console.find("SMEs developed by agency") != std::string::npos);

  // The experiment folder: its identity and a point file per variant.
  CHECK(nlohmann::json::parse(read_text(out / "experiment.json")).at("kind") == "compare");
  CHECK(stored_points(out) == 3);
  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  CHECK(manifest.at("variants_resumed") == 0);
  CHECK(manifest.at("baseline") == "as-is");
  CHECK(manifest.at("replications_per_variant") == 8);
  CHECK(manifest.at("seed") == 11);
  CHECK(manifest.at("variants").size() == 3);
  CHECK(manifest.at("variants")[0].at("values").at("agencies.*.strategy.mentoring.targeting") == "laggards");
  // The console table: a row per variant, the baseline marked.
  CHECK(r.report.console.find("3 variants x 8 replications") != std::string::npos);
  CHECK(r.report.console.find("network-heavy") != std::string::npos);
  CHECK(r.report.console.find("(baseline)") != std::string::npos);
}

TEST_CASE("compare: the same file gives the same comparison at any thread count", "[study][compare]") {
  TempFolder dir("threads");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  REQUIRE(run_study_file("compare", fs::path(dir.path) / "compare.yaml", fs::path(dir.path) / "one",
                         {.threads = 1})
              .complete);
  REQUIRE(run_study_file("compare", fs::path(dir.path) / "compare.yaml", fs::path(dir.path) / "two",
                         {.threads = 2})
              .complete);
  CHECK(read_text(fs::path(dir.path) / "one/comparison.csv") ==
        read_text(fs::path(dir.path) / "two/comparison.csv"));
}
