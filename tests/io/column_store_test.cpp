// ColumnStore (issue 9 item 5): rows in, columns out, the same doubles whether a row was
// spilled to the scratch file or is still in the block; the scratch file is smesim's alone.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "io/column_store.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/error.hpp"
#include "support/test_support.hpp"

using smesim::detail::ColumnStore;
namespace fs = std::filesystem;

namespace {

double cell(std::size_t row, std::size_t column) {
  if (row % 11 == 3 && column == 1) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(row) * 1000.0 + static_cast<double>(column) + 0.1;
}

bool same_doubles(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("A column store gives back every column in row order across spilled blocks", "[io][columns]") {
  const fs::path dir = smesim::test::make_temp_dir("columns");
  const fs::path scratch = dir / ".columns";
  constexpr std::size_t kColumns = 5;
  for (const std::size_t rows : {0, 1, 6, 7, 50}) {
    INFO(rows << " rows");
    {
      // 7 rows a block: 50 rows are 7 spilled blocks and 1 buffered row.
      ColumnStore store(kColumns, scratch, 7 * kColumns * sizeof(double));
      REQUIRE(store.block_rows() == 7);
      std::vector<double> row(kColumns);
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < kColumns; ++c) row[c] = cell(r, c);
        store.append(row);
      }
      CHECK(store.rows() == rows);
      CHECK(fs::exists(scratch) == (rows >= 7));
      std::vector<double> values{42.0};  // replaced, not appended to
      for (std::size_t c = 0; c < kColumns; ++c) {
        store.read_column(c, values);
        REQUIRE(values.size() == rows);
        for (std::size_t r = 0; r < rows; ++r) CHECK(same_doubles(values[r], cell(r, c)));
      }
    }
    CHECK_FALSE(fs::exists(scratch));  // removed with the store
  }
  fs::remove_all(dir);
}

TEST_CASE("A column store never writes over a file it did not create", "[io][columns]") {
  const fs::path dir = smesim::test::make_temp_dir("columns");
  const fs::path scratch = dir / ".columns";
  { std::ofstream(scratch) << "someone else's"; }
  {
    ColumnStore store(2, scratch, 2 * sizeof(double));
    const std::vector<double> row{1, 2};
    CHECK_THROWS_AS(store.append(row), smesim::OutputError);
  }
  std::ifstream in(scratch);
  std::string text;
  std::getline(in, text);
  CHECK(text == "someone else's");
  fs::remove_all(dir);
}

TEST_CASE("A forecast summarised from spilled columns equals the one from its replications, to the bit",
          "[io][columns][analysis]") {
  const smesim::ScenarioDef def = smesim::test::scenario_from_yaml(
      "extends: default\nname: columns\nnetworks: {generate: {members: 10}}\n");
  const auto results = smesim::run_forecast(def, smesim::test::forecast_options(40, 2));
  const smesim::ForecastShape shape = smesim::ForecastShape::of(results.front());
  const fs::path dir = smesim::test::make_temp_dir("columns");
  ColumnStore store(shape.columns(), dir / ".columns", 6 * shape.columns() * sizeof(double));
  std::vector<double> row(shape.columns());
  for (const auto& r : results) {
    smesim::summary_row(r, shape, row);
    store.append(row);
  }
  const smesim::ForecastSummary direct =
      smesim::summarise_forecast(def.targets, def.agencies.size(), results);
  const smesim::ForecastSummary streamed =
      smesim::summarise_forecast(def.targets, results.size(), shape,
                                 [&](std::size_t c, std::vector<double>& v) { store.read_column(c, v); });
  auto equal = [](const smesim::Summary& a, const smesim::Summary& b) {
    return a.n == b.n && same_doubles(a.mean, b.mean) && same_doubles(a.sd, b.sd) &&
           same_doubles(a.ci95.first, b.ci95.first) && same_doubles(a.ci95.second, b.ci95.second) &&
           same_doubles(a.p5, b.p5) && same_doubles(a.p25, b.p25) && same_doubles(a.p50, b.p50) &&
           same_doubles(a.p75, b.p75) && same_doubles(a.p95, b.p95);
  };
  CHECK(streamed.replications == direct.replications);
  for (const auto k : smesim::kFinalKpis) CHECK(equal(streamed.kpis[k], direct.kpis[k]));
  for (const auto t : smesim::kTargets) {
    CHECK(streamed.target(t).replications_met == direct.target(t).replications_met);
    CHECK(same_doubles(streamed.target(t).probability_met, direct.target(t).probability_met));
  }
  REQUIRE(streamed.months.size() == direct.months.size());
  for (std::size_t m = 0; m < direct.months.size(); ++m)
    for (const auto k : smesim::kMonthlyKpis) CHECK(equal(streamed.months[m][k], direct.months[m][k]));
  REQUIRE(streamed.agencies.size() == direct.agencies.size());
  for (std::size_t a = 0; a < direct.agencies.size(); ++a)
    for (const auto k : smesim::kAgencyKpis) CHECK(equal(streamed.agencies[a][k], direct.agencies[a][k]));
  REQUIRE(streamed.clusters.size() == direct.clusters.size());
  for (std::size_t c = 0; c < direct.clusters.size(); ++c) {
    CHECK(equal(streamed.clusters[c].members, direct.clusters[c].members));
    for (const auto k : smesim::kClusterKpis)
      CHECK(equal(streamed.clusters[c].kpis[k], direct.clusters[c].kpis[k]));
  }
  CHECK(equal(streamed.budget.budget_thb, direct.budget.budget_thb));
  CHECK(equal(streamed.budget.not_spent_thb, direct.budget.not_spent_thb));
  CHECK(equal(streamed.budget.unallocated_thb, direct.budget.unallocated_thb));
  fs::remove_all(dir);
}
