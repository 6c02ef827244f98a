#include "smesim/study/sensitivity_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/statistic_constants.hpp"
#include "io/manifest.hpp"
#include "io/outputs.hpp"
#include "io/report/number_text.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/sensitivity.hpp"
#include "study/agency_records.hpp"
#include "study/parameter_effect.hpp"
#include "study/record_values.hpp"
#include "study/study_tables.hpp"

namespace smesim {
namespace {

// The mean of one KPI over the replications, in replication order (so it never depends on
// scheduling); replications where the KPI is undefined (NaN) are left out, as in summaries.
double kpi_mean(std::span<const ReplicationResult> results, FinalKpi kpi) {
  double sum = 0;
  std::size_t n = 0;
  for (const ReplicationResult& r : results) {
    const double v = kpi_value(r.kpis, kpi);
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

// A row's record: its values and the mean of EVERY final KPI, so that changing the file's
// `kpis` does not invalidate finished rows.
std::string row_json(std::size_t index, const SensitivityDef& def, const std::vector<std::string>& values,
                     const ScenarioDef& variant, std::span<const ReplicationResult> results) {
  nlohmann::ordered_json means = nlohmann::ordered_json::object();
  for (const FinalKpi k : kFinalKpis) {
    const double m = kpi_mean(results, k);
    means[to_string(k)] = std::isnan(m) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(m);
  }
  const nlohmann::ordered_json row{{"row", index},
                                   {"values", detail::parameter_values_json(def.parameters, values)},
                                   {"replications", results.size()},
                                   {"kpi_means", means},
                                   {"agencies", detail::agency_rows_json(variant, results)}};
  return row.dump(2) + "\n";
}

// One output of a row from its record: the KPI's mean, or P(met) as the programme's row of the
// record's `agencies` (the share of the row's replications that meet the target).
double row_output(const nlohmann::json& record, const SensitivityOutput& output) {
  if (output.kind == SensitivityOutput::Kind::p_met)
    return detail::programme_probability_met(record, output.target);
  const auto& v = record.at("kpi_means").at(to_string(output.kpi));
  return v.is_number() ? v.get<double>() : kNaN;
}

// outputs[kpi][row] from the rows' JSON.
std::vector<std::vector<double>> read_outputs(const SensitivityDef& def, std::span<const Record> rows) {
  std::vector<std::vector<double>> outputs(def.kpis.size(), std::vector<double>(rows.size(), kNaN));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto json = nlohmann::json::parse(rows[r]);
    for (std::size_t k = 0; k < def.kpis.size(); ++k) outputs[k][r] = row_output(json, def.kpis[k]);
  }
  return outputs;
}

// Which part of the design a row belongs to: A, B or AB_<i> (Saltelli), t<trajectory> (Morris).
std::string row_block(const SensitivityDef& def, std::size_t row) {
  const std::size_t n = def.base_points;
  const std::size_t k = def.parameters.size();
  if (def.method == SensitivityMethod::morris) return fmt::format("t{}", row / (k + 1));
  if (row < n) return "A";
  if (row < 2 * n) return "B";
  return fmt::format("AB_{}", row / n - 2);
}

Quantity output_quantity(const SensitivityOutput& output) {
  return output.kind == SensitivityOutput::Kind::p_met ? Quantity::probability
                                                       : quantity_of(to_string(output.kpi));
}

ResultTable design_table(const SensitivityDef& def, const std::vector<std::vector<std::string>>& values,
                         const std::vector<std::vector<double>>& outputs) {
  ResultTable table("design",
                    "One row per row of the design: its block, its parameter values and each output across "
                    "its replications (a KPI's mean, or P(target met)).");
  table.column("row", Quantity::integer).column("block", Quantity::text);
  for (const auto& p : def.parameters)
    table.column(p.path, detail::report::is_thb_path(p.path) ? Quantity::money_thb : Quantity::number);
  for (const SensitivityOutput& k : def.kpis) table.column(k.design_column(), output_quantity(k));
  for (std::size_t r = 0; r < values.size(); ++r) {
    table.cell(static_cast<long long>(r)).cell(row_block(def, r));
    for (const auto& v : values[r]) table.cell_as_written(v);
    for (const auto& o : outputs) table.cell(o[r]);
    table.end_row();
  }
  return table;
}

struct KpiIndices {
  SobolIndices sobol;
  MorrisIndices morris;
};

std::vector<KpiIndices> compute_indices(const SensitivityDef& def,
                                        const std::vector<std::vector<double>>& outputs) {
  std::vector<KpiIndices> indices(def.kpis.size());
  const std::size_t k = def.parameters.size();
  if (def.method == SensitivityMethod::sobol) {
    const SaltelliDesign design = sobol_saltelli_design(def.base_points, k);
    SobolOptions options;
    options.bootstrap_samples = def.bootstrap;
    options.confidence = 0.95;
    options.seed = def.base.seed;
    for (std::size_t i = 0; i < outputs.size(); ++i)
      indices[i].sobol = centred_sobol_indices(design, outputs[i], options);
  } else {
    const MorrisDesign design = morris_design(def.base_points, k, def.levels, def.base.seed);
    for (std::size_t i = 0; i < outputs.size(); ++i) indices[i].morris = morris_indices(design, outputs[i]);
  }
  return indices;
}

ResultTable indices_table(const SensitivityDef& def, const std::vector<KpiIndices>& indices) {
  const bool sobol = def.method == SensitivityMethod::sobol;
  ResultTable table("indices", sobol
                                   ? "Sobol' first-order (S1) and total (ST) indices of each output and "
                                     "parameter, with their bootstrap 95% intervals."
                                   : "Morris elementary-effect statistics of each output and parameter: "
                                     "mean (mu), mean of absolute values (mu_star) and standard deviation.");
  table.column("kpi", Quantity::text).column("parameter", Quantity::text);
  if (sobol) {
    for (const char* index : {"S1", "ST"}) {
      table.column(index, Quantity::index);
      table.column(fmt::format("{}_ci95_lo", index), Quantity::index, IntervalEnd::lo);
      table.column(fmt::format("{}_ci95_hi", index), Quantity::index, IntervalEnd::hi);
    }
  } else {
    // Elementary effects are in the output's unit per unit of the parameter's range.
    for (const char* c : {"mu", "mu_star", "sigma"}) table.column(c, Quantity::number);
  }
  for (std::size_t k = 0; k < def.kpis.size(); ++k) {
    for (std::size_t i = 0; i < def.parameters.size(); ++i) {
      table.cell(def.kpis[k].name()).cell(def.parameters[i].path);
      if (sobol) {
        const SobolIndices& s = indices[k].sobol;
        table.cell(s.first_order[i]).cell(s.first_order_ci[i].first).cell(s.first_order_ci[i].second);
        table.cell(s.total_order[i]).cell(s.total_order_ci[i].first).cell(s.total_order_ci[i].second);
      } else {
        const MorrisIndices& m = indices[k].morris;
        table.cell(m.mu[i]).cell(m.mu_star[i]).cell(m.sigma[i]);
      }
      table.end_row();
    }
  }
  return table;
}

// A table per KPI, parameters sorted by ST (Sobol') or mu* (Morris), most influential first;
// NaN sorts last.
std::vector<ResultTable> console_tables(const SensitivityDef& def, const std::vector<KpiIndices>& indices) {
  const bool sobol = def.method == SensitivityMethod::sobol;
  std::vector<ResultTable> tables;
  for (std::size_t k = 0; k < def.kpis.size(); ++k) {
    const std::vector<double>& key = sobol ? indices[k].sobol.total_order : indices[k].morris.mu_star;
    std::vector<std::size_t> order(def.parameters.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&key](std::size_t a, std::size_t b) {
      const double x = std::isnan(key[a]) ? -std::numeric_limits<double>::infinity() : key[a];
      const double y = std::isnan(key[b]) ? -std::numeric_limits<double>::infinity() : key[b];
      return x > y;
    });
    ResultTable& table = tables.emplace_back("indices", def.kpis[k].name());
    table.column("parameter", Quantity::text);
    if (sobol) {
      table.column("S1", Quantity::index)
          .column("95% CI", Quantity::index, IntervalEnd::lo)
          .column("S1_hi", Quantity::index, IntervalEnd::hi)
          .column("ST", Quantity::index)
          .column("95% CI", Quantity::index, IntervalEnd::lo)
          .column("ST_hi", Quantity::index, IntervalEnd::hi);
      const SobolIndices& s = indices[k].sobol;
      for (const std::size_t i : order) {
        table.cell(def.parameters[i].path).cell(s.first_order[i]).cell(s.first_order_ci[i].first);
        table.cell(s.first_order_ci[i].second).cell(s.total_order[i]).cell(s.total_order_ci[i].first);
        table.cell(s.total_order_ci[i].second).end_row();
      }
    } else {
      table.column("mu*", Quantity::number).column("mu", Quantity::number).column("sigma", Quantity::number);
      const MorrisIndices& m = indices[k].morris;
      for (const std::size_t i : order)
        table.cell(def.parameters[i].path).cell(m.mu_star[i]).cell(m.mu[i]).cell(m.sigma[i]).end_row();
    }
  }
  return tables;
}

// Every KPI's diagnostics, each line once.
std::vector<std::string> diagnostics_of(const SensitivityDef& def, const std::vector<KpiIndices>& indices) {
  std::vector<std::string> names;
  for (const auto& p : def.parameters) names.push_back(p.path);
  std::vector<std::string> diagnostics;
  for (std::size_t i = 0; i < def.kpis.size(); ++i) {
    const std::string kpi = def.kpis[i].name();
    const auto found = def.method == SensitivityMethod::sobol
                           ? sobol_diagnostics(kpi, names, indices[i].sobol, def.base_points)
                           : morris_diagnostics(kpi, indices[i].morris);
    for (const auto& line : found)
      if (std::find(diagnostics.begin(), diagnostics.end(), line) == diagnostics.end())
        diagnostics.push_back(line);
  }
  return diagnostics;
}

// How a range was taken from a prior (docs/experiments.md "Sensitivity" (ranges from priors)).
const char* range_rule(RangeSource source) {
  return source == RangeSource::prior_quantiles ? "2.5% and 97.5% quantiles" : "support";
}

// The parameters whose range came from the scenario's prior, one line each; "" when none did.
std::string prior_ranges_text(const SensitivityDef& def) {
  std::string text;
  for (const auto& p : def.parameters) {
    if (p.range_source == RangeSource::given) continue;
    text += fmt::format("  {}: [{}, {}], the {} of its prior {}\n", p.path, p.range.first, p.range.second,
                        range_rule(p.range_source), p.prior);
  }
  return text.empty() ? text : "Ranges taken from the scenario's priors:\n" + text;
}

std::vector<ConsoleBlock> console_blocks(const SensitivityDef& def, std::size_t rows,
                                         const std::vector<KpiIndices>& indices,
                                         const std::vector<std::string>& diagnostics) {
  std::vector<ConsoleBlock> blocks;
  blocks.emplace_back(
      fmt::format("smesim sensitivity: {} - {}, {} = {}, k = {}: {} rows x {} replications (seed {})",
                  def.name, to_string(def.method), def.method == SensitivityMethod::sobol ? "N" : "r",
                  def.base_points, def.parameters.size(), rows, def.base.replications, def.base.seed));
  if (std::string ranges = prior_ranges_text(def); !ranges.empty()) blocks.emplace_back(std::move(ranges));
  for (ResultTable& table : console_tables(def, indices)) blocks.emplace_back(std::move(table));
  // P(met) is a mean too: of the indicator that a replication meets the target.
  const bool p_met = std::any_of(def.kpis.begin(), def.kpis.end(), [](const SensitivityOutput& o) {
    return o.kind == SensitivityOutput::Kind::p_met;
  });
  const char* of = p_met ? "the mean over replications; P(met) is the share of them meeting the target"
                         : "the mean over replications";
  if (def.method == SensitivityMethod::sobol)
    blocks.emplace_back(fmt::format("(indices of {}; 95% CIs from {} bootstrap samples)", of, def.bootstrap));
  else
    blocks.emplace_back(fmt::format("(elementary effects of {}, per unit range; {} levels)", of, def.levels));
  if (!diagnostics.empty()) {
    std::string text = "Read these indices with care:\n";
    for (const auto& line : diagnostics) text += fmt::format("  - {}\n", line);
    blocks.emplace_back(std::move(text));
  }
  return blocks;
}

}  // namespace

SensitivityStudy::SensitivityStudy(SensitivityDef def) : def_(std::move(def)) {
  for (const SensitivityParameter& p : def_.parameters)
    detail::require_setting_effect(def_.base, p.path, detail::range_end_text(p.range.first, p.relative),
                                   detail::range_end_text(p.range.second, p.relative), p.where);
  const auto unit_rows = sensitivity_unit_rows(def_);
  values_.reserve(unit_rows.size());
  variants_.reserve(unit_rows.size());
  for (const auto& u : unit_rows) {
    values_.push_back(sensitivity_values(def_, u));
    variants_.push_back(sensitivity_variant(def_, values_.back()));  // validates every row first
  }
}

StudyIdentity SensitivityStudy::identity() const {
  return {"sensitivity", def_.name, sensitivity_identity(def_), variants_.size()};
}

std::vector<ScenarioDef> SensitivityStudy::next_variants(std::span<const Record> records) {
  return records.empty() ? variants_ : std::vector<ScenarioDef>{};
}

void SensitivityStudy::check_stored(std::size_t index, const Record& record) const {
  detail::require_agency_rows(index, record);
  detail::require_values(index, record, detail::parameter_values_json(def_.parameters, values_[index]));
}

Record SensitivityStudy::reduce(std::size_t index, const ScenarioDef& variant,
                                std::span<const ReplicationResult> results) const {
  return row_json(index, def_, values_[index], variant, results);
}

StudyResults SensitivityStudy::finish(std::span<const Record> records, const StudyRun& run) {
  const auto outputs = read_outputs(def_, records);
  const auto indices = compute_indices(def_, outputs);
  const std::vector<std::string> diagnostics = diagnostics_of(def_, indices);
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  for (const auto& p : def_.parameters) params[p.path] = {p.range.first, p.range.second};
  nlohmann::ordered_json kpis = nlohmann::ordered_json::array();
  for (const SensitivityOutput& k : def_.kpis) kpis.push_back(k.name());
  // Only when a range came from a prior, so that other analyses keep their manifest's fields.
  nlohmann::ordered_json from_priors = nlohmann::ordered_json::object();
  for (const auto& p : def_.parameters)
    if (p.range_source != RangeSource::given)
      from_priors[p.path] = {{"prior", p.prior},
                             {"range", {p.range.first, p.range.second}},
                             {"rule", range_rule(p.range_source)}};
  nlohmann::ordered_json fields{{"sensitivity", def_.name},
                                {"sensitivity_file", def_.file},
                                {"scenario_source", def_.scenario_source},
                                {"identity", detail::scenario_hash(sensitivity_identity(def_))},
                                {"method", to_string(def_.method)},
                                {"base_points", def_.base_points}};
  if (def_.method == SensitivityMethod::sobol)
    fields["bootstrap"] = def_.bootstrap;
  else
    fields["levels"] = def_.levels;
  fields["parameters"] = params;
  if (!from_priors.empty()) fields["ranges_from_priors"] = from_priors;
  fields["kpis"] = kpis;
  fields["diagnostics"] = diagnostics;
  fields["rows"] = records.size();
  fields["rows_resumed"] = run.records_resumed;
  fields["replications_per_row"] = def_.base.replications;
  fields["seed"] = def_.base.seed;
  StudyResults results = detail::study_results(identity(), def_.base);
  results.documents.push_back(
      {"manifest.json", detail::manifest_json(fields, detail::manifest_run(run), def_.base)});
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < records.size(); ++i) labels.push_back(std::to_string(i));
  results.tables.push_back(indices_table(def_, indices));
  results.tables.push_back(design_table(def_, values_, outputs));
  results.tables.push_back(detail::agencies_long_table(records, labels, variants_));
  // A folder without indices.csv is unfinished.
  results.finished_file = "indices.csv";
  results.console = console_blocks(def_, records.size(), indices, diagnostics);
  return results;
}

}  // namespace smesim
