// A record's `values` are JSON numbers where the study file wrote numbers, and a stored
// record made at other values (changed by hand, or by an earlier version that wrote numbers
// as text) is refused for resuming.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/sweep_study.hpp"
#include "study/record_values.hpp"
#include "support/experiment_support.hpp"

using namespace smesim;
namespace fs = std::filesystem;

namespace {

std::string golden_study(const char* name) {
  return std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies/" + name;
}

template <class StudyKind>
StudyResult run_in(StudyKind& study, const fs::path& folder) {
  ThreadExecutor executor(2);
  return run_study(study, executor,
                   [&](const StudyIdentity& id) { return open_study_folder(folder, id, false); }, {});
}

}  // namespace

TEST_CASE("Parameter values become JSON numbers exactly when they are plain numbers", "[study]") {
  using detail::parameter_value_json;
  CHECK(parameter_value_json("10000000").is_number_integer());
  CHECK(parameter_value_json("10000000") == 10000000);
  CHECK(parameter_value_json("-3") == -3);
  CHECK(parameter_value_json("0.05").get<double>() == 0.05);
  CHECK(parameter_value_json("0.3833333333333333").get<double>() == 0.3833333333333333);
  CHECK(parameter_value_json("1e7").get<double>() == 1e7);
  // Names, relative changes and anything not wholly a finite number stay text.
  for (const char* text : {"laggards", "*1.2", "+5e6", "", "1_000", "0x10", "inf", "nan", "12 ", "1e999"}) {
    INFO(text);
    CHECK(parameter_value_json(text) == text);
  }
}

TEST_CASE("Whole numbers are written as JSON integers, others as doubles, non-finite as null", "[study]") {
  using detail::study_json_number;
  CHECK(study_json_number(1050000000.0).is_number_integer());
  CHECK(study_json_number(1050000000.0).dump() == "1050000000");
  CHECK(study_json_number(-2.0).dump() == "-2");
  CHECK(study_json_number(0.1).dump() == "0.1");
  CHECK(study_json_number(1e300).dump() == "1e+300");  // past 2^53: a double, not a wrapped integer
  CHECK(study_json_number(std::nan("")).is_null());
}

TEST_CASE("A sweep's records hold numbers as numbers and points.csv the values as written", "[study]") {
  const test::TempFolder dir("record-values-sweep");
  const fs::path folder = fs::path(dir.path) / "sweep";
  SweepStudy study(load_sweep_file(golden_study("sweep.yaml")));
  REQUIRE(run_in(study, folder).complete);
  const auto record = nlohmann::json::parse(test::read_text(folder / "points" / "000000.json"));
  const auto& values = record.at("values");
  CHECK(values.at("programme.budget_thb").is_number_integer());
  CHECK(values.at("programme.budget_thb") == 10000000);
  CHECK(values.at("agencies.*.strategy.mentoring.targeting") == "broad");
  std::istringstream csv(test::read_text(folder / "points.csv"));
  std::string header, first;
  std::getline(csv, header);
  std::getline(csv, first);
  CHECK(first.rfind("0,10000000,broad,", 0) == 0);

  // A record made at another value (here: the budget written as text, as earlier versions
  // did) is refused, and the outputs are left as they are.
  const fs::path point = folder / "points" / "000000.json";
  auto changed = nlohmann::ordered_json::parse(test::read_text(point));
  changed["values"]["programme.budget_thb"] = "10000000";
  test::write_sealed_record(point, changed.dump(2) + "\n");
  const std::string csv_before = test::read_text(folder / "points.csv");
  SweepStudy again(load_sweep_file(golden_study("sweep.yaml")));
  try {
    (void)run_in(again, folder);
    FAIL("a record made at other values was resumed");
  } catch (const ResumeError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains("record 0 was made at"));
    CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains("--restart"));
  }
  CHECK(test::read_text(folder / "points.csv") == csv_before);
}

TEST_CASE("A comparison's records and manifest hold the variants' numbers as numbers", "[study]") {
  const test::TempFolder dir("record-values-compare");
  const fs::path folder = fs::path(dir.path) / "compare";
  CompareStudy study(load_compare_file(golden_study("compare.yaml")));
  REQUIRE(run_in(study, folder).complete);
  const CompareDef& def = study.def();
  const auto manifest = nlohmann::json::parse(test::read_text(folder / "manifest.json"));
  for (std::size_t v = 0; v < def.variants.size(); ++v) {
    const auto record =
        nlohmann::json::parse(test::read_text(folder / "points" / fmt::format("{:06}.json", v)));
    for (const auto& [path, text] : def.variants[v].assignments) {
      INFO(def.variants[v].name << " " << path << " = " << text);
      const auto& value = record.at("values").at(path);
      CHECK(value == nlohmann::json(detail::parameter_value_json(text)));
      CHECK(manifest.at("variants").at(v).at("values").at(path) == value);
      if (text.find_first_not_of("0123456789") == std::string::npos) CHECK(value.is_number_integer());
    }
  }
}
