// Sensitivity analyses in process (run_study): the outputs of both methods and exact zero
// indices for a parameter that cannot move a KPI (common random numbers).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/sensitivity_def.hpp"
#include "study/study_report.hpp"
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

namespace {

// The sensitivity fixture's programme with a development target between what it develops at the
// dropout hazard's high end (about 1,290 of 1,620 SMEs) and at its low end (about 1,420), and two
// targets it always meets, so P(all) = P(developed).
const std::string kWithTargets =
    std::string(kSmall) + "targets: {developed_smes: 1350, expanded_smes: 1, cost_reduction_thb: 1}\n";

// design.csv as rows of cells, the header first.
std::vector<std::vector<std::string>> design_rows(const fs::path& out) {
  std::istringstream csv(read_text(out / "design.csv"));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(csv, line);) rows.push_back(split_csv(line));
  return rows;
}

std::size_t column_of(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

// P(met) of a row is the share of its replications that meet the target, counted as a forecast
// counts it: row 0's p_met_all is the probability_met of `all` in summary.json of a forecast of
// that row's scenario. A parameter without a range takes its prior's: the dropout hazard's
// uniform[0.15, 0.5] and the learning rate's uniform[0.02, 0.1] in the built-in scenario.
TEST_CASE("sensitivity of P(met), with ranges taken from the scenario's priors", "[study][sensitivity]") {
  TempFolder dir("sens-pmet");
  const fs::path folder(dir.path);
  write_text(folder / "small.yaml", kWithTargets);
  write_text(folder / "sens.yaml", R"(name: sens-pmet
scenario: small.yaml
replications: 4
seed: 7
method: morris
base_points: 3
kpis: [p_met_all, p_met_developed, p_met_expanded, p_met_cost_reduction, developed]
parameters:
  dynamics.dropout.base_per_year:
  dynamics.learning_rate: prior
  dynamics.spillover_per_month: [0.05, 0.2]
)");
  const auto r = run_study_file("sensitivity", folder / "sens.yaml", folder / "out");
  REQUIRE(r.complete);
  const fs::path out = folder / "out";
  const auto rows = design_rows(out);
  REQUIRE(rows.size() == 1 + 3 * 4);
  CHECK(rows[0] == std::vector<std::string>{"row", "block", "dynamics.dropout.base_per_year",
                                            "dynamics.learning_rate", "dynamics.spillover_per_month",
                                            "p_met_all", "p_met_developed", "p_met_expanded",
                                            "p_met_cost_reduction", "developed_mean"});
  const std::size_t dropout = column_of(rows[0], "dynamics.dropout.base_per_year");
  const std::size_t all = column_of(rows[0], "p_met_all");
  const std::size_t developed = column_of(rows[0], "p_met_developed");
  std::set<double> dropout_values;
  std::set<double> p_values;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double d = std::stod(rows[i][dropout]);
    CHECK(d >= 0.15);
    CHECK(d <= 0.5);
    dropout_values.insert(d);
    const double p = std::stod(rows[i][all]);
    CHECK(p * 4 == std::round(p * 4));          // a share of 4 replications
    CHECK(p == std::stod(rows[i][developed]));  // the other targets are always met
    CHECK(std::stod(rows[i][column_of(rows[0], "p_met_expanded")]) == 1.0);
    CHECK(std::stod(rows[i][column_of(rows[0], "p_met_cost_reduction")]) == 1.0);
    p_values.insert(p);
  }
  CHECK(dropout_values.size() > 1);  // the range is used
  CHECK(p_values.size() > 1);        // and P(met) moves with the parameters

  // Row 0 as a forecast of its own.
  const smesim::SensitivityDef def = smesim::load_sensitivity_file((folder / "sens.yaml").string());
  const smesim::ScenarioDef row0 = smesim::sensitivity_variant(
      def, smesim::sensitivity_values(def, smesim::sensitivity_unit_rows(def).at(0)));
  const auto forecast = run_forecast_into(row0, folder / "row0");
  REQUIRE(forecast.complete);
  const auto summary = nlohmann::json::parse(read_text(folder / "row0" / "summary.json"));
  CHECK(summary.at("targets").at("all").at("probability_met").get<double>() == std::stod(rows[1][all]));

  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  CHECK(manifest.at("kpis") == nlohmann::json::array({"p_met_all", "p_met_developed", "p_met_expanded",
                                                      "p_met_cost_reduction", "developed"}));
  const auto& from_priors = manifest.at("ranges_from_priors");
  CHECK(from_priors.size() == 2);
  CHECK(from_priors.at("dynamics.dropout.base_per_year").at("prior") == "uniform[0.15, 0.5]");
  CHECK(from_priors.at("dynamics.dropout.base_per_year").at("range") == nlohmann::json::array({0.15, 0.5}));
  CHECK(from_priors.at("dynamics.dropout.base_per_year").at("rule") == "support");
  CHECK(from_priors.at("dynamics.learning_rate").at("range") == nlohmann::json::array({0.02, 0.1}));
  CHECK(manifest.at("parameters").at("dynamics.learning_rate") == nlohmann::json::array({0.02, 0.1}));
  CHECK(r.report.console.find("Ranges taken from the scenario's priors:\n  dynamics.dropout.base_per_year: "
                              "[0.15, 0.5], the support of its prior uniform[0.15, 0.5]\n") !=
        std::string::npos);
  CHECK(r.report.console.find("p_met_all\n") != std::string::npos);
  const std::string indices = read_text(out / "indices.csv");
  CHECK(std::count(indices.begin(), indices.end(), '\n') == 1 + 5 * 3);
  CHECK(indices.find("\np_met_all,dynamics.dropout.base_per_year,") != std::string::npos);
  // The report says which ranges came from priors.
  const std::string page = smesim::detail::render_study_report(out);
  CHECK(page.find("<li><code>dynamics.learning_rate</code>: [0.02, 0.1], the support of its prior "
                  "<code>uniform[0.02, 0.1]</code></li>") != std::string::npos);
}
