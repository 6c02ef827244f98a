// The console's note on the horizon past the targets' window (docs/model.md §5 step 10).
#include <catch2/catch.hpp>

#include "io/console_table.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/engine/forecast.hpp"
#include "support/test_support.hpp"

using namespace smesim;

namespace {

ForecastSummary summary_of(const ScenarioDef& def) {
  return summarise_forecast(def.targets, def.agencies.size(),
                            run_forecast(def, test::forecast_options(6, 2)));
}

}  // namespace

TEST_CASE("The console notes a horizon past the targets' window, with what happens after it",
          "[io][console]") {
  const ScenarioDef def = test::scenario_from_yaml(
      "extends: default\nname: horizon\nnetworks: {generate: {members: 10}}\n"
      "time: {programme_months: 12, horizon_months: 24}\n");
  const ForecastSummary summary = summary_of(def);
  const std::string note = detail::horizon_note(def, summary);
  CHECK(note.find("months 0-11") != std::string::npos);
  CHECK(note.find("runs on to month 23") != std::string::npos);
  // The firms expanded by the last month, credited or not, and those credited in the window.
  const std::string expanded = detail::with_thousands(summary.months.back()[MonthlyKpi::expanded_firms].p50);
  const std::string credited = detail::with_thousands(summary.kpis[FinalKpi::expanded].p50);
  CHECK(note.find("By month 23, " + expanded + " firms had expanded") != std::string::npos);
  CHECK(note.find("against " + credited + " credited") != std::string::npos);
  CHECK(summary.months.back()[MonthlyKpi::expanded_firms].p50 >= summary.kpis[FinalKpi::expanded].p50);
}

TEST_CASE("No horizon note when the window covers the horizon", "[io][console]") {
  const ScenarioDef def = test::scenario_from_yaml(
      "extends: default\nname: horizon\nnetworks: {generate: {members: 10}}\n"
      "time: {programme_months: 12, horizon_months: 12}\n");
  CHECK(detail::horizon_note(def, summary_of(def)).empty());
}
