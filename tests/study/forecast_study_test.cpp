// A forecast in process (run_study): its files agree with each other and with an independent
// computation from the per-replication files (kpis.csv, timeseries.csv, agency_kpis.csv,
// cluster_kpis.csv), and undefined statistics are null in JSON and nan in CSV.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/report/number_text.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "study/study_report.hpp"
#include "support/experiment_support.hpp"
#include "support/run_outputs.hpp"
#include "support/study_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using namespace smesim::test;
using namespace smesim::test::run_outputs;

namespace {

/// A probability as the console table shows it: as the report writes it.
std::string fmt_probability(double p) { return smesim::detail::report::probability_text(p); }

}  // namespace

TEST_CASE("A forecast's files agree with each other and with its per-replication files", "[study]") {
  const TempFolder tmp("forecast-files");
  ScenarioDef def = load_builtin_scenario().def;  // what `smesim run` runs without a file
  def.replications = 3;
  const fs::path dir = fs::path(tmp.path) / "res";
  const StudyResult r = run_forecast_into(def, dir);
  REQUIRE(r.complete);
  require_complete_run(dir);
  const auto manifest = nlohmann::json::parse(read_text(dir / "manifest.json"));
  const nlohmann::json& scenario = manifest.at("scenario");

  const int horizon = scenario.at("time").at("horizon_months").get<int>();
  const int window = scenario.at("targets").at("window_months").get<int>();
  REQUIRE(horizon == 36);
  REQUIRE(window == 12);

  const Csv kpis = read_csv(dir / "kpis.csv");
  const Csv ts = read_csv(dir / "timeseries.csv");

  {  // kpis.csv: one row per replication, spent + unspent = allocation
    const std::string text = read_text(dir / "kpis.csv");
    const std::string header = text.substr(0, text.find('\n'));
    CHECK(header.rfind(
              "replication,developed,expanded,cost_reduction_thb,added_revenue_thb,spent_thb,unspent_thb,",
              0) == 0);
    REQUIRE(kpis.rows.size() == 3);
    for (std::size_t i = 0; i < kpis.rows.size(); ++i) {
      INFO("replication row " << i);
      CHECK(kpis.number(i, "replication") == static_cast<double>(i));
      CHECK(kpis.number(i, "developed") >= 0);
      CHECK(kpis.number(i, "expanded") >= 0);
      CHECK(kpis.number(i, "spent_thb") > 0);
      CHECK(kpis.number(i, "unspent_thb") >= 0);
      CHECK(kpis.number(i, "firms") > 0);
      const double allocation = kpis.number(i, "allocation_thb");
      CHECK(allocation > 0);
      CHECK(std::abs(kpis.number(i, "spent_thb") + kpis.number(i, "unspent_thb") - allocation) <= 0.01);
    }
  }

  {  // timeseries.csv: 0-based months, cumulative counts that never fall
    REQUIRE(ts.header.size() >= 2);
    CHECK(ts.header[0] == "replication");
    CHECK(ts.header[1] == "month");
    REQUIRE(ts.rows.size() == static_cast<std::size_t>(3 * horizon));
    for (std::size_t rep = 0; rep < 3; ++rep) {
      double last_developed = 0;
      double last_expanded = 0;
      for (int month = 0; month < horizon; ++month) {
        const std::size_t row = rep * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(month);
        INFO("replication " << rep << " month " << month);
        REQUIRE(ts.number(row, "replication") == static_cast<double>(rep));
        REQUIRE(ts.number(row, "month") == static_cast<double>(month));
        const double developed = ts.number(row, "developed");
        const double expanded = ts.number(row, "expanded");
        CHECK(developed >= last_developed);
        CHECK(expanded >= last_expanded);
        last_developed = developed;
        last_expanded = expanded;
      }
      // The KPIs are what the time series has credited by the end of the target window.
      const std::size_t end_of_window =
          rep * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(window - 1);
      INFO("replication " << rep);
      CHECK(kpis.number(rep, "developed") == ts.number(end_of_window, "developed"));
      CHECK(kpis.number(rep, "expanded") == ts.number(end_of_window, "expanded"));
      CHECK(last_developed > 0);
    }
  }

  {  // summary.json: every final KPI and target, consistent with kpis.csv
    const nlohmann::json summary = nlohmann::json::parse(read_text(dir / "summary.json"));
    CHECK(summary.at("replications").get<int>() == 3);
    CHECK(summary.at("scenario_name") == "osmep-2015");
    CHECK(summary.at("seed").get<std::uint64_t>() == 20150320u);
    CHECK(summary.at("quantile_definition").get<std::string>().find("type 7") != std::string::npos);
    const nlohmann::json& kpi_summaries = summary.at("kpis");
    // The final KPIs are the KPI columns of kpis.csv, in the same order.
    const std::vector<std::string> final_kpis(kpis.header.begin() + 1, kpis.header.begin() + 9);
    REQUIRE(final_kpis.back() == "cost_reduction_per_thb_spent");
    std::vector<std::string> keys;
    for (const auto& [key, value] : kpi_summaries.items()) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> expected_keys = final_kpis;
    std::sort(expected_keys.begin(), expected_keys.end());
    CHECK(keys == expected_keys);
    for (const std::string& kpi : final_kpis) {
      INFO("kpis." << kpi);
      const nlohmann::json& k = kpi_summaries.at(kpi);
      for (const char* field : {"mean", "sd", "p5", "p25", "p50", "p75", "p95"}) {
        INFO(field);
        CHECK((k.at(field).is_number() || k.at(field).is_null()));
      }
      REQUIRE(k.at("ci95").is_array());
      CHECK(k.at("ci95").size() == 2);
      std::vector<double> column;
      for (std::size_t i = 0; i < kpis.rows.size(); ++i) column.push_back(kpis.number(i, kpi));
      if (std::all_of(column.begin(), column.end(), [](double v) { return std::isfinite(v); })) {
        CHECK(k.at("p50").get<double>() == median_of(column));
        CHECK(std::abs(k.at("mean").get<double>() - mean_of(column)) <=
              1e-9 * (1 + std::abs(mean_of(column))));
        CHECK(k.at("p5").get<double>() <= k.at("p50").get<double>());
        CHECK(k.at("p50").get<double>() <= k.at("p95").get<double>());
        CHECK(k.at("ci95")[0].get<double>() <= k.at("mean").get<double>());
        CHECK(k.at("mean").get<double>() <= k.at("ci95")[1].get<double>());
      }
    }
    const nlohmann::json& targets = summary.at("targets");
    for (const char* name : {"developed_smes", "expanded_smes", "cost_reduction_thb", "all"}) {
      INFO("targets." << name);
      const nlohmann::json& t = targets.at(name);
      REQUIRE(t.contains("target"));
      const double p = t.at("probability_met").get<double>();
      CHECK(0 <= p);
      CHECK(p <= 1);
      REQUIRE(t.at("ci95").size() == 2);
      CHECK(t.at("ci95")[0].get<double>() <= p);
      CHECK(p <= t.at("ci95")[1].get<double>());
    }
    CHECK(targets.at("all").at("target").is_null());
    CHECK(targets.at("developed_smes").at("target").get<double>() == 10000);
    // P(met) is the share of kpis.csv rows with the KPI not less than the target.
    const std::vector<std::pair<const char*, const char*>> target_kpis{
        {"developed_smes", "developed"},
        {"expanded_smes", "expanded"},
        {"cost_reduction_thb", "cost_reduction_thb"}};
    std::size_t all_met = 0;
    for (std::size_t i = 0; i < kpis.rows.size(); ++i) {
      bool all = true;
      for (const auto& [target, kpi] : target_kpis)
        all = all && kpis.number(i, kpi) >= targets.at(target).at("target").get<double>();
      all_met += all ? 1 : 0;
    }
    for (const auto& [target, kpi] : target_kpis) {
      INFO(target);
      std::size_t met = 0;
      for (std::size_t i = 0; i < kpis.rows.size(); ++i)
        met += kpis.number(i, kpi) >= targets.at(target).at("target").get<double>() ? 1 : 0;
      CHECK(targets.at(target).at("probability_met").get<double>() == static_cast<double>(met) / 3);
    }
    CHECK(targets.at("all").at("probability_met").get<double>() == static_cast<double>(all_met) / 3);
    // The console's "All three targets" line shows the same probability.
    std::istringstream lines(r.report.console);
    bool all_line = false;
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("All three targets", 0) != 0) continue;
      all_line = true;
      const std::string shown = fmt_probability(targets.at("all").at("probability_met").get<double>());
      INFO(line);
      CHECK(line.find(shown) != std::string::npos);
    }
    CHECK(all_line);
  }

  {  // timeseries_summary.csv: one row per month x monthly KPI, matching timeseries.csv
    const Csv tss = read_csv(dir / "timeseries_summary.csv");
    CHECK(tss.header ==
          std::vector<std::string>{"month", "kpi", "mean", "sd", "p5", "p25", "p50", "p75", "p95"});
    const std::vector<std::string> monthly{"active",
                                           "mentored",
                                           "developed",
                                           "expanded",
                                           "expanded_firms",
                                           "adopters",
                                           "jp_members",
                                           "mean_trust",
                                           "cost_reduction_thb",
                                           "cost_reduction_cum_thb",
                                           "added_revenue_thb",
                                           "spent_thb"};
    REQUIRE(tss.rows.size() == static_cast<std::size_t>(horizon) * monthly.size());
    for (int month = 0; month < horizon; ++month) {
      for (std::size_t k = 0; k < monthly.size(); ++k) {
        const std::size_t row = static_cast<std::size_t>(month) * monthly.size() + k;
        INFO("month " << month << " kpi " << monthly[k]);
        REQUIRE(tss.number(row, "month") == month);
        REQUIRE(tss.rows[row][tss.column("kpi")] == monthly[k]);
        std::vector<double> column;
        for (std::size_t rep = 0; rep < 3; ++rep) {
          const std::size_t ts_row =
              rep * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(month);
          if (monthly[k] == "spent_thb") {
            column.push_back(ts.number(ts_row, "spent_mentoring_thb") +
                             ts.number(ts_row, "spent_network_thb") +
                             ts.number(ts_row, "spent_technology_thb"));
          } else {
            column.push_back(ts.number(ts_row, monthly[k]));
          }
        }
        const double mean = mean_of(column);
        CHECK(std::abs(tss.number(row, "mean") - mean) <= 1e-9 * (1 + std::abs(mean)));
        const double median = median_of(column);
        CHECK(std::abs(tss.number(row, "p50") - median) <= 1e-9 * (1 + std::abs(median)));
        CHECK(tss.number(row, "p5") <= tss.number(row, "p50"));
        CHECK(tss.number(row, "p50") <= tss.number(row, "p95"));
      }
    }
  }

  {  // agencies.csv: agency x KPI; clusters.csv: one row per network, means of cluster_kpis.csv
    const Csv agencies = read_csv(dir / "agencies.csv");
    CHECK(agencies.header == std::vector<std::string>{"agency", "kpi", "mean", "sd", "ci95_lo", "ci95_hi",
                                                      "p5", "p25", "p50", "p75", "p95", "agency_name"});
    REQUIRE(agencies.rows.size() % 9 == 0);
    const std::size_t agency_kpis = agencies.rows.size() / 9;
    CHECK(agency_kpis >= 7);
    const Csv agency_rows = read_csv(dir / "agency_kpis.csv");
    for (std::size_t row = 0; row < agencies.rows.size(); ++row) {
      const std::string& agency = agencies.rows[row][0];
      const std::string& kpi = agencies.rows[row][1];
      INFO(agency << " " << kpi);
      CHECK(agency == scenario.at("agencies")[row / agency_kpis].at("id").get<std::string>());
      if (kpi != "developed" && kpi != "allocation_thb") continue;
      std::vector<double> column;
      for (std::size_t i = 0; i < agency_rows.rows.size(); ++i)
        if (agency_rows.rows[i][1] == agency) column.push_back(agency_rows.number(i, kpi));
      REQUIRE(column.size() == 3);
      CHECK(std::abs(agencies.number(row, "mean") - mean_of(column)) <= 1e-9 * (1 + mean_of(column)));
      CHECK(agencies.number(row, "p50") == median_of(column));
    }

    const Csv clusters = read_csv(dir / "clusters.csv");
    const std::vector<std::string> fixed{"cluster", "agency", "sector", "province_group", "members_mean"};
    REQUIRE(clusters.header.size() == fixed.size() + 7 * 4 + 2);
    CHECK(std::equal(fixed.begin(), fixed.end(), clusters.header.begin()));
    CHECK(clusters.header[5] == "developed_mean");
    CHECK(clusters.header[6] == "developed_p5");
    CHECK(clusters.header[fixed.size() + 7 * 4 - 1] == "trust_end_p95");
    CHECK(clusters.header.back() == "agency_name");  // then the names (docs/outputs.md (names beside ids))
    REQUIRE(clusters.rows.size() == 54);
    const Csv cluster_rows = read_csv(dir / "cluster_kpis.csv");
    REQUIRE(cluster_rows.rows.size() == 3 * 54);
    for (std::size_t c = 0; c < 54; ++c) {
      INFO("cluster " << clusters.rows[c][0]);
      CHECK(clusters.rows[c][0] == cluster_rows.rows[c][1]);  // same order as cluster_kpis.csv
      std::vector<double> members;
      std::vector<double> developed;
      for (std::size_t rep = 0; rep < 3; ++rep) {
        members.push_back(cluster_rows.number(rep * 54 + c, "members"));
        developed.push_back(cluster_rows.number(rep * 54 + c, "developed"));
      }
      CHECK(std::abs(clusters.number(c, "members_mean") - mean_of(members)) <= 1e-9 * mean_of(members));
      CHECK(clusters.number(c, "developed_p50") == median_of(developed));
    }
  }
}

TEST_CASE("undefined statistics are null in summary.json and nan in the CSV summaries", "[study]") {
  // With no budget nothing is spent and no SME is developed, so THB per developed SME and
  // cost reduction per THB spent are undefined (NaN) in every replication.
  const TempFolder tmp("no-budget");
  ScenarioDef def = load_scenario_text(
                        "extends: default\nname: zero\nprogramme:\n  budget_thb: 0\nnetworks:\n  generate:\n "
                        "   members: 20\n",
                        "zero.yaml")
                        .def;
  def.replications = 2;
  const fs::path res = fs::path(tmp.path) / "res";
  REQUIRE(run_forecast_into(def, res).complete);
  const std::string text = read_text(res / "summary.json");
  // No NaN or infinity as a value (they are not JSON; the definitions' prose may say "NaN").
  CHECK(!std::regex_search(text, std::regex(R"([:\[,]\s*-?(NaN|nan|inf|Infinity))")));
  const nlohmann::json summary = nlohmann::json::parse(text);
  for (const char* kpi : {"thb_per_developed", "cost_reduction_per_thb_spent"}) {
    INFO(kpi);
    const nlohmann::json& k = summary.at("kpis").at(kpi);
    CHECK(k.at("n").get<int>() == 0);
    for (const char* field : {"mean", "sd", "p5", "p25", "p50", "p75", "p95"}) CHECK(k.at(field).is_null());
    CHECK(k.at("ci95")[0].is_null());
    CHECK(k.at("ci95")[1].is_null());
  }
  // The defined KPIs are still summarised over both replications.
  CHECK(summary.at("kpis").at("developed").at("n").get<int>() == 2);
  CHECK(summary.at("kpis").at("developed").at("mean").get<double>() == 0);
  CHECK(summary.at("kpis").at("spent_thb").at("p95").get<double>() == 0);
  CHECK(summary.at("targets").at("developed_smes").at("probability_met").get<double>() == 0);

  const Csv agencies = read_csv(res / "agencies.csv");
  std::size_t undefined_rows = 0;
  for (std::size_t row = 0; row < agencies.rows.size(); ++row) {
    if (agencies.rows[row][1] != "thb_per_developed") continue;
    ++undefined_rows;
    CHECK(agencies.rows[row][agencies.column("mean")] == "nan");
    CHECK(agencies.rows[row][agencies.column("p50")] == "nan");
  }
  CHECK(undefined_rows == 9);  // one per agency
}

TEST_CASE("priors.csv holds every replication's draw of every prior, as the model drew it",
          "[study][priors]") {
  const TempFolder tmp("priors-csv");
  ScenarioDef def = load_builtin_scenario().def;
  def.replications = 6;
  // One pair correlated, so the copula's draws are checked too (docs/scenario.md "uncertainty").
  def = load_scenario_text(scenario_yaml(def) +
                               "uncertainty:\n  correlations:\n"
                               "    - {between: [dynamics.learning_rate, dynamics.cost_elasticity], "
                               "rank_correlation: 0.5}\n",
                           "correlated.yaml")
            .def;
  const fs::path out = fs::path(tmp.path) / "run";
  REQUIRE(run_forecast_into(def, out).complete);
  // The priors, found apart from prior_draws: numbers whose text is a distribution, except the
  // members, which are drawn per network.
  std::vector<std::string> priors;
  for (const FieldInfo& f : parameter_fields(def)) {
    if (f.kind != FieldKind::number || f.path.ends_with(".members")) continue;
    if (get_parameter(def, f.path).find('[') != std::string::npos) priors.push_back(f.path);
  }
  REQUIRE(priors.size() >= 5);
  std::istringstream csv(read_text(out / "priors.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "replication,path,value");
  std::size_t rows = 0;
  for (std::uint32_t r = 0; r < 6; ++r) {
    const ScenarioDef realised = realise_priors(def, def.seed, r);
    for (const std::string& path : priors) {
      REQUIRE(std::getline(csv, line));
      const auto cells = split_csv(line);
      REQUIRE(cells.size() == 3);
      CHECK(cells[0] == std::to_string(r));
      CHECK(cells[1] == path);
      // Shortest round-trip text: the same double.
      CHECK(std::stod(cells[2]) == std::stod(get_parameter(realised, path)));
      ++rows;
    }
  }
  CHECK_FALSE(std::getline(csv, line));
  CHECK(rows == 6 * priors.size());
}

TEST_CASE("A forecast without uncertain parameters says its intervals are the model's randomness only",
          "[study]") {
  const TempFolder tmp("forecast-no-priors");
  // No `extends: default` and no prior: every parameter is a number.
  ScenarioDef def = load_scenario_text(R"(name: no-priors
networks:
  generate: {members: 30}
agencies:
  - {id: A, networks: 2, sectors: [trade]}
programme: {budget_thb: 2000000}
)",
                                       "no-priors.yaml")
                        .def;
  def.replications = 4;
  const fs::path dir = fs::path(tmp.path) / "res";
  const StudyResult r = run_forecast_into(def, dir);
  REQUIRE(r.complete);
  CHECK(r.report.console.find("Note: no parameter is uncertain") != std::string::npos);
  const auto manifest = nlohmann::json::parse(read_text(dir / "manifest.json"));
  CHECK(manifest.at("uncertain_parameters").empty());
  CHECK(manifest.at("uncertainty_note").get<std::string>().find("only the model's own randomness") !=
        std::string::npos);
  CHECK(detail::render_study_report(dir).find("Note: no parameter is uncertain") != std::string::npos);

  // The built-in scenario has priors: no such note, and the manifest lists them.
  ScenarioDef builtin = load_builtin_scenario().def;
  builtin.replications = 2;
  const fs::path with_priors = fs::path(tmp.path) / "builtin";
  const StudyResult b = run_forecast_into(builtin, with_priors);
  REQUIRE(b.complete);
  CHECK(b.report.console.find("no parameter is uncertain") == std::string::npos);
  const auto builtin_manifest = nlohmann::json::parse(read_text(with_priors / "manifest.json"));
  CHECK_FALSE(builtin_manifest.at("uncertain_parameters").empty());
  CHECK_FALSE(builtin_manifest.contains("uncertainty_note"));
  CHECK(detail::render_study_report(with_priors).find("Note: no parameter is uncertain") ==
        std::string::npos);
}
