// Sensitivity analyses in process (run_study): the outputs of both methods and exact zero
// indices for a parameter that cannot move a KPI (common random numbers).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::sensitivity_fixture;

namespace {

// indices.csv as (kpi, parameter) -> column -> value.
using Indices = std::map<std::pair<std::string, std::string>, std::map<std::string, double>>;
Indices read_indices(const fs::path& path, std::size_t& rows) {
  std::istringstream csv(read_text(path));
  std::string line;
  std::getline(csv, line);
  const auto header = split_csv(line);
  Indices indices;
  rows = 0;
  while (std::getline(csv, line)) {
    const auto cells = split_csv(line);
    REQUIRE(cells.size() == header.size());
    for (std::size_t c = 2; c < cells.size(); ++c)
      indices[{cells[0], cells[1]}][header[c]] = std::stod(cells[c]);
    ++rows;
  }
  return indices;
}

// `revenue_uplift` only scales the added revenue of firms that have expanded (docs/model.md;
// src/model/mechanisms.cpp): it cannot change `developed`, `expanded` or the cost reduction,
// and with common random numbers two rows that differ only in it give the same replications.
const std::vector<std::string> kUnaffected{"developed", "expanded", "cost_reduction_thb"};

}  // namespace

TEST_CASE("sobol sensitivity writes indices, the design and exact zeros for a parameter without effect",
          "[study][sensitivity]") {
  TempFolder dir("sobol");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 4\nbootstrap: 50\n"));
  const auto r = run_study_file("sensitivity", fs::path(dir.path) / "sens.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(stored_points(out) == 4 * (3 + 2));  // N (k + 2)
  CHECK(fs::exists(out / "manifest.json"));
  const std::string design = read_text(out / "design.csv");
  CHECK(design.rfind(
            "row,block,dynamics.market.revenue_uplift,dynamics.learning_rate,dynamics.market.q_per_year,"
            "developed_mean,expanded_mean,cost_reduction_thb_mean,added_revenue_thb_mean\n",
            0) == 0);
  CHECK(std::count(design.begin(), design.end(), '\n') == 1 + 20);
  CHECK(design.find("\n0,A,") != std::string::npos);
  CHECK(design.find("\n4,B,") != std::string::npos);
  CHECK(design.find("\n19,AB_2,") != std::string::npos);

  std::size_t rows = 0;
  const Indices idx = read_indices(out / "indices.csv", rows);
  CHECK(rows == 4 * 3);
  CHECK(read_text(out / "indices.csv")
            .rfind("kpi,parameter,S1,S1_ci95_lo,S1_ci95_hi,ST,ST_ci95_lo,ST_ci95_hi\n", 0) == 0);
  for (const std::string& kpi : kUnaffected) {
    INFO(kpi);
    const auto& uplift = idx.at({kpi, "dynamics.market.revenue_uplift"});
    CHECK(uplift.at("S1") == 0.0);
    CHECK(uplift.at("ST") == 0.0);
    CHECK(uplift.at("ST_ci95_lo") == 0.0);
    CHECK(uplift.at("ST_ci95_hi") == 0.0);
  }
  // The same parameter does move the added revenue, the market's q moves expansion and the
  // learning rate development.
  CHECK(idx.at({"added_revenue_thb", "dynamics.market.revenue_uplift"}).at("ST") > 0.1);
  CHECK(idx.at({"expanded", "dynamics.market.q_per_year"}).at("ST") > 0.1);
  CHECK(idx.at({"developed", "dynamics.learning_rate"}).at("ST") > 0.1);
  // Jansen's ST is a mean of squares: never negative; the CI holds the estimate.
  for (const auto& [key, v] : idx) {
    INFO(key.first << " " << key.second);
    CHECK(v.at("ST") >= 0);
    CHECK(v.at("ST_ci95_lo") <= v.at("ST"));
    CHECK(v.at("ST") <= v.at("ST_ci95_hi"));
  }
  // Console: one table per KPI, sorted by ST (the learning rate first for `developed`).
  const auto dev = r.report.console.find("developed\n");
  REQUIRE(dev != std::string::npos);
  const auto exp = r.report.console.find("expanded\n", dev);
  REQUIRE(exp != std::string::npos);
  const std::string dev_table = r.report.console.substr(dev, exp - dev);
  CHECK(dev_table.find("dynamics.market.revenue_uplift") > dev_table.find("dynamics.learning_rate"));
  CHECK(dev_table.find("dynamics.market.q_per_year") > dev_table.find("dynamics.learning_rate"));
  CHECK(r.report.console.find("20 rows x 3 replications") != std::string::npos);
}

TEST_CASE("morris sensitivity gives mu* = 0 exactly for a parameter without effect", "[study][sensitivity]") {
  TempFolder dir("morris");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("morris", "base_points: 3\nlevels: 4\n"));
  const auto r = run_study_file("sensitivity", fs::path(dir.path) / "sens.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(stored_points(out) == 3 * (3 + 1));  // r (k + 1)
  const std::string design = read_text(out / "design.csv");
  CHECK(std::count(design.begin(), design.end(), '\n') == 1 + 12);
  CHECK(design.find("\n11,t2,") != std::string::npos);
  CHECK(read_text(out / "indices.csv").rfind("kpi,parameter,mu,mu_star,sigma\n", 0) == 0);
  std::size_t rows = 0;
  const Indices idx = read_indices(out / "indices.csv", rows);
  CHECK(rows == 4 * 3);
  for (const std::string& kpi : kUnaffected) {
    INFO(kpi);
    const auto& uplift = idx.at({kpi, "dynamics.market.revenue_uplift"});
    CHECK(uplift.at("mu") == 0.0);
    CHECK(uplift.at("mu_star") == 0.0);
    CHECK(uplift.at("sigma") == 0.0);
  }
  // Added revenue is proportional to the uplift: every elementary effect is positive.
  const auto& revenue = idx.at({"added_revenue_thb", "dynamics.market.revenue_uplift"});
  CHECK(revenue.at("mu") > 0);
  CHECK(revenue.at("mu_star") == Approx(revenue.at("mu")));
  for (const auto& [key, v] : idx)
    CHECK(v.at("mu_star") >= std::abs(v.at("mu")) - 1e-9 * std::abs(v.at("mu")));
}
