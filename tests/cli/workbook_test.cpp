// results.xlsx of every kind of results folder (docs/outputs.md "results.xlsx"): a run of a
// scenario with Thai names and each golden study (a sweep, a comparison, two sensitivity
// analyses, a solve, an optimisation) write it, and tests/io/check_workbook.py reads it back
// with openpyxl and finds every CSV cell in it, numbers as numbers. `--no-xlsx` leaves it out.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "support/experiment_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kThaiScenario = R"(name: โครงการ-2570
extends: default
replications: 4
programme: {budget_thb: 20000000}
networks: {generate: {members: 15}, list: ~}
agencies:
  replace: true
  list:
    - {id: DIP, name: "กรมส่งเสริมอุตสาหกรรม, \"DIP\"", networks: 2, sectors: [manufacturing]}
    - {id: B, networks: 1, sectors: [trade]}
)";

struct StudyCase {
  const char* command;
  const char* file;  ///< in tests/golden/studies/
};
constexpr StudyCase kStudies[] = {{"sweep", "sweep"},       {"compare", "compare"},
                                  {"sensitivity", "sobol"}, {"sensitivity", "morris"},
                                  {"solve", "solve"},       {"optimise", "optimise"}};

std::string check_workbooks(const std::vector<std::string>& folders) {
  std::string command = fmt::format("/usr/bin/python3 '{}/tests/io/check_workbook.py'", SMESIM_SOURCE_DIR);
  for (const auto& folder : folders) command += fmt::format(" '{}'", folder);
  const auto result = smesim::test::run_command(command);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  return result.out;
}

}  // namespace

TEST_CASE("every run and study writes results.xlsx, and every CSV cell is in it", "[cli][xlsx]") {
  const smesim::test::TempFolder scratch("workbooks");
  const std::string& tmp = scratch.path;
  std::ofstream(fs::path(tmp) / "thai.yaml") << kThaiScenario;
  std::vector<std::string> folders;
  {
    const std::string out = tmp + "/run";
    const auto r = smesim::test::run_command(fmt::format("cd '{}' && '{}' run thai.yaml --quiet --out '{}'",
                                                         tmp, smesim::test::smesim_binary(), out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    folders.push_back(out);
  }
  for (const StudyCase& study : kStudies) {
    const std::string out = fmt::format("{}/{}", tmp, study.file);
    const auto r = smesim::test::run_command(
        fmt::format("cd '{}/tests/golden/studies' && '{}' {} {}.yaml --threads 2 --quiet --out '{}'",
                    SMESIM_SOURCE_DIR, smesim::test::smesim_binary(), study.command, study.file, out));
    INFO(study.file << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    folders.push_back(out);
  }
  const std::string report = check_workbooks(folders);
  // One line per folder, each saying how many CSV rows the workbook agreed with.
  for (const auto& folder : folders)
    CHECK(report.find(folder + ": results.xlsx agrees with its ") != std::string::npos);
}

TEST_CASE("a run and a study with --no-xlsx write the CSV files without the workbook", "[cli][xlsx]") {
  const smesim::test::TempFolder scratch("no-workbook");
  const std::string& tmp = scratch.path;
  const auto run = smesim::test::run_command(
      fmt::format("'{}' run --reps 2 --quiet --no-xlsx --out '{}/run'", smesim::test::smesim_binary(), tmp));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(fs::exists(fs::path(tmp) / "run" / "agencies.csv"));
  CHECK(!fs::exists(fs::path(tmp) / "run" / "results.xlsx"));
  const auto sweep = smesim::test::run_command(
      fmt::format("cd '{}/tests/golden/studies' && '{}' sweep sweep.yaml --quiet --no-xlsx --out '{}/sweep'",
                  SMESIM_SOURCE_DIR, smesim::test::smesim_binary(), tmp));
  INFO(sweep.err);
  REQUIRE(sweep.exit_code == 0);
  CHECK(fs::exists(fs::path(tmp) / "sweep" / "points.csv"));
  CHECK(!fs::exists(fs::path(tmp) / "sweep" / "results.xlsx"));
}
