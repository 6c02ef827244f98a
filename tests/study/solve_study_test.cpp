// Solves in process (run_study): a converging search whose evaluations are consistent with
// its bracket, and a level not reachable within the range.
#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "smesim/scenario/solve_def.hpp"
#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::solve_fixture;

namespace {

struct Row {
  double value, p, ci_lo, ci_hi, bracket_lo, bracket_hi;
  int step, replications;
};

std::vector<Row> rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<Row> out;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::vector<std::string> c;
    std::string cell;
    while (std::getline(cells, cell, ',')) c.push_back(cell);
    REQUIRE(c.size() == 8);
    out.push_back({std::stod(c[1]), std::stod(c[2]), std::stod(c[3]), std::stod(c[4]), std::stod(c[6]),
                   std::stod(c[7]), std::stoi(c[0]), std::stoi(c[5])});
  }
  return out;
}

}  // namespace

TEST_CASE("solve converges inside the range with evaluations consistent with the bracket", "[study][solve]") {
  TempFolder dir("converge");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "solve.yaml", kSolve);
  const auto r = run_study_file("solve", fs::path(dir.path) / "solve.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  const fs::path out = fs::path(dir.path) / "out";
  const std::string csv = read_text(out / "evaluations.csv");
  CHECK(csv.rfind("step,value,p_met,ci95_lo,ci95_hi,replications,bracket_lo,bracket_hi\n", 0) == 0);
  const auto evaluations = rows(csv);
  // Both ends, then halvings of 95 M THB down to <= 3 M THB: 2 + 5 evaluations.
  REQUIRE(evaluations.size() == 7);
  CHECK(stored_points(out) == evaluations.size());
  CHECK(evaluations[0].value == 5e6);
  CHECK(evaluations[1].value == 1e8);
  CHECK(evaluations[0].p < 0.75);
  CHECK(evaluations[1].p >= 0.75);
  for (std::size_t i = 0; i < evaluations.size(); ++i) {
    const Row& e = evaluations[i];
    CHECK(e.step == static_cast<int>(i));
    CHECK(e.replications == 24);
    CHECK(e.ci_lo <= e.p);
    CHECK(e.p <= e.ci_hi);
    if (i < 2) continue;
    const Row& prev = evaluations[i - 1];
    CHECK(e.value == (prev.bracket_lo + prev.bracket_hi) / 2);  // the midpoint of the bracket before
    // The bracket moves to the midpoint on the side its estimate says.
    CHECK((e.p >= 0.75 ? e.bracket_hi : e.bracket_lo) == e.value);
    CHECK((e.p >= 0.75 ? e.bracket_lo == prev.bracket_lo : e.bracket_hi == prev.bracket_hi));
  }
  const Row& last = evaluations.back();
  CHECK(last.bracket_hi - last.bracket_lo <= 3e6);

  const auto solution = nlohmann::json::parse(read_text(out / "solution.json"));
  CHECK(solution.at("status") == "converged");
  CHECK(solution.at("converged") == true);
  const double answer = solution.at("answer").get<double>();
  CHECK(answer == last.bracket_hi);
  CHECK(answer > 5e6);
  CHECK(answer <= 1e8);
  CHECK(solution.at("p_met_at_answer").at("p_met").get<double>() >= 0.75);
  CHECK(solution.at("answer_interval").at("lo").get<double>() < answer);
  CHECK(solution.at("evaluations").size() == evaluations.size());
  CHECK(fs::exists(out / "manifest.json"));
  // The answer is money a director quotes, in M THB, never as a 9-digit number of baht.
  CHECK(r.report.console.find("Answer: a programme budget of about ") != std::string::npos);
  CHECK(r.report.console.find(" M THB") != std::string::npos);
  CHECK(r.report.console.find(fmt::format("{:.0f}", answer)) == std::string::npos);
}

TEST_CASE("solve reports a level not reachable within the range", "[study][solve]") {
  TempFolder dir("unreachable");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  std::string text = kSolve;
  text.replace(text.find("[5000000, 100000000]"), 20, "[1000000, 10000000]");
  write_text(fs::path(dir.path) / "solve.yaml", text);
  const auto r = run_study_file("solve", fs::path(dir.path) / "solve.yaml", fs::path(dir.path) / "out");
  REQUIRE(r.complete);
  CHECK(r.report.console.find("NOT REACHABLE within the range") != std::string::npos);
  const auto solution = nlohmann::json::parse(read_text(fs::path(dir.path) / "out" / "solution.json"));
  CHECK(solution.at("status") == "not_reachable");
  CHECK(solution.at("reachable") == false);
  CHECK(solution.at("answer").is_null());
  CHECK(solution.at("p_met_at_hi").at("p_met").get<double>() < 0.75);
  CHECK(solution.at("evaluations").size() == 2);
}

// Two agencies with fixed budgets (1.2 + 0.8 M THB, 80 SMEs): 1 M THB in all develops about 51,
// 8 M THB about 75, so 60 developed SMEs with P >= 0.75 lies inside a factor 0.5 to 4.
const char* const kFixedAgencies = R"(name: fixed
extends: default
programme: {budget_thb: 2000000}
networks: {generate: {members: 20}, list: ~}
targets: {developed_smes: 60, expanded_smes: 1, cost_reduction_thb: 1000}
agencies:
  replace: true
  list:
    - {id: DIP, sectors: [manufacturing], budget_thb: 1200000, networks: 2}
    - {id: RICE, sectors: [agriculture], budget_thb: 800000, networks: 2}
)";

// The smallest factor on both agencies' budgets with P(all targets met) >= 0.75, solved into
// folder/out (solve.yaml and fixed.yaml beside it).
smesim::StudyResult solve_scaling_agencies(const fs::path& folder) {
  write_text(folder / "fixed.yaml", kFixedAgencies);
  write_text(folder / "solve.yaml",
             "name: s\nscenario: fixed.yaml\nreplications: 24\n"
             "parameter: agencies.*.budget_thb\nrange: [\"*0.5\", \"*4\"]\n"
             "probability: 0.75\ntolerance: 0.1\n");
  return run_study_file("solve", folder / "solve.yaml", folder / "out");
}

TEST_CASE("solve scales every agency's budget and answers in M THB with the binding target",
          "[study][solve]") {
  TempFolder dir("scale-agencies");
  const fs::path folder(dir.path);
  const auto r = solve_scaling_agencies(folder);
  REQUIRE(r.complete);
  const auto solution = nlohmann::json::parse(read_text(folder / "out" / "solution.json"));
  REQUIRE(solution.at("answer").is_number());
  const double factor = solution.at("answer").get<double>();
  CHECK(factor > 0.5);
  CHECK(factor < 4);
  CHECK(solution.at("scaling") == "multiply");
  // The programme budget at the answer is the factor times the agencies' 2 M THB (each
  // allocation rounded to the satang).
  CHECK(solution.at("programme_budget_thb").at("answer").get<double>() == Approx(2e6 * factor).margin(0.02));
  const std::string binding = solution.at("binding_target").at("target").get<std::string>();
  CHECK((binding == "developed_smes" || binding == "expanded_smes" || binding == "cost_reduction_thb"));
  CHECK_THAT(solution.at("answer_text").get<std::string>(),
             Catch::Matchers::StartsWith("a programme budget of about ") &&
                 Catch::Matchers::Contains(" M THB") &&
                 Catch::Matchers::Contains("every agency's budget \u00d7"));
  CHECK(r.report.console.find("The binding target is ") != std::string::npos);
}

// At the answer, the solve says what decides its target, with the run report's rule and the
// very numbers a run of the answer's scenario (same seed, same replications) reports: the
// record's drivers are computed from the held replications and the priors each replication
// drew, re-made from its index, as a run computes them from priors.csv.
TEST_CASE("solve names what decides its target at the answer, as a run of that scenario does",
          "[study][solve][drivers]") {
  TempFolder dir("solve-drivers");
  const fs::path folder(dir.path);
  const auto r = solve_scaling_agencies(folder);
  REQUIRE(r.complete);
  const auto solution = nlohmann::json::parse(read_text(folder / "out" / "solution.json"));
  REQUIRE(solution.contains("drivers_at_answer"));
  const auto& at = solution.at("drivers_at_answer");
  CHECK(at.at("output") == "met_all");
  CHECK(at.at("value") == solution.at("p_met_at_answer").at("value"));
  const std::string text = at.at("text").get<std::string>();
  CHECK_THAT(text, Catch::Matchers::StartsWith("Meeting all three targets together "));
  CHECK(r.report.console.find("What decides it at \u00d7") != std::string::npos);
  std::string console = r.report.console;  // the console wraps its sentences
  std::replace(console.begin(), console.end(), '\n', ' ');
  CHECK(console.find(text) != std::string::npos);

  const smesim::SolveDef def = smesim::load_solve_file((folder / "solve.yaml").string());
  const smesim::ScenarioDef variant = smesim::solve_variant(def, at.at("value").get<double>());
  REQUIRE(run_forecast_into(variant, folder / "run").complete);
  const auto summary = nlohmann::json::parse(read_text(folder / "run" / "summary.json"));
  const auto& run_drivers = summary.at("drivers").at("outputs").at("met_all");
  REQUIRE(!at.at("parameters").empty());
  CHECK(at.at("parameters") == run_drivers.at("parameters"));
  CHECK(summary.at("targets").at("all").at("probability_met") == solution.at("p_met_at_answer").at("p_met"));
}
