// Agency and network names, in any script, beside their ids in every CSV that lists agencies
// or networks (docs/outputs.md, its paragraph on names): the per-replication agency_kpis.csv,
// agency_timeseries.csv and cluster_kpis.csv, and agencies.csv, clusters.csv, agencies_long.csv
// of a run and of a sweep, agency_comparison.csv of a comparison. The new columns come last, so a
// reader that takes columns by position still finds the old ones where they were; names with
// commas and quotes survive the CSV quoting.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "smesim/scenario/scenario.hpp"
#include "support/experiment_support.hpp"
#include "support/run_outputs.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using namespace smesim::test;
using namespace smesim::test::run_outputs;

namespace {

const std::string kDipName = "กรมส่งเสริมอุตสาหกรรม, \"DIP\"";
const std::string kSilkName = "คลัสเตอร์ไหม, ไทย";

const char* const kScenario = R"(name: โครงการ-2570
replications: 3
time: {programme_months: 3, horizon_months: 6}
programme: {budget_thb: 2000000}
agencies:
  - {id: DIP, name: "กรมส่งเสริมอุตสาหกรรม, \"DIP\"", networks: 1, sectors: [manufacturing]}
  - {id: B, networks: 1, sectors: [trade]}
networks:
  generate: {members: 20}
  list:
    - {id: silk-01, name: "คลัสเตอร์ไหม, ไทย", agency: DIP, sector: manufacturing, province_group: East}
    - {id: b-01, agency: B, sector: trade}
)";

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// Every row's `name_column` is the name of the agency its `id_column` names ("" for `all`).
void check_agency_names(const Csv& csv, const std::string& id_column = "agency") {
  const std::size_t id = csv.column(id_column);
  const std::size_t name = csv.column("agency_name");
  REQUIRE(!csv.rows.empty());
  for (const auto& row : csv.rows) {
    INFO(row[id]);
    CHECK(row[name] == (row[id] == "DIP" ? kDipName : ""));
  }
}

// The header starts with `old` (the columns before names were added) and ends with `added`.
void check_header(const Csv& csv, const std::vector<std::string>& old,
                  const std::vector<std::string>& added) {
  INFO(csv.header.size());
  REQUIRE(csv.header.size() >= old.size() + added.size());
  CHECK(std::vector<std::string>(csv.header.begin(),
                                 csv.header.begin() + static_cast<std::ptrdiff_t>(old.size())) == old);
  CHECK(std::vector<std::string>(csv.header.end() - static_cast<std::ptrdiff_t>(added.size()),
                                 csv.header.end()) == added);
}

}  // namespace

TEST_CASE("a run writes agency and network names beside their ids", "[study][names]") {
  const TempFolder tmp("names-run");
  const ScenarioDef def = load_scenario_text(kScenario, "thai.yaml").def;
  const fs::path dir = fs::path(tmp.path) / "res";
  REQUIRE(run_forecast_into(def, dir).complete);

  const Csv agencies = read_csv(dir / "agencies.csv");
  check_header(agencies,
               {"agency", "kpi", "mean", "sd", "ci95_lo", "ci95_hi", "p5", "p25", "p50", "p75", "p95"},
               {"agency_name"});
  check_agency_names(agencies);

  const Csv clusters = read_csv(dir / "clusters.csv");
  check_header(clusters, {"cluster", "agency", "sector", "province_group", "members_mean", "developed_mean"},
               {"cluster_name", "agency_name"});
  check_agency_names(clusters);
  REQUIRE(clusters.rows.size() == 2);
  CHECK(clusters.rows[0][clusters.column("cluster_name")] == kSilkName);
  CHECK(clusters.rows[1][clusters.column("cluster_name")].empty());

  const Csv long_rows = read_csv(dir / "agencies_long.csv");
  check_header(long_rows, {"variant", "agency", "kpi", "statistic", "value"}, {"agency_name"});
  check_agency_names(long_rows);
  CHECK(long_rows.rows[0][0] == "โครงการ-2570");
}

TEST_CASE("a run's per-replication files name the agencies and networks", "[study][names]") {
  const TempFolder tmp("names-replications");
  const ScenarioDef def = load_scenario_text(kScenario, "thai.yaml").def;
  const fs::path dir = fs::path(tmp.path) / "res";
  REQUIRE(run_forecast_into(def, dir).complete);

  const Csv agency_kpis = read_csv(dir / "agency_kpis.csv");
  check_header(agency_kpis, {"replication", "agency", "developed"}, {"spent_technology_thb", "agency_name"});
  check_agency_names(agency_kpis);
  CHECK(agency_kpis.rows.size() == 3 * 2);  // replications x agencies

  const Csv agency_months = read_csv(dir / "agency_timeseries.csv");
  check_header(agency_months, {"replication", "month", "agency", "spent_mentoring_thb"}, {"agency_name"});
  check_agency_names(agency_months);

  const Csv cluster_kpis = read_csv(dir / "cluster_kpis.csv");
  check_header(cluster_kpis, {"replication", "cluster", "agency", "sector", "province_group", "members"},
               {"trust_end", "cluster_name", "agency_name"});
  check_agency_names(cluster_kpis);
  REQUIRE(cluster_kpis.rows.size() == 3 * 2);  // replications x networks
  for (const auto& row : cluster_kpis.rows)
    CHECK(row[cluster_kpis.column("cluster_name")] == (row[1] == "silk-01" ? kSilkName : ""));
}

TEST_CASE("a sweep's and a comparison's agency files name the agencies", "[study][names]") {
  const TempFolder tmp("names-studies");
  const fs::path folder(tmp.path);
  write_file(folder / "thai.yaml", kScenario);
  write_file(folder / "sweep.yaml",
             "name: names-sweep\nscenario: thai.yaml\nreplications: 2\n"
             "parameters:\n  programme.budget_thb: [1000000, 2000000]\n");
  write_file(folder / "compare.yaml",
             "name: names-compare\nscenario: thai.yaml\nreplications: 2\nbaseline: as-is\n"
             "variants:\n  as-is: {}\n  richer: {programme.budget_thb: 3000000}\n");

  REQUIRE(run_study_file("sweep", folder / "sweep.yaml", folder / "sweep").complete);
  const Csv swept = read_csv(folder / "sweep" / "agencies_long.csv");
  check_header(swept, {"variant", "agency", "kpi", "statistic", "value"}, {"agency_name"});
  check_agency_names(swept);

  REQUIRE(run_study_file("compare", folder / "compare.yaml", folder / "compare").complete);
  const Csv compared = read_csv(folder / "compare" / "agency_comparison.csv");
  check_header(compared, {"variant", "agency", "kpi", "statistic", "value"}, {"agency_name"});
  check_agency_names(compared);
}
