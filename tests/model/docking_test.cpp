// Docking: the engine against a second implementation of docs/model.md written from the text
// alone (tests/docking/model.py, Python and numpy; tests/docking/README.md). If both read
// the specification the same way, the final KPIs of docs/model.md §7 have the same distribution
// in both, so their means over independent replications differ only by Monte Carlo error.
// A wrong mechanism in either (a misplaced factor, a step out of order, a wrong
// denominator) moves a mean and fails here, even where every special case of docs/model.md §10
// still holds.
//
// The tolerance. The engine runs N replications, the table gives the mean and sd of R
// others (independent random streams), so when both implement the same model the
// difference of the means is approximately normal with mean 0 and standard error
//
//   SE = sqrt(sd_cpp^2 / N + sd_py^2 / R)
//
// (central limit theorem for two independent sample means; the KPIs are sums over 10,800
// firms driven by bounded priors, and N >= 200, R = 10,000 are far into its range). The
// check is the two-sample z-test |mean_cpp - mean_py| <= 4 SE: a false alarm has
// probability 2 (1 - Phi(4)) = 6.3e-5 per KPI, 3.8e-4 for the six together, so a failure
// is a finding, not noise. The seed is fixed, so a build either always passes or always
// fails; 4 SE (rather than 3, 2.7e-3 per KPI) also keeps small the chance that a correct
// change of the random streams alone makes it fail.
//
// What it detects: with R >> N, 4 SE is about 4 sd_cpp / sqrt(N), 0.20 sd at N = 400
// (Release) and 0.29 sd at N = 200 (Debug, where AddressSanitizer makes a replication ~25
// times slower and the point of the build is memory errors, not statistics). In the
// default scenario 0.20 sd is 0.6% of the mean of `developed`, 2% of `expanded`, 6% of
// `cost_reduction_thb` and 4.5% of `added_revenue_thb`. Halving the cost elasticity gamma
// of docs/model.md §5 step 9 moves the cost reduction by 30 SE, doubling the added revenue of
// step 10 moves it by 45 SE; starting joint purchasing one month late
// (§5 step 8, about 3% of the cost reduction) is not detected. Most of the sd is parameter
// uncertainty (the priors of docs/model.md §8).
//
// Spend and unspent money (§4) have no Monte Carlo error in the default scenario: every
// slot and project is bought (each cluster always has more eligible firms than its quota),
// so both implementations give the same amount in every replication and SE = 0. Money is
// counted in satang on both sides, but how a budget is rounded to the satang when it is
// split over agencies and tracks is not specified; it moves the total by at most a few
// satang. Those KPIs get an absolute floor of 1 THB on top of 4 SE.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/test_support.hpp"

namespace {

struct Reference {
  double mean = 0;
  double sd = 0;
  double n = 0;
};

struct ReferenceTable {
  std::map<std::string, std::string> header;  ///< "# key: value" lines
  std::map<std::string, Reference> kpis;
};

ReferenceTable read_reference() {
  const std::string path = std::string(SMESIM_SOURCE_DIR) + "/tests/docking/expected_kpis.tsv";
  std::ifstream in(path);
  INFO(path);
  REQUIRE(in);
  ReferenceTable table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      const auto colon = line.find(':');
      if (colon != std::string::npos && colon > 2) {
        const auto start = line.find_first_not_of(' ', colon + 1);
        table.header[line.substr(2, colon - 2)] = start == std::string::npos ? "" : line.substr(start);
      }
      continue;
    }
    std::istringstream fields(line);
    std::string kpi;
    Reference r;
    fields >> kpi >> r.mean >> r.sd >> r.n;
    if (kpi == "kpi") continue;  // the column names
    REQUIRE(fields);
    table.kpis[kpi] = r;
  }
  return table;
}

// FNV-1a 64 of the scenario text, as 16 hex digits: the table records the one of the file
// it was made from, so a changed default scenario asks for a new table instead of failing
// as if the model were wrong.
std::string fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

// [scale]: 200 replications of the default programme; the sanitizer build runs the default
// programme in the golden and command-line tests (docs/testing.md "CI").
TEST_CASE("Docking: KPI means of the default scenario agree with an independent implementation",
          "[docking][model][scale]") {
  const ReferenceTable table = read_reference();

  // The table must be for the scenario the engine runs (the compiled-in osmep_2015.yaml)
  // and for the mentoring rule the default scenario uses: docs/model.md §5 step 2 with
  // engagements of L = 3 months (the table's --engagement-months).
  REQUIRE(table.header.count("scenario_fnv1a64") == 1);
  CHECK(table.header.at("scenario_fnv1a64") == fnv1a64(smesim::builtin_scenario_yaml()));
  REQUIRE(table.header.count("engagement_months") == 1);
  CHECK(std::stoi(table.header.at("engagement_months")) == 3);

  // CPU time: about 6 s in Release, about 80 s in the Debug build with AddressSanitizer and
  // UndefinedBehaviorSanitizer (half that on the 2 threads).
#ifdef NDEBUG
  constexpr std::uint32_t kReplications = 400;
#else
  constexpr std::uint32_t kReplications = 200;
#endif
  smesim::ScenarioDef def = smesim::load_builtin_scenario().def;
  def.seed = 20150320;  // fixed (the scenario's own), so the test is deterministic
  const auto results = smesim::run_forecast(def, smesim::test::forecast_options(kReplications, 2));
  REQUIRE(results.size() == kReplications);
  const smesim::ForecastSummary summary =
      smesim::summarise_forecast(def.targets, def.agencies.size(), results);

  const std::map<smesim::FinalKpi, double> floor_thb{
      {smesim::FinalKpi::spent_thb, 1.0},
      {smesim::FinalKpi::unspent_thb, 1.0},
  };
  for (const auto kpi :
       {smesim::FinalKpi::developed, smesim::FinalKpi::expanded, smesim::FinalKpi::cost_reduction_thb,
        smesim::FinalKpi::added_revenue_thb, smesim::FinalKpi::spent_thb, smesim::FinalKpi::unspent_thb}) {
    const std::string name = smesim::to_string(kpi);
    REQUIRE(table.kpis.count(name) == 1);
    const Reference& py = table.kpis.at(name);
    const smesim::Summary& cpp = summary.kpis[kpi];
    REQUIRE(cpp.n == kReplications);
    REQUIRE(py.n >= 2);
    const double se = std::sqrt(cpp.sd * cpp.sd / static_cast<double>(cpp.n) + py.sd * py.sd / py.n);
    const double diff = cpp.mean - py.mean;
    const double floor = floor_thb.count(kpi) != 0 ? floor_thb.at(kpi) : 0.0;
    const std::string agreement = se > 0 ? fmt::format("{:.2f} combined SE", diff / se)
                                         : std::string("no Monte Carlo error on either side");
    INFO(
        fmt::format("{}: C++ mean {:.10g} (sd {:.4g}, N {}), Python mean {:.10g} (sd {:.4g}, R {:.0f}); "
                    "difference {:.4g}: {}; tolerance {:.4g}",
                    name, cpp.mean, cpp.sd, cpp.n, py.mean, py.sd, py.n, diff, agreement, 4.0 * se + floor));
    CHECK(std::abs(diff) <= 4.0 * se + floor);
  }
}
