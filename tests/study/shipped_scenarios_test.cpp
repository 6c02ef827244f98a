// Every file in scenarios/ loads: a scenario validates, a study file (one with a `scenario:`
// key) loads as exactly one kind of study. The files are examples planners copy, so a change
// of the format that breaks one must show here, not in a planner's terminal.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include <fmt/format.h>

#include "smesim/scenario/scenario.hpp"
#include "smesim/study/study_kinds.hpp"
#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using smesim::test::read_text;

namespace {
bool is_study_file(const std::string& text) {
  return text.starts_with("scenario:") || text.find("\nscenario:") != std::string::npos;
}

}  // namespace

// [scale]: every study file of scenarios/ expanded and validated variant by variant (under the
// sanitizers 37 s); the same loaders run under the sanitizers on the fixtures of the loader
// tests and the bad-input catalogue, and on the golden studies.
TEST_CASE("every file in scenarios/ loads", "[study][scenario][scale]") {
  const fs::path folder = fs::path(SMESIM_SOURCE_DIR) / "scenarios";
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().filename().string();
    seen.insert(name);
    INFO(name);
    const std::string text = read_text(entry.path());
    if (!is_study_file(text)) {
      CHECK_NOTHROW(load_scenario_file(entry.path().string()));
      continue;
    }
    int kinds = 0;
    std::string errors;
    for (const StudyKind& kind : study_kinds()) {
      if (!kind.resumable) continue;  // a run's file is a scenario
      try {
        static_cast<void>(kind.load(entry.path().string(), {}));
        ++kinds;
      } catch (const ScenarioError& e) {
        errors += fmt::format("{}: {}\n", kind.name, e.what());
      }
    }
    INFO(errors);
    CHECK(kinds == 1);
  }
  // The files the documentation names.
  for (const char* name : {"osmep_2015.yaml", "national_3_2m.yaml", "example_2027.yaml"}) {
    INFO(name);
    CHECK(seen.count(name) == 1);
  }
}
