// Every study's records carry each agency's KPIs (`agencies`), and agencies_long.csv is made of
// them; a folder whose records lack them (an earlier version's) is not resumed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv_writer.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/sweep_study.hpp"
#include "study/agency_records.hpp"
#include "support/experiment_support.hpp"

using namespace smesim;
namespace fs = std::filesystem;

namespace {

StudyResult run_sweep(const fs::path& folder, const RunStudyOptions& options = {}) {
  SweepStudy study(load_sweep_file(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies/sweep.yaml"));
  ThreadExecutor executor(2);
  return run_study(
      study, executor, [&](const StudyIdentity& id) { return open_study_folder(folder, id, false); },
      options);
}

}  // namespace

TEST_CASE("A sweep's records carry each agency's rows and agencies_long.csv lists them all", "[study]") {
  const test::TempFolder dir("agency-records");
  const fs::path folder = fs::path(dir.path) / "sweep";
  const StudyResult result = run_sweep(folder);
  REQUIRE(result.complete);
  const auto record = nlohmann::json::parse(test::read_text(folder / "points" / "000000.json"));
  REQUIRE(record.at("agencies").is_array());
  std::size_t rows = 0;
  for (const auto& name :
       {"000000.json", "000001.json", "000002.json", "000003.json", "000004.json", "000005.json"})
    rows += nlohmann::json::parse(test::read_text(folder / "points" / name)).at("agencies").size();
  // One line per row of every record, and the header.
  std::istringstream csv(test::read_text(folder / "agencies_long.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "variant,agency,kpi,statistic,value,agency_name");
  std::size_t lines = 0;
  while (std::getline(csv, line)) ++lines;
  CHECK(lines == rows);
  // The programme's median developed SMEs is the summary's.
  const auto& agencies = record.at("agencies");
  const auto row = std::find_if(agencies.begin(), agencies.end(), [](const auto& r) {
    return r[0] == "all" && r[1] == "developed" && r[2] == "p50";
  });
  REQUIRE(row != agencies.end());
  CHECK((*row)[3].get<double>() == record.at("summary").at("kpis").at("developed").at("p50").get<double>());
}

TEST_CASE("A folder whose records have no agencies' rows is refused, not half-read", "[study]") {
  const test::TempFolder dir("agency-records-old");
  const fs::path folder = fs::path(dir.path) / "sweep";
  REQUIRE(run_sweep(folder).complete);
  const fs::path point = folder / "points" / "000002.json";
  auto record = nlohmann::ordered_json::parse(test::read_text(point));
  record.erase("agencies");
  test::write_sealed_record(point, record.dump(2) + "\n");
  CHECK_THROWS_AS(run_sweep(folder), ResumeError);
  try {
    run_sweep(folder);
  } catch (const ResumeError& e) {
    CHECK(std::string(e.what()).find("record 2 has no agencies") != std::string::npos);
    CHECK(std::string(e.what()).find("--restart") != std::string::npos);
  }
}

TEST_CASE("A cancel that comes after the last replication ran costs nothing: the study finishes", "[study]") {
  // The sweep's 6 points x 6 replications are one batch: cancelling when the 36th replication
  // is done must keep the batch's records and finish the study.
  const test::TempFolder dir("late-cancel");
  std::atomic<bool> cancel{false};
  RunStudyOptions options;
  options.cancel = &cancel;
  options.on_progress = [&cancel](const StudyProgress& p) {
    if (p.replications_total > 0 && p.replications_done == p.replications_total) cancel = true;
  };
  const StudyResult result = run_sweep(fs::path(dir.path) / "sweep", options);
  CHECK(cancel.load());
  CHECK(result.complete);
  CHECK(result.records_kept == 6);
  CHECK(fs::exists(fs::path(dir.path) / "sweep" / "points.csv"));
}

TEST_CASE("A forecast's agencies_long.csv holds the rows a study's record holds for the same replications",
          "[study]") {
  // The run streams its replications (it keeps no per-replication agency values), taking the
  // KPI statistics from its summary's columns and tallying the targets as replications pass;
  // the other studies compute the same rows from all replications at once. Both must agree to
  // the bit. Targets near the medians make P(met) of the programme and of agencies neither 0
  // nor 1, so the tallies are exercised.
  const test::TempFolder dir("forecast-agency-rows");
  ScenarioDef def =
      load_scenario_file(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies/small.yaml").def;
  def.replications = 40;
  def.targets.developed_smes = 940;
  def.targets.expanded_smes = 50;
  def.targets.cost_reduction_thb = 28e6;
  const fs::path out = fs::path(dir.path) / "run";
  ForecastStudy study(def, "test");
  ThreadExecutor executor(2);
  REQUIRE(run_study(study, executor, [&](const StudyIdentity&) { return open_run_folder(out, false); }, {})
              .complete);

  ForecastOptions options;
  options.replications = def.replications;
  options.threads = 2;
  const nlohmann::ordered_json expected = detail::agency_rows_json(def, run_forecast(def, options));
  std::istringstream csv(test::read_text(out / "agencies_long.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "variant,agency,kpi,statistic,value,agency_name");
  // The agency's name last, quoted as CSV quotes it ("Office of ..., Ministry of Interior").
  const auto name_cell = [&](const std::string& id) {
    const std::string name = detail::agency_name(def, id);
    return name.find(',') == std::string::npos ? name : "\"" + name + "\"";
  };
  std::size_t row = 0, between = 0;
  while (std::getline(csv, line)) {
    REQUIRE(row < expected.size());
    const auto& e = expected[row++];
    const double value = e[3].is_number() ? e[3].get<double>() : std::nan("");
    INFO(line);
    CHECK(line == fmt::format("{},{},{},{},{},{}", def.name, e[0].get<std::string>(), e[1].get<std::string>(),
                              e[2].get<std::string>(), detail::format_csv_number(value),
                              name_cell(e[0].get<std::string>())));
    if (e[2] == "probability_met" && value > 0 && value < 1) ++between;
  }
  CHECK(row == expected.size());
  CHECK(between >= 3);
}
