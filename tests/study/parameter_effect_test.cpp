// Studies that vary nothing the model reads are refused before they run (docs/experiments.md
// "Refused studies"): a solve or sweep of the programme budget when every agency has a fixed
// budget would report the same forecast at every budget as if it were an answer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "smesim/error.hpp"
#include "smesim/study/load_study.hpp"
#include "smesim/study/study.hpp"
#include "support/experiment_support.hpp"

namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using namespace smesim;
using namespace smesim::test;

// Two agencies with fixed budgets that add up to the programme's 20 M THB.
const char* const kFixed = R"(name: fixed
extends: default
programme: {budget_thb: 20000000}
networks: {generate: {members: 20}, list: ~}
agencies:
  replace: true
  list:
    - {id: DIP, sectors: [manufacturing], budget_thb: 12000000, networks: 2}
    - {id: RICE, sectors: [agriculture], budget_thb: 8000000, networks: 2}
)";

ScenarioError study_error(const std::string& kind, const fs::path& file) {
  try {
    load_study_file(kind, file.string(), std::nullopt, std::nullopt);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("the study was accepted");
  throw;
}

}  // namespace

TEST_CASE("a study over programme money that no agency receives is refused", "[study][effect]") {
  TempFolder dir("effect");
  const fs::path folder(dir.path);
  write_text(folder / "fixed.yaml", kFixed);

  SECTION("solve") {
    write_text(folder / "solve.yaml",
               "name: s\nscenario: fixed.yaml\nparameter: programme.budget_thb\n"
               "range: [20000000, 60000000]\nprobability: 0.8\ntolerance: 1000000\n");
    const ScenarioError e = study_error("solve", folder / "solve.yaml");
    CHECK(e.where().line == 3);
    CHECK(e.where().file == (folder / "solve.yaml").string());
    CHECK(e.key_path() == "programme.budget_thb");
    CHECK_THAT(e.message(), Contains("does not change the model"));
    CHECK_THAT(e.message(), Contains("every agency has a fixed budget_thb (20.0 M THB in all)"));
    CHECK_THAT(e.message(), Contains("agencies.*.budget_thb"));
  }
  SECTION("sweep") {
    write_text(folder / "sweep.yaml",
               "name: s\nscenario: fixed.yaml\nparameters:\n"
               "  programme.budget_thb: {from: 20000000, to: 60000000, steps: 3}\n");
    const ScenarioError e = study_error("sweep", folder / "sweep.yaml");
    CHECK(e.where().line == 4);
    CHECK_THAT(e.message(), Contains("between 20.0 M THB and 60.0 M THB"));
  }
  SECTION("compare") {
    write_text(folder / "compare.yaml",
               "name: c\nscenario: fixed.yaml\nvariants:\n  as-is: {}\n"
               "  more-money: {programme.budget_thb: 40000000}\n");
    const ScenarioError e = study_error("compare", folder / "compare.yaml");
    CHECK(e.where().line == 5);
    CHECK_THAT(e.message(), Contains("same inputs as the baseline `as-is`"));
  }
  SECTION("the same studies over every agency's budget run") {
    write_text(folder / "solve.yaml",
               "name: s\nscenario: fixed.yaml\nparameter: agencies.*.budget_thb\n"
               "range: [\"*1\", \"*3\"]\nprobability: 0.8\ntolerance: 0.05\n");
    CHECK_NOTHROW(load_study_file("solve", (folder / "solve.yaml").string(), std::nullopt, std::nullopt));
    write_text(folder / "sweep.yaml",
               "name: s\nscenario: fixed.yaml\nparameters:\n"
               "  agencies.*.budget_thb: {from: \"*1\", to: \"*3\", steps: 3}\n");
    CHECK_NOTHROW(load_study_file("sweep", (folder / "sweep.yaml").string(), std::nullopt, std::nullopt));
  }
}

TEST_CASE("a parameter the model reads but whose two ends agree is refused too", "[study][effect]") {
  TempFolder dir("effect-equal");
  const fs::path folder(dir.path);
  write_text(folder / "small.yaml",
             "extends: default\nname: small\nnetworks: {generate: {members: 20}, list: ~}\n");
  // dynamics.learning_rate from 0.1 to 0.1: one value written twice.
  write_text(folder / "sweep.yaml",
             "name: s\nscenario: small.yaml\nparameters:\n"
             "  dynamics.learning_rate: [0.1, 0.1]\n");
  const ScenarioError e = study_error("sweep", folder / "sweep.yaml");
  CHECK_THAT(e.message(), Contains("every agency allocation, network, prior draw and target is the same"));
}
