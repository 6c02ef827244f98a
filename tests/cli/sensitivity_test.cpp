// `smesim sensitivity` end to end: outputs of both methods, exact zero indices for a parameter
// that cannot move a KPI (common random numbers), resuming after a kill with byte-identical
// outputs, and bad files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using smesim::test::run_command;

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

// 30-member networks and a budget too small to develop them all (so `developed` varies): a
// small, fast model.
const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 30}, list: ~}\n";

// `revenue_uplift` only scales the added revenue of firms that have expanded (MODEL.md;
// src/model/mechanisms.cpp): it cannot change `developed`, `expanded` or the cost reduction,
// and with common random numbers two rows that differ only in it give the same replications.
const std::vector<std::string> kUnaffected{"developed", "expanded", "cost_reduction_thb"};

std::string sens_file(const std::string& method, const std::string& size, int replications = 3) {
  return "name: sens-test\nscenario: small.yaml\nreplications: " + std::to_string(replications) +
         "\nseed: 7\nmethod: " + method + "\n" + size +
         "kpis: [developed, expanded, cost_reduction_thb, added_revenue_thb]\n"
         "parameters:\n"
         "  dynamics.market.revenue_uplift: [0.05, 0.3]\n"
         "  dynamics.learning_rate: [0.02, 0.10]\n"
         "  dynamics.market.q_per_year: [0.12, 0.8]\n";
}

}  // namespace

TEST_CASE("sobol sensitivity writes indices, the design and exact zeros for a parameter without effect",
          "[cli][sensitivity]") {
  TempFolder dir("sobol");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 4\nbootstrap: 50\n"));
  const auto r = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
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
  const auto dev = r.out.find("developed\n");
  REQUIRE(dev != std::string::npos);
  const auto exp = r.out.find("expanded\n", dev);
  REQUIRE(exp != std::string::npos);
  const std::string dev_table = r.out.substr(dev, exp - dev);
  CHECK(dev_table.find("dynamics.market.revenue_uplift") > dev_table.find("dynamics.learning_rate"));
  CHECK(dev_table.find("dynamics.market.q_per_year") > dev_table.find("dynamics.learning_rate"));
  CHECK(r.out.find("20 rows x 3 replications") != std::string::npos);
}

TEST_CASE("morris sensitivity gives mu* = 0 exactly for a parameter without effect", "[cli][sensitivity]") {
  TempFolder dir("morris");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("morris", "base_points: 3\nlevels: 4\n"));
  const auto r = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
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

TEST_CASE("a killed sensitivity analysis resumes and ends with byte-identical outputs",
          "[cli][sensitivity]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  // Enough work (40 rows x 40 replications) for the kill to land midway.
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 8\nbootstrap: 50\n", 40));
  REQUIRE(smesim_in(dir.path, "sensitivity sens.yaml --quiet --out whole").exit_code == 0);

  // SIGKILL once two rows are on disk (no chance to clean up), then the same command again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' sensitivity sens.yaml --quiet --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 2 ] && break; "
      "sleep "
      "0.01; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("rows finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming.
  REQUIRE(done_before >= 2);
  REQUIRE(done_before < 40);
  CHECK_FALSE(fs::exists(cut / "indices.csv"));  // an interrupted analysis does not look finished

  const auto resumed = smesim_in(dir.path, "sensitivity sens.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "indices.csv") == read_text(whole / "indices.csv"));
  CHECK(read_text(cut / "design.csv") == read_text(whole / "design.csv"));

  // Changing only the KPIs is the same analysis (every row stores every KPI's mean): all rows
  // are reused. A different design in the same folder is refused.
  std::string other_kpis = sens_file("sobol", "base_points: 8\nbootstrap: 50\n", 40);
  other_kpis.replace(other_kpis.find(", added_revenue_thb]"), 20, ", spent_thb]");
  write_text(fs::path(dir.path) / "sens.yaml", other_kpis);
  const auto rekpi = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out cut");
  INFO(rekpi.err);
  CHECK(rekpi.exit_code == 0);
  CHECK(read_text(cut / "manifest.json").find("\"rows_resumed\": 40") != std::string::npos);
  CHECK(read_text(cut / "indices.csv").find("\nspent_thb,") != std::string::npos);
  write_text(fs::path(dir.path) / "sens.yaml", sens_file("sobol", "base_points: 16\nbootstrap: 50\n", 40));
  const auto refused = smesim_in(dir.path, "sensitivity sens.yaml --quiet --out cut");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different sensitivity") != std::string::npos);
}

TEST_CASE("bad sensitivity files are rejected with file:line:col and exit code 2", "[cli][sensitivity]") {
  TempFolder dir("bad");
  struct Case {
    std::string text, location, phrase;
  };
  const std::string two = "  dynamics.learning_rate: [0.02, 0.1]\n  dynamics.cost_elasticity: [0.02, 0.12]\n";
  const std::vector<Case> cases{
      {"name: s\nmethdo: sobol\nbase_points: 4\nparameters:\n" + two,
       "bad.yaml:2:1: error:", "did you mean `method`"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rat: [0.02, 0.1]\n" + two,
       "bad.yaml:4:3: error:", "nearest valid paths"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [-0.5, 0.1]\n"
       "  dynamics.cost_elasticity: [0.02, 0.12]\n",
       "bad.yaml:4:28: error:", "in [0, 1]"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [0.2, 0.1]\n"
       "  dynamics.cost_elasticity: [0.02, 0.12]\n",
       "bad.yaml:4:27: error:", "lo <= hi"},
      {"name: s\nbase_points: 4\nparameters:\n  dynamics.learning_rate: [0.02, 0.1]\n",
       "bad.yaml:4:3: error:", "at least 2 parameters"},
      {"name: s\nbase_points: 4\nkpis: [developed, expandd]\nparameters:\n" + two,
       "bad.yaml:3:19: error:", "did you mean `expanded`"},
      {"name: s\nmethod: morris\nbase_points: 4\nlevels: 5\nparameters:\n" + two,
       "bad.yaml:4:9: error:", "even number of levels"},
      {"name: s\nmethod: sobol\nbase_points: 4\nlevels: 4\nparameters:\n" + two,
       "bad.yaml:4:9: error:", "morris method only"},
      {"name: s\nmethod: saltelli\nbase_points: 4\nparameters:\n" + two,
       "bad.yaml:2:9: error:", "sobol, morris"},
      {"name: s\nparameters:\n" + two, "bad.yaml:1:1: error:", "base_points"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "sensitivity bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
