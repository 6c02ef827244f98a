// Sweeps in process (run_study): the grid's points in order with `to` exact, and continuous
// designs scaled to their ranges.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::sweep_fixture;

TEST_CASE("sweep writes one row per grid point and a JSON file per point", "[study][sweep]") {
  TempFolder dir("grid");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  const auto r = run_study_file("sweep", fs::path(dir.path) / "sweep.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  CHECK(stored_points(out) == 12);
  const std::string csv = read_text(out / "points.csv");
  CHECK(csv.rfind("point,programme.budget_thb,agencies.*.strategy.mentoring.targeting,developed_mean", 0) ==
        0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 13);
  // The last parameter varies fastest; `to` is exact.
  CHECK(csv.find("\n0,50000000,broad,") != std::string::npos);
  CHECK(csv.find("\n2,50000000,leaders,") != std::string::npos);
  CHECK(csv.find("\n11,400000000,leaders,") != std::string::npos);
  CHECK(r.report.console.find("12 points x 6 replications") != std::string::npos);
}

TEST_CASE("latin hypercube and Sobol' sweeps scale unit points to the ranges", "[study][sweep]") {
  TempFolder dir("continuous");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  for (const std::string design : {"latin_hypercube", "sobol"}) {
    INFO(design);
    write_text(fs::path(dir.path) / "sweep.yaml",
               "name: c\nscenario: small.yaml\nreplications: 2\ndesign: " + design +
                   "\npoints: 8\nparameters:\n  dynamics.market.q_per_year: {range: [0.12, 0.8]}\n"
                   "  dynamics.developed.min_mentored_months: {range: [1, 6]}\n");
    const auto r = run_study_file("sweep", fs::path(dir.path) / "sweep.yaml", fs::path(dir.path) / design,
                                  {.restart = true});
    REQUIRE(r.complete);
    std::istringstream csv(read_text(fs::path(dir.path) / design / "points.csv"));
    std::string line;
    std::getline(csv, line);
    int rows = 0;
    std::vector<double> q_values;
    while (std::getline(csv, line)) {
      std::istringstream cells(line);
      std::string point, q, months;
      std::getline(cells, point, ',');
      std::getline(cells, q, ',');
      std::getline(cells, months, ',');
      const double qv = std::stod(q);
      const double mv = std::stod(months);
      CHECK(qv >= 0.12);
      CHECK(qv <= 0.8);
      CHECK(mv >= 1);
      CHECK(mv <= 6);
      CHECK(mv == std::floor(mv));  // a whole-number parameter is rounded
      q_values.push_back(qv);
      ++rows;
    }
    CHECK(rows == 8);
    if (design == "sobol") {
      CHECK(q_values[0] == 0.12);  // Sobol' point 0 is the origin: the lower ends
    } else {
      // Latin hypercube: one point in each eighth of [0.12, 0.8].
      std::vector<int> strata(8, 0);
      for (const double q : q_values)
        ++strata[static_cast<std::size_t>(std::min(7.0, (q - 0.12) / 0.68 * 8))];
      CHECK(std::all_of(strata.begin(), strata.end(), [](int n) { return n == 1; }));
    }
  }
}
