#include "smesim/study/compare_study.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/statistic_constants.hpp"
#include "io/console_table.hpp"
#include "io/manifest.hpp"
#include "io/outputs.hpp"
#include "io/report/number_text.hpp"
#include "smesim/analysis/agency_comparison.hpp"
#include "smesim/analysis/comparison.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/scenario/scenario.hpp"
#include "study/agency_records.hpp"
#include "study/compare_ranking.hpp"
#include "study/parameter_effect.hpp"
#include "study/record_values.hpp"
#include "study/study_tables.hpp"

namespace smesim {
namespace {

namespace fs = std::filesystem;

double number(const nlohmann::ordered_json& value) { return value.is_number() ? value.get<double>() : kNaN; }

nlohmann::ordered_json json_values(const std::vector<double>& values) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const double x : values)
    out.push_back(std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x));
  return out;
}

// Per agency and replication: the SMEs its networks enrolled and its final KPIs, for the
// comparison by agency (agency_comparison.csv).
nlohmann::ordered_json agency_samples_json(const ScenarioDef& scenario,
                                           std::span<const ReplicationResult> results) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const AgencySamples& samples : detail::agency_samples(scenario, results).agencies) {
    nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
      kpis[to_string(kAgencyComparedKpis[k])] = json_values(samples.kpis[k]);
    out.push_back({{"id", samples.id},
                   {"enrolled_smes", json_values(samples.enrolled_smes)},
                   {"kpi_samples", std::move(kpis)}});
  }
  return out;
}

// A finished variant as stored in points/NNNNNN.json: everything the final outputs need, so
// they are built from the stored points alone and a resumed comparison gives the same bytes
// as an uninterrupted one. Numbers round-trip exactly (shortest round-trip form); NaN is null.
std::string point_json(std::size_t index, const CompareVariant& variant, const ScenarioDef& scenario,
                       std::span<const ReplicationResult> results) {
  const KpiSamples samples = kpi_samples(results);
  nlohmann::ordered_json finals = nlohmann::ordered_json::object();
  for (const FinalKpi kpi : kFinalKpis) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const double x : samples[static_cast<std::size_t>(kpi)])
      values.push_back(std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x));
    finals[to_string(kpi)] = std::move(values);
  }
  const nlohmann::ordered_json point{
      {"variant", index},
      {"name", variant.name},
      {"values", detail::parameter_values_json(variant.assignments)},
      {"summary", nlohmann::ordered_json::parse(detail::forecast_summary_json(
                      scenario, summarise_forecast(scenario.targets, scenario.agencies.size(), results)))},
      {"kpi_samples", finals},
      {"agencies", agency_samples_json(scenario, results)}};
  return point.dump(2) + "\n";
}

// A stored variant, read back.
struct StoredVariant {
  nlohmann::ordered_json summary;  ///< its summary.json
  KpiSamples samples;              ///< final KPIs per replication, NaN where undefined
  VariantAgencySamples by_agency;  ///< per agency, and the programme as `all`
};

std::vector<double> numbers(const nlohmann::ordered_json& values) {
  std::vector<double> out;
  for (const auto& x : values) out.push_back(number(x));
  return out;
}

StoredVariant read_record(const Record& record) {
  const auto point = nlohmann::ordered_json::parse(record);
  StoredVariant stored;
  stored.summary = point.at("summary");
  for (const FinalKpi kpi : kFinalKpis) {
    auto& values = stored.samples[static_cast<std::size_t>(kpi)];
    for (const auto& x : point.at("kpi_samples").at(to_string(kpi))) values.push_back(number(x));
  }
  stored.by_agency.name = point.at("name").get<std::string>();
  AgencySamples& programme = stored.by_agency.programme;
  programme.id = "all";
  for (const auto& agency : point.at("agencies")) {
    AgencySamples a;
    a.id = agency.at("id").get<std::string>();
    a.enrolled_smes = numbers(agency.at("enrolled_smes"));
    for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
      a.kpis[k] = numbers(agency.at("kpi_samples").at(to_string(kAgencyComparedKpis[k])));
    if (programme.enrolled_smes.empty()) programme.enrolled_smes.assign(a.enrolled_smes.size(), 0.0);
    for (std::size_t r = 0; r < a.enrolled_smes.size(); ++r) programme.enrolled_smes[r] += a.enrolled_smes[r];
    stored.by_agency.agencies.push_back(std::move(a));
  }
  for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
    programme.kpis[k] = stored.samples[static_cast<std::size_t>(kAgencyComparedKpis[k])];
  return stored;
}

// Each row's agency named as its variant names it; the name comes last, after the columns
// readers take by position (docs/experiments.md).
ResultTable agency_comparison_table(const std::vector<AgencyComparisonRow>& rows, const CompareDef& def,
                                    const std::vector<ScenarioDef>& variants) {
  ResultTable table("agency_comparison",
                    "Each agency's KPIs and share of the targets per variant, with the paired differences "
                    "from the baseline, one value a row (`all`: the programme).");
  for (const char* column : {"variant", "agency", "kpi", "statistic"}) table.column(column, Quantity::text);
  table.column("value", Quantity::per_row).column("agency_name", Quantity::text);
  for (const AgencyComparisonRow& row : rows) {
    std::string name;
    for (std::size_t v = 0; v < variants.size(); ++v)
      if (def.variants[v].name == row.variant) name = detail::agency_name(variants[v], row.agency);
    table.cell(row.variant).cell(row.agency).cell(row.kpi).cell(row.statistic).cell(row.value).cell(name);
    table.end_row(detail::agency_row_quantity(row.kpi, row.statistic));
  }
  return table;
}

// Median developed SMEs per agency (rows) and variant (columns), and the variant with the
// largest mean paired gain over the baseline among those whose 95% CI of the gain is above 0
// (the baseline when none is).
ResultTable agency_console_table(const CompareDef& def, const std::vector<AgencyComparisonRow>& rows) {
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>>
      developed;  // (agency, variant)
  std::vector<std::string> agencies;
  for (const AgencyComparisonRow& row : rows) {
    if (row.kpi != "developed") continue;
    developed[{row.agency, row.variant}][row.statistic] = row.value;
    if (std::find(agencies.begin(), agencies.end(), row.agency) == agencies.end())
      agencies.push_back(row.agency);
  }
  ResultTable table("agencies",
                    "SMEs developed by agency (median; most developed = the largest mean paired gain over "
                    "the baseline whose 95% CI is above 0, or the baseline; every KPI per agency is in "
                    "agency_comparison.csv):");
  table.column("agency", Quantity::text);
  for (const auto& v : def.variants) table.column(v.name, Quantity::count);
  table.column("most developed", Quantity::text);
  for (const auto& a : agencies) {
    table.cell(a);
    std::string best = def.variants[def.baseline].name;
    double best_gain = 0;
    for (const auto& v : def.variants) {
      auto& stats = developed[{a, v.name}];
      table.cell(stats["p50"]);
      if (stats["diff_ci95_lo"] > 0 && stats["diff_mean"] > best_gain) {
        best_gain = stats["diff_mean"];
        best = v.name;
      }
    }
    table.cell(best).end_row();
  }
  return table;
}

const nlohmann::ordered_json& kpi_summary(const StoredVariant& v, FinalKpi kpi) {
  return v.summary.at("kpis").at(to_string(kpi));
}

ResultTable comparison_table(const CompareDef& def, const std::vector<StoredVariant>& stored,
                             const Comparison& comparison) {
  ResultTable table("comparison",
                    "Each variant's KPIs against the baseline's on common random numbers: the distribution, "
                    "the paired difference with its 95% interval, P(better than the baseline), P(best) and "
                    "the replications a given precision needs.");
  table.column("variant", Quantity::text).column("kpi", Quantity::text).column("direction", Quantity::text);
  table.column("replications", Quantity::integer);
  for (const char* column : {"mean", "p5", "p50", "p95", "diff_mean", "diff_sd"})
    table.column(column, Quantity::per_row);
  table.column("diff_ci95_lo", Quantity::per_row, IntervalEnd::lo)
      .column("diff_ci95_hi", Quantity::per_row, IntervalEnd::hi);
  table.column("p_better", Quantity::probability).column("p_best", Quantity::probability);
  table.column("precision", Quantity::per_row).column("replications_needed", Quantity::number);
  for (std::size_t v = 0; v < def.variants.size(); ++v) {
    for (const FinalKpi kpi : kFinalKpis) {
      const KpiComparison& c = comparison.at(v, kpi);
      // The distribution is the variant's summary.json's, so comparison.csv and summary.json agree.
      const auto& s = kpi_summary(stored[v], kpi);
      table.cell(def.variants[v].name)
          .cell(to_string(kpi))
          .cell(to_string(kpi_direction(kpi)))
          .cell(s.at("n").get<long long>())
          .cell(number(s.at("mean")))
          .cell(number(s.at("p5")))
          .cell(number(s.at("p50")))
          .cell(number(s.at("p95")))
          .cell(c.difference.mean)
          .cell(c.difference.sd)
          .cell(c.difference.ci95.first)
          .cell(c.difference.ci95.second)
          .cell(c.p_better)
          .cell(c.p_best)
          .cell(def.precision[static_cast<std::size_t>(kpi)])
          .cell(c.replications_needed);
      table.end_row(quantity_of(to_string(kpi)));
    }
  }
  return table;
}

ResultTable console_table(const CompareDef& def, const std::vector<StoredVariant>& stored,
                          const Comparison& comparison, const detail::CompareRanking& ranking) {
  ResultTable table("comparison", "");
  table.column("variant", Quantity::text)
      .column("developed", Quantity::count)
      .column("expanded", Quantity::count)
      .column("cost reduction", Quantity::money_thb)
      .column("developed - baseline", Quantity::count)
      .column("95% CI", Quantity::count, IntervalEnd::lo)
      .column("ci95_hi", Quantity::count, IntervalEnd::hi)
      .column("P(better)", Quantity::probability)
      .column("P(best)", Quantity::probability)
      .column("P(all)", Quantity::probability)
      .column("objective", detail::objective_quantity(def.objective))
      .column("rank", Quantity::integer);
  std::vector<std::size_t> rank_of(def.variants.size(), 0);
  std::vector<double> objective_of(def.variants.size(), kNaN);
  for (std::size_t i = 0; i < ranking.order.size(); ++i) {
    rank_of[ranking.order[i].variant] = i + 1;
    objective_of[ranking.order[i].variant] = ranking.order[i].value;
  }
  for (std::size_t v = 0; v < def.variants.size(); ++v) {
    const StoredVariant& s = stored[v];
    const KpiComparison& dev = comparison.at(v, FinalKpi::developed);
    table.cell(def.variants[v].name);
    for (const FinalKpi kpi : {FinalKpi::developed, FinalKpi::expanded, FinalKpi::cost_reduction_thb})
      table.cell(number(kpi_summary(s, kpi).at("p50")));
    if (v == def.baseline)
      table.cell("(baseline)").empty_cell().empty_cell().empty_cell();
    else
      table.cell(dev.difference.mean)
          .cell(dev.difference.ci95.first)
          .cell(dev.difference.ci95.second)
          .cell(dev.p_better);
    table.cell(dev.p_best)
        .cell(number(s.summary.at("targets").at("all").at("probability_met")))
        .cell(objective_of[v])
        .cell(rank_of[v]);
    table.end_row();
  }
  return table;
}

}  // namespace

CompareStudy::CompareStudy(CompareDef def) : def_(std::move(def)), variants_(compare_variants(def_)) {
  const CompareVariant& baseline = def_.variants[def_.baseline];
  for (std::size_t v = 0; v < variants_.size(); ++v) {
    if (v == def_.baseline) continue;
    std::vector<std::string> paths;
    for (const auto& [path, value] : def_.variants[v].assignments) paths.push_back(path);
    detail::require_variant_effect(variants_[def_.baseline], variants_[v], def_.variants[v].name,
                                   baseline.name, paths, def_.variants[v].where);
  }
}

StudyIdentity CompareStudy::identity() const {
  return {"compare", def_.name, compare_identity(def_, variants_), variants_.size()};
}

std::vector<ScenarioDef> CompareStudy::next_variants(std::span<const Record> records) {
  return records.empty() ? variants_ : std::vector<ScenarioDef>{};
}

// Each variant is reduced to its point file as soon as it finishes: memory stays at one
// batch of variants' replications, and a kill loses at most the batch under way.
void CompareStudy::check_stored(std::size_t index, const Record& record) const {
  detail::require_values(index, record, detail::parameter_values_json(def_.variants.at(index).assignments));
}

Record CompareStudy::reduce(std::size_t index, const ScenarioDef& variant,
                            std::span<const ReplicationResult> results) const {
  return point_json(index, def_.variants[index], variant, results);
}

StudyResults CompareStudy::finish(std::span<const Record> records, const StudyRun& run) {
  // Everything below comes from the records only.
  std::vector<StoredVariant> stored;
  stored.reserve(records.size());
  std::vector<KpiSamples> samples;
  samples.reserve(records.size());
  for (const Record& record : records) {
    stored.push_back(read_record(record));
    samples.push_back(stored.back().samples);
  }
  const Comparison comparison = compare_samples(samples, def_.baseline, def_.precision);
  const detail::CompareRanking ranking = detail::rank_variants(def_, variants_, samples);
  const bool distinguished = ranking.order.size() > 1 && ranking.lead_ci95.first > 0;
  std::vector<VariantAgencySamples> by_agency;
  for (const StoredVariant& v : stored) by_agency.push_back(v.by_agency);
  const std::vector<AgencyComparisonRow> agency_rows =
      compare_by_agency(by_agency, def_.baseline, def_.base.targets);
  StudyResults results = detail::study_results(identity(), def_.base);
  nlohmann::ordered_json variant_list = nlohmann::ordered_json::array();
  for (std::size_t v = 0; v < variants_.size(); ++v) {
    results.documents.push_back(
        {fmt::format("variants/{}/summary.json", def_.variants[v].name), stored[v].summary});
    variant_list.push_back({{"name", def_.variants[v].name},
                            {"values", detail::parameter_values_json(def_.variants[v].assignments)},
                            {"scenario_hash", detail::scenario_hash(resolved_scenario_json(variants_[v]))}});
  }
  const nlohmann::ordered_json fields{
      {"comparison", def_.name},
      {"compare_file", def_.file},
      {"scenario_source", def_.scenario_source},
      {"identity", detail::scenario_hash(compare_identity(def_, variants_))},
      {"baseline", def_.variants[def_.baseline].name},
      {"replications_per_variant", def_.base.replications},
      {"seed", def_.base.seed},
      {"threads", run.threads},
      {"variants", variant_list},
      {"variants_resumed", run.records_resumed},
      {"objective", detail::objective_words(def_.objective)},
      // The best variant only when its lead over the next is more than Monte Carlo noise.
      {"best", distinguished ? nlohmann::ordered_json(def_.variants[ranking.order.front().variant].name)
                             : nlohmann::ordered_json(nullptr)},
      {"ranking", detail::ranking_sentence(def_, ranking)},
      {"files", {"comparison.csv", "ranking.csv", "agency_comparison.csv", "variants/<name>/summary.json"}}};
  results.documents.push_back(
      {"manifest.json", detail::manifest_json(fields, detail::manifest_run(run), def_.base)});
  results.tables.push_back(comparison_table(def_, stored, comparison));
  results.tables.push_back(detail::ranking_table(def_, ranking));
  results.tables.push_back(agency_comparison_table(agency_rows, def_, variants_));
  // A folder without comparison.csv is unfinished.
  results.finished_file = "comparison.csv";
  auto& console = results.console;
  console.emplace_back(fmt::format(
      "smesim compare: {} - {} variants x {} replications (seed {}, common random numbers), baseline {}",
      def_.name, variants_.size(), def_.base.replications, def_.base.seed,
      def_.variants[def_.baseline].name));
  console.emplace_back(console_table(def_, stored, comparison, ranking));
  console.emplace_back(detail::wrapped(fmt::format(
      "(medians across replications; the difference is paired, replication by replication; P(better) and "
      "P(best) are of developed SMEs; P(all) = P(all targets met); objective = {}, by which `rank` orders "
      "the "
      "variants)",
      detail::objective_words(def_.objective))));
  console.emplace_back(detail::wrapped(detail::ranking_sentence(def_, ranking)));
  console.emplace_back(agency_console_table(def_, agency_rows));
  return results;
}

}  // namespace smesim
