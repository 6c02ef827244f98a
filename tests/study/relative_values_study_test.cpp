// Relative values and linked axes in process (run_study): a comparison with "DIP gets 20%
// more, as new money" (`agencies.DIP.budget_thb: "*1.2"` on the default programme, whose
// budgets are all `auto`) and a sweep with a linked axis.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::relative_fixture;

namespace {

double budget_mean(const fs::path& summary, const char* key) {
  return nlohmann::json::parse(read_text(summary)).at("budget").at(key).at("mean").get<double>();
}

}  // namespace

TEST_CASE("compare: agencies.DIP.budget_thb: \"*1.2\" is 20% more for DIP, as new money",
          "[study][compare][relative]") {
  TempFolder dir("relative-compare");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", R"(name: dip-more
scenario: small.yaml
replications: 2
variants:
  baseline: {}
  dip_plus_20: {agencies.DIP.budget_thb: "*1.2"}   # DIP gets 20% more, as new money
)");
  const auto r = run_study_file("compare", fs::path(dir.path) / "compare.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  // DIP's `auto` allocation is 309 M THB x 17 / 54 networks = 97,277,777.78 THB; 20% of it is
  // new money: the programme budget and the money given to agencies both grow by exactly that.
  const double extra = 116'733'333.34 - 97'277'777.78;
  const fs::path base = out / "variants" / "baseline" / "summary.json";
  const fs::path more = out / "variants" / "dip_plus_20" / "summary.json";
  CHECK(budget_mean(base, "budget_thb") == 309e6);
  CHECK(budget_mean(more, "budget_thb") - budget_mean(base, "budget_thb") == Approx(extra).margin(0.005));
  CHECK(budget_mean(more, "allocation_thb") - budget_mean(base, "allocation_thb") ==
        Approx(extra).margin(0.005));
  CHECK(budget_mean(more, "unallocated_thb") == 0);
  // The manifest shows the value as written; the variant's resolved scenario has the pinned budgets.
  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  CHECK(manifest.at("variants").at(1).at("values").at("agencies.DIP.budget_thb") == "*1.2");
  // DIP mentors more with more money (same replications, common random numbers).
  const std::string comparison = read_text(out / "comparison.csv");
  CHECK(comparison.find("\ndip_plus_20,spent_thb,none,2,") != std::string::npos);
}

TEST_CASE("sweep: a linked axis beside the cross product, one column per path", "[study][sweep][relative]") {
  TempFolder dir("linked-sweep");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml", R"(name: linked
scenario: small.yaml
replications: 1
parameters:
  programme.budget_thb: [200e6, 300e6]
  linked:                       # one axis: the i-th values go together
    - {agencies.DIP.budget_thb: [50e6, 80e6, "*1.2"], agencies.FTI.budget_thb: [30e6, 20e6, "*1"]}
)");
  // "*1.2" pins every agency's budget and sets the programme budget itself: it cannot go with a
  // swept programme budget, and the point that combines them is refused before anything runs.
  CHECK_THROWS_WITH(
      run_study_file("sweep", fs::path(dir.path) / "sweep.yaml", fs::path(dir.path) / "out"),
      Catch::Matchers::Contains("sweep.yaml:5:3: error: programme.budget_thb: cannot be set together with a "
                                "relative agency budget"));
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));

  write_text(fs::path(dir.path) / "sweep.yaml", R"(name: linked
scenario: small.yaml
replications: 1
parameters:
  dynamics.learning_rate: [0.05, 0.1]
  linked:                       # one axis: the i-th values go together
    - {agencies.DIP.budget_thb: [50e6, 80e6, "*1.2"], agencies.FTI.budget_thb: [30e6, 20e6, "*1"]}
)");
  const auto ok = run_study_file("sweep", fs::path(dir.path) / "sweep.yaml", fs::path(dir.path) / "out");
  REQUIRE(ok.complete);
  const std::string csv = read_text(fs::path(dir.path) / "out" / "points.csv");
  CHECK(csv.starts_with(
      "point,dynamics.learning_rate,agencies.DIP.budget_thb,agencies.FTI.budget_thb,developed_mean"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 3);
  CHECK(csv.find("\n0,0.05,50000000,30000000,") != std::string::npos);
  CHECK(csv.find("\n2,0.05,*1.2,*1,") != std::string::npos);
  CHECK(csv.find("\n4,0.1,80000000,20000000,") != std::string::npos);
}
