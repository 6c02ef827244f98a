// What drives a forecast's result, end to end in process (run_study): summary.json's `drivers`,
// drivers.csv, the console's "Drivers" lines and the report's words, on scenarios whose answer
// is known from the model (docs/outputs.md "What drives the result (drivers.csv)", docs/report.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/report/drivers_section.hpp"
#include "smesim/scenario/scenario.hpp"
#include "support/experiment_support.hpp"
#include "support/run_outputs.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using namespace smesim::test;
using namespace smesim::test::run_outputs;

namespace {

// The default programme, small, with every prior fixed but the cost elasticity γ. γ enters
// only the process savings (docs/model.md §5 step 9, src/model/mechanisms.cpp): it drives
// cost reduction and cannot touch development or expansion.
constexpr const char* kElasticityOnly = R"(extends: default
name: elasticity-only
programme: {budget_thb: 30000000}
networks: {generate: {members: 20}, list: ~}
dynamics:
  learning_rate: 0.06
  spillover_per_month: 0.1
  joint_purchasing: {max_discount: 0.1}
  market: {q_per_year: 0.4}
  dropout: {base_per_year: 0.3}
)";

// The same with no prior at all.
constexpr const char* kNoPriors = R"(extends: default
name: no-priors
programme: {budget_thb: 30000000}
networks: {generate: {members: 20}, list: ~}
dynamics:
  learning_rate: 0.06
  spillover_per_month: 0.1
  cost_elasticity: 0.07
  joint_purchasing: {max_discount: 0.1}
  market: {q_per_year: 0.4}
  dropout: {base_per_year: 0.3}
)";

struct Run {
  TempFolder tmp{"drivers"};
  fs::path dir;
  StudyResult result;
  nlohmann::json summary;
  Run(const char* yaml, int replications) {
    ScenarioDef def = load_scenario_text(yaml, "drivers.yaml").def;
    def.replications = replications;
    dir = fs::path(tmp.path) / "res";
    result = run_forecast_into(def, dir);
    REQUIRE(result.complete);
    summary = nlohmann::json::parse(read_text(dir / "summary.json"));
  }
};

}  // namespace

// 60 replications: γ is uniform on [0.02, 0.12] and the savings grow with it, so its rank
// correlation with cost reduction is large; developed SMEs do not depend on γ at all, so their
// correlation with it is a null one, whose 95% interval covers 0 for 95% of seeds (this one's
// does: seed 20150320 of the default scenario).
TEST_CASE("a forecast where only the cost elasticity is uncertain names it as the driver of cost reduction",
          "[study][drivers]") {
  const Run run(kElasticityOnly, 60);
  const nlohmann::json& drivers = run.summary.at("drivers");
  CHECK(drivers.at("replications") == 60);
  CHECK(drivers.at("parameters") == nlohmann::json::array({"dynamics.cost_elasticity"}));
  CHECK(drivers.at("constant_parameters").empty());
  CHECK(drivers.at("note").is_null());
  const nlohmann::json& cost = drivers.at("outputs").at("cost_reduction_thb");
  REQUIRE(cost.at("varies") == true);
  REQUIRE(cost.at("parameters").size() == 1);
  const nlohmann::json& gamma = cost.at("parameters").at(0);
  CHECK(gamma.at("parameter") == "dynamics.cost_elasticity");
  CHECK(gamma.at("prcc").get<double>() > 0.5);
  CHECK(gamma.at("prcc_ci95").at(0).get<double>() > 0);
  CHECK(gamma.at("prcc_status") == "computed");
  // One parameter: nothing to partial out, so the PRCC is the Spearman correlation.
  CHECK(gamma.at("prcc").get<double>() == Approx(gamma.at("spearman").get<double>()).epsilon(1e-12));
  // The outputs in order, each with γ.
  std::vector<std::string> outputs;
  const auto in_file_order = nlohmann::ordered_json::parse(read_text(run.dir / "summary.json"));
  for (const auto& [key, value] : in_file_order.at("drivers").at("outputs").items()) outputs.push_back(key);
  CHECK(std::prev(in_file_order.end()).key() == "drivers");  // summary.json's last key
  CHECK(outputs == std::vector<std::string>{"developed", "expanded", "cost_reduction_thb",
                                            "met_developed_smes", "met_expanded_smes",
                                            "met_cost_reduction_thb", "met_all"});

  // drivers.csv: the same numbers, a row per output and parameter.
  const Csv csv = read_csv(run.dir / "drivers.csv");
  CHECK(csv.header == std::vector<std::string>{"output", "parameter", "spearman", "spearman_ci95_lo",
                                               "spearman_ci95_hi", "prcc", "prcc_ci95_lo", "prcc_ci95_hi",
                                               "prcc_status"});
  REQUIRE(csv.rows.size() == 7);
  CHECK(csv.rows[2][0] == "cost_reduction_thb");
  CHECK(csv.rows[2][1] == "dynamics.cost_elasticity");
  CHECK(std::stod(csv.rows[2][5]) == gamma.at("prcc").get<double>());
  // The manifest lists it, so --force may replace the folder.
  const auto manifest = nlohmann::json::parse(read_text(run.dir / "manifest.json"));
  const auto& files = manifest.at("files");
  CHECK(std::find(files.begin(), files.end(), "drivers.csv") != files.end());

  // The words.
  const nlohmann::json& report_summary = run.summary;
  const std::string cost_words =
      detail::report::drivers_sentence("cost_reduction_thb", drivers, report_summary);
  INFO(cost_words);
  CHECK(cost_words.rfind(
            "Cost reduction depends mostly on dynamics.cost_elasticity (partial rank correlation 0.", 0) ==
        0);
  const std::string developed_words = detail::report::drivers_sentence("developed", drivers, report_summary);
  INFO(developed_words);
  CHECK(developed_words ==
        "SMEs developed has no clear driver: the 95% CI of every uncertain parameter's partial rank "
        "correlation "
        "includes 0.");
  // The console names it too.
  const std::string& console = run.result.report.console;
  INFO(console);
  CHECK(console.find("Drivers (") != std::string::npos);
  CHECK(std::regex_search(console,
                          std::regex(R"(\n  cost_reduction_thb  dynamics\.cost_elasticity 0\.\d\d \[)")));
  CHECK(console.find("\n  developed           no clear driver") != std::string::npos);
}

TEST_CASE("a forecast without priors says no parameter is uncertain", "[study][drivers]") {
  const Run run(kNoPriors, 4);
  const nlohmann::json& drivers = run.summary.at("drivers");
  CHECK(drivers.at("parameters").empty());
  CHECK(drivers.at("outputs").empty());
  CHECK(drivers.at("note").get<std::string>().find("no prior drawn per replication") != std::string::npos);
  CHECK(read_text(run.dir / "drivers.csv") ==
        "output,parameter,spearman,spearman_ci95_lo,spearman_ci95_hi,prcc,prcc_ci95_lo,prcc_ci95_hi,"
        "prcc_status\n");
  CHECK(run.result.report.console.find("Drivers") == std::string::npos);
  const auto section = detail::report::drivers_section(run.summary);
  REQUIRE(section.has_value());
  CHECK(section->html.find("No parameter is uncertain in this run") != std::string::npos);
}

// Three replications of the default programme's six priors: too few for a PRCC (k + 4 = 10),
// and the targets' indicators never vary (none is met). Every undefined number is null, never
// NaN, and the words say why.
TEST_CASE("a forecast with fewer replications than parameters + 4 says why there is no PRCC",
          "[study][drivers]") {
  const Run run(R"(extends: default
name: few
networks: {generate: {members: 10}, list: ~}
)",
                3);
  const std::string text = read_text(run.dir / "summary.json");
  CHECK(!std::regex_search(text, std::regex(R"([:\[,]\s*-?(NaN|nan|inf|Infinity))")));
  const nlohmann::json& drivers = run.summary.at("drivers");
  REQUIRE(drivers.at("parameters").size() == 6);
  const nlohmann::json& developed = drivers.at("outputs").at("developed");
  REQUIRE(developed.at("varies") == true);
  CHECK(developed.at("note").get<std::string>() ==
        "partial rank correlations not computed: 3 replications, fewer than the 6 uncertain parameters + 4 "
        "they "
        "need");
  for (const auto& p : developed.at("parameters")) {
    CHECK(p.at("prcc").is_null());
    CHECK(p.at("prcc_status") == "too_few_replications");
    CHECK(p.at("spearman").is_number());
    CHECK(p.at("spearman_ci95").at(0).is_null());  // n - 3 = 0
  }
  const std::string words = detail::report::drivers_sentence("developed", drivers, run.summary);
  CHECK(words.rfind(
            "Partial rank correlations need at least 10 replications (the uncertain parameters + 4) and "
            "this run has 3; by rank correlation alone, SMEs developed has no clear driver",
            0) == 0);
  // The default targets are out of reach of 540 SMEs: no replication meets them.
  const nlohmann::json& met = drivers.at("outputs").at("met_developed_smes");
  CHECK(met.at("varies") == false);
  CHECK(met.at("note") == "the outcome does not vary across replications: its correlations are undefined");
  CHECK(detail::report::drivers_sentence("met_all", drivers, run.summary) ==
        "Meeting all three targets together: the outcome does not vary across replications (no replication "
        "meets "
        "all three targets), so no parameter drives it.");
  const Csv csv = read_csv(run.dir / "drivers.csv");
  CHECK(csv.rows.size() == 7 * 6);
}
