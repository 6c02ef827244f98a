#include "smesim/study/sweep_study.hpp"

#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/manifest.hpp"
#include "io/outputs.hpp"
#include "io/report/number_text.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "study/agency_records.hpp"
#include "study/parameter_effect.hpp"
#include "study/record_values.hpp"
#include "study/study_tables.hpp"

namespace smesim {
namespace {

double number(const nlohmann::json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// One row per point: its parameter values, the statistics of every final KPI and P(each
// target met) with its Wilson interval.
ResultTable points_table(const SweepDef& sweep, const std::vector<std::vector<std::string>>& points,
                         std::span<const Record> records) {
  ResultTable table("points",
                    "One row per point of the design: its parameter values, each KPI's mean, standard "
                    "deviation and quantiles across replications, and P(each target met) with its Wilson "
                    "95% interval.");
  table.column("point", Quantity::integer);
  for (const auto& p : sweep.parameters)
    table.column(p.path, detail::report::is_thb_path(p.path) ? Quantity::money_thb : Quantity::number);
  for (const FinalKpi k : kFinalKpis)
    for (const char* stat : {"mean", "sd", "p5", "p50", "p95"})
      table.column(fmt::format("{}_{}", to_string(k), stat), quantity_of(to_string(k)));
  for (const Target t : kTargets) {
    table.column(fmt::format("p_met_{}", to_string(t)), Quantity::probability);
    table.column(fmt::format("p_met_{}_ci95_lo", to_string(t)), Quantity::probability, IntervalEnd::lo);
    table.column(fmt::format("p_met_{}_ci95_hi", to_string(t)), Quantity::probability, IntervalEnd::hi);
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json point = nlohmann::json::parse(records[i]);
    table.cell(static_cast<long long>(i));
    for (const std::string& value : points[i]) table.cell_as_written(value);
    const auto& summary = point.at("summary");
    for (const FinalKpi k : kFinalKpis) {
      const auto& s = summary.at("kpis").at(to_string(k));
      for (const char* stat : {"mean", "sd", "p5", "p50", "p95"}) table.cell(number(s.at(stat)));
    }
    for (const Target t : kTargets) {
      const auto& a = summary.at("targets").at(to_string(t));
      table.cell(number(a.at("probability_met"))).cell(number(a.at("ci95")[0])).cell(number(a.at("ci95")[1]));
    }
    table.end_row();
  }
  return table;
}

// The console's table: each point's values, the medians of the headline KPIs and P(all).
ResultTable console_table(const SweepDef& def, const std::vector<std::vector<std::string>>& points,
                          std::span<const Record> records) {
  ResultTable table("points", "Medians across replications; P(all) = P(all three targets met):");
  table.column("point", Quantity::integer);
  for (const auto& p : def.parameters)
    table.column(p.path, detail::report::is_thb_path(p.path) ? Quantity::money_thb : Quantity::number);
  table.column("developed", Quantity::count)
      .column("expanded", Quantity::count)
      .column("cost reduction", Quantity::money_thb)
      .column("P(all)", Quantity::probability);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto summary = nlohmann::json::parse(records[i]).at("summary");
    table.cell(static_cast<long long>(i));
    for (const std::string& value : points[i]) table.cell_as_written(value);
    for (const FinalKpi kpi : {FinalKpi::developed, FinalKpi::expanded, FinalKpi::cost_reduction_thb})
      table.cell(number(summary.at("kpis").at(to_string(kpi)).at("p50")));
    table.cell(number(summary.at("targets").at("all").at("probability_met")));
    table.end_row();
  }
  return table;
}

}  // namespace

SweepStudy::SweepStudy(SweepDef def) : def_(std::move(def)), points_(sweep_points(def_)) {
  for (const SweepParameter& p : def_.parameters) {
    if (p.values.size() == 1) continue;  // a grid axis of one value is a setting, not a variation
    const bool grid = !p.values.empty();
    detail::require_setting_effect(
        def_.base, p.path, grid ? p.values.front() : detail::range_end_text(p.range.first, p.relative),
        grid ? p.values.back() : detail::range_end_text(p.range.second, p.relative), p.where);
  }
  variants_.reserve(points_.size());
  for (const auto& values : points_) variants_.push_back(sweep_variant(def_, values));
}

StudyIdentity SweepStudy::identity() const {
  return {"sweep", def_.name, sweep_identity(def_), points_.size()};
}

std::vector<ScenarioDef> SweepStudy::next_variants(std::span<const Record> records) {
  return records.empty() ? variants_ : std::vector<ScenarioDef>{};
}

void SweepStudy::check_stored(std::size_t index, const Record& record) const {
  detail::require_agency_rows(index, record);
  detail::require_values(index, record, detail::parameter_values_json(def_.parameters, points_[index]));
}

Record SweepStudy::reduce(std::size_t index, const ScenarioDef& variant,
                          std::span<const ReplicationResult> results) const {
  const nlohmann::ordered_json point{
      {"point", index},
      {"values", detail::parameter_values_json(def_.parameters, points_[index])},
      {"summary", nlohmann::ordered_json::parse(detail::forecast_summary_json(
                      variant, summarise_forecast(variant.targets, variant.agencies.size(), results)))},
      {"agencies", detail::agency_rows_json(variant, results)}};
  return point.dump(2) + "\n";
}

StudyResults SweepStudy::finish(std::span<const Record> records, const StudyRun& run) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < records.size(); ++i) labels.push_back(std::to_string(i));
  StudyResults results = detail::study_results(identity(), def_.base);
  results.tables.push_back(points_table(def_, points_, records));
  results.tables.push_back(detail::agencies_long_table(records, labels, variants_));
  results.finished_file = "points.csv";
  const nlohmann::ordered_json fields{{"sweep", def_.name},
                                      {"sweep_file", def_.file},
                                      {"scenario_source", def_.scenario_source},
                                      {"identity", detail::scenario_hash(sweep_identity(def_))},
                                      {"points", points_.size()},
                                      {"points_resumed", run.records_resumed},
                                      {"replications_per_point", def_.base.replications},
                                      {"seed", def_.base.seed}};
  results.documents.push_back(
      {"manifest.json", detail::manifest_json(fields, detail::manifest_run(run), def_.base)});
  results.console.emplace_back(fmt::format("smesim sweep: {} - {} points x {} replications (seed {})",
                                           def_.name, points_.size(), def_.base.replications,
                                           def_.base.seed));
  results.console.emplace_back(console_table(def_, points_, records));
  return results;
}

}  // namespace smesim
