// `uncertainty.correlations`: priors drawn through a Gaussian copula (docs/model.md
// "Correlated priors"). The requested rank correlations are reached, every prior keeps its
// marginal, scenarios without correlations draw exactly what they drew before, and every bad
// input is refused at its file:line:col with its key path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "random/beta_function.hpp"
#include "random/sampling.hpp"
#include "scenario/correlated_priors.hpp"
#include "scenario/fields.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/test_support.hpp"

namespace smesim {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

constexpr std::uint32_t kSeed = 20150320;

// Six priors of five kinds, three correlated pairs of different kinds: uniform × beta,
// normal × lognormal, triangular × uniform. dynamics.joint_purchasing.max_discount (a uniform
// of the built-in scenario) stays uncorrelated.
std::string copula_scenario(double rank_correlation) {
  const std::string rho = detail::format_number(rank_correlation);
  return "name: copula\n"
         "extends: default\n"
         "dynamics:\n"
         "  learning_rate: {uniform: [0.02, 0.1]}\n"
         "  spillover_per_month: {normal: [0.1, 0.02]}\n"
         "  cost_elasticity: {lognormal: [-3, 0.5]}\n"
         "  trust: {initial: {beta: [2, 5]}}\n"
         "  market: {q_per_year: {triangular: [0.1, 0.38, 0.8]}}\n"
         "  dropout: {base_per_year: {uniform: [0.15, 0.5]}}\n"
         "uncertainty:\n"
         "  correlations:\n"
         "    - {between: [dynamics.learning_rate, dynamics.trust.initial], rank_correlation: " +
         rho +
         "}\n"
         "    - {between: [dynamics.spillover_per_month, dynamics.cost_elasticity], rank_correlation: " +
         rho +
         "}\n"
         "    - {between: [dynamics.market.q_per_year, dynamics.dropout.base_per_year], rank_correlation: " +
         rho + "}\n";
}

struct Draws {
  std::vector<double> learning_rate, trust_initial, spillover, cost_elasticity, q_per_year, dropout,
      max_discount;
};

Draws realise(const ScenarioDef& def, int replications) {
  Draws d;
  for (int r = 0; r < replications; ++r) {
    const ScenarioDef x = realise_priors(def, kSeed, static_cast<std::uint32_t>(r));
    d.learning_rate.push_back(x.dynamics.learning_rate.value());
    d.trust_initial.push_back(x.dynamics.trust.initial.value());
    d.spillover.push_back(x.dynamics.spillover_per_month.value());
    d.cost_elasticity.push_back(x.dynamics.cost_elasticity.value());
    d.q_per_year.push_back(x.dynamics.market.q_per_year.value());
    d.dropout.push_back(x.dynamics.dropout.base_per_year.value());
    d.max_discount.push_back(x.dynamics.joint_purchasing.max_discount.value());
  }
  return d;
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {  // ties share their mean rank
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  return r;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const std::vector<double> a = ranks(x), b = ranks(y);
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i] / n, mb += b[i] / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// One-sample Kolmogorov–Smirnov statistic sup |F_n(x) - F(x)|.
double ks_statistic(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// A normal N(mean, sd) truncated to [lo, hi], the way a normal prior is drawn (docs/model.md §8).
std::function<double(double)> truncated_normal_cdf(double mean, double sd, double lo, double hi) {
  const double from = normal_cdf((lo - mean) / sd), to = normal_cdf((hi - mean) / sd);
  return [=](double x) { return (normal_cdf((x - mean) / sd) - from) / (to - from); };
}

double triangular_cdf(double x, double lo, double mode, double hi) {
  if (x <= mode) return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo));
  return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
}

// ---------------------------------------------------------------------------------------
// (a) The rank correlations reached

// [scale]: 16,000 prior draws for statistical power; the copula's code runs under the sanitizers
// in "correlations leave the uncorrelated priors' draws untouched" (docs/testing.md "CI").
TEST_CASE("correlated priors reach the requested Spearman correlation", "[scenario][copula][scale]") {
  // Each pair's ranks are those of its copula normals (every inverse CDF is increasing), so the
  // sample Spearman ρ_s estimates the requested ρ_s. Its sd for a bivariate normal, by the
  // Bonett–Wright (2000) approximation var(atanh r_s) ≈ (1 + ρ_s²/2)/(N − 3) and the delta
  // method: sd ≈ (1 − ρ_s²) √((1 + ρ_s²/2)/(N − 3)) (1/√(N − 1) at ρ_s = 0, exact there).
  // N = 4000: 0.0158 at 0, 0.0152 at 0.3, 0.0102 at 0.6, 0.0065 at 0.8; tolerance 4 sd, and
  // any two requested values are further apart than the sum of their tolerances.
  constexpr int kReplications = 4000;
  for (const double requested : {-0.6, 0.0, 0.3, 0.8}) {
    const ScenarioDef def = load_scenario_text(copula_scenario(requested), "copula.yaml").def;
    const Draws d = realise(def, kReplications);
    const double r2 = requested * requested;
    const double sd = (1 - r2) * std::sqrt((1 + r2 / 2) / (kReplications - 3));
    const double uniform_beta = spearman(d.learning_rate, d.trust_initial);
    const double normal_lognormal = spearman(d.spillover, d.cost_elasticity);
    const double triangular_uniform = spearman(d.q_per_year, d.dropout);
    WARN("requested " << requested << ": uniform x beta " << uniform_beta << ", normal x lognormal "
                      << normal_lognormal << ", triangular x uniform " << triangular_uniform
                      << " (4 sd = " << 4 * sd << ")");
    CHECK(std::fabs(uniform_beta - requested) < 4 * sd);
    CHECK(std::fabs(normal_lognormal - requested) < 4 * sd);
    CHECK(std::fabs(triangular_uniform - requested) < 4 * sd);
    // Priors of different pairs are independent: ρ_s = 0, sd 1/√(N − 1).
    CHECK(std::fabs(spearman(d.learning_rate, d.dropout)) < 4 / std::sqrt(kReplications - 1.0));
    CHECK(std::fabs(spearman(d.trust_initial, d.max_discount)) < 4 / std::sqrt(kReplications - 1.0));
  }
}

// ---------------------------------------------------------------------------------------
// (b) Marginals unchanged

// [scale]: 4,000 prior draws for statistical power, the code of the test above.
TEST_CASE("correlated priors keep their marginal distributions (Kolmogorov–Smirnov)",
          "[scenario][copula][scale]") {
  // The one-sample KS statistic D_N of N independent draws from F satisfies
  // P(√N D_N > 1.628) → 0.01 (Kolmogorov's distribution, K = √(−ln(0.005)/2) = 1.628), so
  // 1.63/√N is the 1% critical value (0.0258 at N = 4000). Replications are independent, so
  // each prior's N draws are i.i.d. from its marginal whatever the copula does across priors.
  // The strongest correlation of the test above, where a wrong marginal would show most.
  constexpr int kReplications = 4000;
  const double critical = 1.63 / std::sqrt(static_cast<double>(kReplications));
  const ScenarioDef def = load_scenario_text(copula_scenario(0.8), "copula.yaml").def;
  const Draws d = realise(def, kReplications);
  struct Case {
    const char* name;
    const std::vector<double>& draws;
    std::function<double(double)> cdf;
  };
  const std::vector<Case> cases{
      {"uniform [0.02, 0.1]", d.learning_rate, [](double x) { return (x - 0.02) / 0.08; }},
      {"beta [2, 5]", d.trust_initial, [](double x) { return detail::regularized_incomplete_beta(x, 2, 5); }},
      {"normal [0.1, 0.02] on [0, 1]", d.spillover, truncated_normal_cdf(0.1, 0.02, 0, 1)},
      {"lognormal [-3, 0.5] on [0, 10]", d.cost_elasticity,
       [](double x) { return normal_cdf((std::log(x) + 3) / 0.5) / normal_cdf((std::log(10.0) + 3) / 0.5); }},
      {"triangular [0.1, 0.38, 0.8]", d.q_per_year,
       [](double x) { return triangular_cdf(x, 0.1, 0.38, 0.8); }},
      {"uniform [0.15, 0.5]", d.dropout, [](double x) { return (x - 0.15) / 0.35; }},
  };
  for (const Case& c : cases) {
    const double statistic = ks_statistic(c.draws, c.cdf);
    WARN(c.name << ": KS D = " << statistic << " (1% critical value " << critical << ")");
    CHECK(statistic < critical);
  }
}

// ---------------------------------------------------------------------------------------
// (c) Nothing changes without correlations

TEST_CASE("a scenario without correlations draws exactly what it drew before", "[scenario][copula]") {
  const std::string base = copula_scenario(0.5).substr(0, copula_scenario(0.5).find("uncertainty:"));
  const ScenarioDef plain = load_scenario_text(base, "plain.yaml").def;
  const ScenarioDef empty = load_scenario_text(base + "uncertainty: {correlations: []}\n", "empty.yaml").def;
  const ScenarioDef null_list = load_scenario_text(base + "uncertainty:\n  correlations:\n", "null.yaml").def;
  CHECK(resolved_scenario_json(empty) == resolved_scenario_json(plain));
  CHECK(resolved_scenario_json(null_list) == resolved_scenario_json(plain));
  CHECK_THAT(resolved_scenario_json(plain), !Contains("uncertainty"));
  CHECK_THAT(scenario_yaml(plain), !Contains("uncertainty"));
  for (std::uint32_t r = 0; r < 50; ++r) {
    const ScenarioDef a = realise_priors(plain, kSeed, r);
    CHECK(resolved_scenario_json(realise_priors(empty, kSeed, r)) == resolved_scenario_json(a));
    // Every prior is the draw of Purpose::priors keyed by its path, as before correlations
    // existed (docs/model.md "Random numbers"); none of these priors is a share.
    ScenarioDef source = plain;
    ScenarioDef realised = a;
    const auto before = detail::list_fields(source);
    const auto after = detail::list_fields(realised);
    int priors = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (before[i].info.kind != FieldKind::number || before[i].info.path == "networks.generate.members")
        continue;
      const Param p = before[i].get_number();
      if (!p.is_set() || p.is_fixed()) continue;
      PhiloxStream stream(make_key(kSeed, r), Purpose::priors, entity_key(before[i].info.path), 0);
      CHECK(after[i].get_number().value() ==
            detail::draw_param(stream, p, before[i].info.min, before[i].info.max));
      ++priors;
    }
    CHECK(priors == 7);
  }
}

TEST_CASE("correlations leave the uncorrelated priors' draws untouched", "[scenario][copula]") {
  const std::string text = copula_scenario(0.5);
  const ScenarioDef correlated = load_scenario_text(text, "c.yaml").def;
  // Only the first pair correlated: the other four priors are drawn independently.
  const std::string one_pair = text.substr(0, text.find("    - {between: [dynamics.spillover"));
  const ScenarioDef partly = load_scenario_text(one_pair, "p.yaml").def;
  const ScenarioDef plain = load_scenario_text(text.substr(0, text.find("uncertainty:")), "u.yaml").def;
  for (std::uint32_t r = 0; r < 50; ++r) {
    const ScenarioDef a = realise_priors(plain, kSeed, r);
    const ScenarioDef b = realise_priors(correlated, kSeed, r);
    const ScenarioDef c = realise_priors(partly, kSeed, r);
    CHECK(b.dynamics.joint_purchasing.max_discount == a.dynamics.joint_purchasing.max_discount);
    CHECK(c.dynamics.spillover_per_month == a.dynamics.spillover_per_month);
    CHECK(c.dynamics.cost_elasticity == a.dynamics.cost_elasticity);
    CHECK(c.dynamics.market.q_per_year == a.dynamics.market.q_per_year);
    CHECK(c.dynamics.dropout.base_per_year == a.dynamics.dropout.base_per_year);
    // The correlated pair of `partly` is drawn as in `correlated` (its own 2 × 2 block).
    CHECK(c.dynamics.learning_rate == b.dynamics.learning_rate);
    CHECK(c.dynamics.trust.initial == b.dynamics.trust.initial);
    CHECK(c.uncertainty.correlations.empty());  // a realised scenario has nothing left to correlate
  }
}

TEST_CASE("correlations travel in the resolved scenario and its YAML", "[scenario][copula]") {
  const ScenarioDef def = load_scenario_text(copula_scenario(-0.25), "c.yaml").def;
  const std::string json = resolved_scenario_json(def);
  CHECK_THAT(json, Contains("\"uncertainty\""));
  CHECK_THAT(json, Contains("-0.25"));
  const ScenarioDef back = load_scenario_text(scenario_yaml(def), "back.yaml").def;
  CHECK(resolved_scenario_json(back) == json);
  for (std::uint32_t r = 0; r < 5; ++r)
    CHECK(resolved_scenario_json(realise_priors(back, kSeed, r)) ==
          resolved_scenario_json(realise_priors(def, kSeed, r)));
}

TEST_CASE("a study that sets a correlated prior to a number drops its correlations", "[scenario][copula]") {
  const ScenarioDef def = load_scenario_text(copula_scenario(0.5), "c.yaml").def;
  const std::vector<ParameterSetting> fix{{"dynamics.learning_rate", "0.05", {}}};
  const ScenarioDef variant = apply_parameter_settings(def, fix);
  REQUIRE(variant.uncertainty.correlations.size() == 2);
  CHECK(variant.uncertainty.correlations[0].between[0] == "dynamics.spillover_per_month");
  CHECK_NOTHROW(validate(variant));
  const std::vector<ParameterSetting> widen{{"dynamics.learning_rate", "*1.1", {}}};
  CHECK(apply_parameter_settings(def, widen).uncertainty.correlations.size() == 3);
}

TEST_CASE("extends: a child's correlations replace the parent's", "[scenario][copula]") {
  const std::filesystem::path dir = test::make_temp_dir("copula_extends");
  std::ofstream(dir / "parent.yaml") << copula_scenario(0.5);
  std::ofstream(dir / "child.yaml")
      << "name: child\nextends: parent.yaml\nuncertainty:\n  correlations:\n"
         "    - {between: [dynamics.learning_rate, dynamics.dropout.base_per_year], "
         "rank_correlation: -0.2}\n";
  std::ofstream(dir / "none.yaml") << "name: none\nextends: parent.yaml\nuncertainty: {correlations: []}\n";
  std::ofstream(dir / "inherit.yaml") << "name: inherit\nextends: parent.yaml\n";
  const ScenarioDef child = load_scenario_file((dir / "child.yaml").string()).def;
  REQUIRE(child.uncertainty.correlations.size() == 1);
  CHECK(child.uncertainty.correlations[0].rank_correlation == -0.2);
  CHECK(load_scenario_file((dir / "none.yaml").string()).def.uncertainty.correlations.empty());
  CHECK(load_scenario_file((dir / "inherit.yaml").string()).def.uncertainty.correlations.size() == 3);
  // A child that fixes a correlated prior is refused at the parent's line that correlates it.
  std::ofstream(dir / "fixes.yaml") << "name: fixes\nextends: parent.yaml\ndynamics: {learning_rate: 0.05}\n";
  try {
    load_scenario_file((dir / "fixes.yaml").string());
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK_THAT(std::string(e.what()), StartsWith((dir / "parent.yaml").string() +
                                                 ":12:18: error: uncertainty.correlations[0].between[0]: "
                                                 "`dynamics.learning_rate` is the number 0.05"));
  }
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// (d) Bad input

// Loads `text` as bad.yaml and requires "bad.yaml:<line>:<col>: error: <key_path>: " where col
// is where `needle` starts on that line, then `phrase` somewhere in the message.
void expect_error(const std::string& text, int line, const std::string& needle, const std::string& key_path,
                  const std::string& phrase) {
  std::istringstream lines(text);
  std::string at;
  for (int i = 0; i < line; ++i) std::getline(lines, at);
  const auto column = at.find(needle);
  REQUIRE(column != std::string::npos);
  INFO(text);
  try {
    load_scenario_text(text, "bad.yaml");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK_THAT(std::string(e.what()),
               StartsWith(fmt::format("bad.yaml:{}:{}: error: {}: ", line, column + 1, key_path)));
    CHECK_THAT(std::string(e.what()), Contains(phrase));
    CHECK(e.key_path() == key_path);
  }
}

const std::string kHead = "name: bad\nextends: default\n";
std::string entry(const std::string& a, const std::string& b, const std::string& rho) {
  return "    - {between: [" + a + ", " + b + "], rank_correlation: " + rho + "}\n";
}
const std::string kList = "uncertainty:\n  correlations:\n";
const std::string kLr = "dynamics.learning_rate", kCe = "dynamics.cost_elasticity";
const std::string kSp = "dynamics.spillover_per_month";

TEST_CASE("bad correlations are refused at their file:line:col with the key path", "[scenario][copula]") {
  expect_error(kHead + "uncertainty: {corelations: []}\n", 3, "corelations", "uncertainty.corelations",
               "did you mean `correlations`?");
  expect_error(kHead + "uncertainty: [1]\n", 3, "[1]", "uncertainty", "expected a map with `correlations`");
  expect_error(kHead + "uncertainty: {correlations: 5}\n", 3, "5", "uncertainty.correlations",
               "expected a list");
  expect_error(kHead + kList + "    - 0.5\n", 5, "0.5", "uncertainty.correlations[0]", "expected a map");
  expect_error(kHead + kList + "    - {between: [" + kLr + ", " + kCe + "], rank_correlation: 0.5, rho: 1}\n",
               5, "rho", "uncertainty.correlations[0].rho", "unknown key `rho`");
  expect_error(kHead + kList + "    - {between: [" + kLr + ", " + kCe + "]}\n", 5, "{",
               "uncertainty.correlations[0].rank_correlation", "required key missing");
  expect_error(kHead + kList + "    - {between: " + kLr + ", rank_correlation: 0.5}\n", 5, kLr,
               "uncertainty.correlations[0].between", "expected a list of two parameter paths");
  expect_error(
      kHead + kList + "    - {between: [" + kLr + ", " + kCe + ", " + kSp + "], rank_correlation: 0.5}\n", 5,
      "[", "uncertainty.correlations[0].between", "expected a list of two parameter paths");
  expect_error(kHead + kList + "    - {between: [" + kLr + ", [x]], rank_correlation: 0.5}\n", 5, "[x]",
               "uncertainty.correlations[0].between[1]", "expected a parameter path");
  expect_error(kHead + kList + entry(kLr, kLr, "0.5"), 5, kLr + "]", "uncertainty.correlations[0].between[1]",
               "expected two different parameters");
  for (const std::string rho : {"1.5", "-2", "high", "'0.5'"})
    expect_error(kHead + kList + entry(kLr, kCe, rho), 5, rho, "uncertainty.correlations[0].rank_correlation",
                 "expected a number in (-1, 1)");
  for (const std::string rho : {"1", "-1", "1.0"})
    expect_error(kHead + kList + entry(kLr, kCe, rho), 5, rho + "}",
                 "uncertainty.correlations[0].rank_correlation",
                 "makes one prior a function of the other and the correlation matrix singular");
  expect_error(kHead + kList + entry(kLr, "dynamics.cost_elastcity", "0.5"), 5, "dynamics.cost_elastcity",
               "uncertainty.correlations[0].between[1]",
               "`dynamics.cost_elastcity` names no parameter; nearest valid paths: dynamics.cost_elasticity");
  expect_error(kHead + kList + entry("dynamics.trust.initial", kLr, "0.5"), 5, "dynamics.trust.initial",
               "uncertainty.correlations[0].between[0]",
               "`dynamics.trust.initial` is the number 0.3 in the resolved scenario, not a prior");
  expect_error(kHead + kList + entry(kLr, "agencies.DIP.budget_thb", "0.5"), 5, "agencies.DIP",
               "uncertainty.correlations[0].between[1]", "is `auto` in the resolved scenario, not a prior");
  expect_error(kHead + kList + entry("agencies.*.strategy.split.mentoring", kLr, "0.5"), 5, "agencies.*",
               "uncertainty.correlations[0].between[0]", "names several parameters through `*`");
  expect_error(kHead + kList + entry(kLr, "agencies.DIP.name", "0.5"), 5, "agencies.DIP.name",
               "uncertainty.correlations[0].between[1]", "cannot be a prior");
  expect_error(kHead + kList + entry(kLr, "time.horizon_months", "0.5"), 5, "time.horizon_months",
               "uncertainty.correlations[0].between[1]", "cannot be a prior");
  expect_error(kHead + "networks: {generate: {members: {uniform: [15, 25]}}}\n" + kList +
                   entry("networks.generate.members", kLr, "0.5"),
               6, "networks.generate.members", "uncertainty.correlations[0].between[0]",
               "is drawn per network, not once per replication");
  expect_error(kHead + kList + entry(kLr, kCe, "0.5") + entry(kSp, kLr, "0.1") + entry(kCe, kLr, "-0.2"), 7,
               "{", "uncertainty.correlations[2]",
               "the pair dynamics.cost_elasticity and dynamics.learning_rate is already correlated by "
               "uncertainty.correlations[0]");
}

TEST_CASE("a correlation matrix that is not positive definite names the pair that breaks it",
          "[scenario][copula]") {
  // ρ_s 0.6, 0.6, −0.6: normal ρ = 2 sin(0.1π) = 0.618; the first two alone (third entry 0) give
  // det = 1 − 2(0.618)² = 0.236 > 0, all three det = 1 − 2(0.618)³ − 3(0.618)² = −0.618 < 0:
  // the third is named.
  expect_error(kHead + kList + entry(kLr, kCe, "0.6") + entry(kLr, kSp, "0.6") + entry(kCe, kSp, "-0.6"), 7,
               "{", "uncertainty.correlations[2]",
               "it first fails at the rank correlation -0.6 between dynamics.cost_elasticity and "
               "dynamics.spillover_per_month");
  // ρ_s 0.9, 0.9, −0.9 (normal 0.908): already the first two with the third at 0 are
  // impossible (2 × 0.908² > 1), so by the rule the second is named.
  expect_error(kHead + kList + entry(kLr, kCe, "0.9") + entry(kLr, kSp, "0.9") + entry(kCe, kSp, "-0.9"), 6,
               "{", "uncertainty.correlations[1]",
               "between dynamics.learning_rate and dynamics.spillover_per_month");
  // The same strong pairs with a consistent third load: the whole matrix is checked first.
  CHECK_NOTHROW(load_scenario_text(
      kHead + kList + entry(kLr, kCe, "0.9") + entry(kLr, kSp, "0.9") + entry(kCe, kSp, "0.9"), "good.yaml"));
}

TEST_CASE("the init template's correlation example validates when uncommented", "[scenario][copula]") {
  std::string text = template_scenario_yaml();
  const std::string commented = "# uncertainty:\n";
  const auto at = text.find(commented);
  REQUIRE(at != std::string::npos);
  std::string tail = text.substr(at);
  for (std::size_t p = 0; (p = tail.find("# ", p)) != std::string::npos;) {
    if (p == 0 || tail[p - 1] == '\n')
      tail.erase(p, 2);
    else
      ++p;
  }
  const ScenarioDef def = load_scenario_text(text.substr(0, at) + tail, "<template>").def;
  CHECK(def.uncertainty.correlations.size() == 2);
}

}  // namespace
}  // namespace smesim

namespace smesim {
namespace {

// Every agency of the built-in scenario gets a mentoring-cost prior, correlated with the next
// agency's in a chain of `pairs` correlations.
std::string chain_scenario(std::size_t pairs) {
  static const std::vector<std::string> kAgencies{"MOI-OPS", "DIP", "FTI",  "DOAE", "TISTR",
                                                  "DOF",     "DLD", "QSDS", "RICE"};
  REQUIRE(pairs < kAgencies.size());
  std::string text = "name: chain\nextends: default\nagencies:\n";
  for (const std::string& id : kAgencies)
    text += fmt::format(
        "  - {{id: {}, strategy: {{mentoring: {{cost_per_firm_month_thb: {{uniform: [20000, 30000]}}}}}}}}\n",
        id);
  text += "uncertainty:\n  correlations:\n";
  for (std::size_t k = 0; k < pairs; ++k)
    text += fmt::format(
        "    - {{between: [agencies.{}.strategy.mentoring.cost_per_firm_month_thb, "
        "agencies.{}.strategy.mentoring.cost_per_firm_month_thb], rank_correlation: 0.3}}\n",
        kAgencies[k], kAgencies[k + 1]);
  return text;
}

// Counted, not timed: validation and each replication's draw find a correlation's two priors
// by path a bounded number of times per pair, however many fields the scenario has (every
// agency brings dozens), and a variant's correlation matrix is factorised once, not once per
// replication.
TEST_CASE("correlated priors cost a bounded number of path lookups per pair, the factor once per variant",
          "[scenario][copula]") {
  for (const std::size_t pairs : {std::size_t{1}, std::size_t{4}, std::size_t{8}}) {
    CAPTURE(pairs);
    const ScenarioDef def = load_scenario_text(chain_scenario(pairs), "chain.yaml").def;
    REQUIRE(def.uncertainty.correlations.size() == pairs);
    std::uint64_t before = detail::field_path_lookups();
    validate(def);
    CHECK(detail::field_path_lookups() - before <= 4 * pairs);

    constexpr std::uint32_t kReplications = 20;
    before = detail::field_path_lookups();
    const std::uint64_t factorisations = detail::copula_factorisations();
    for (std::uint32_t r = 0; r < kReplications; ++r) static_cast<void>(realise_priors(def, kSeed, r));
    CHECK(detail::field_path_lookups() - before == 2 * pairs * kReplications);
    CHECK(detail::copula_factorisations() - factorisations <= 1);
  }
}

}  // namespace
}  // namespace smesim
