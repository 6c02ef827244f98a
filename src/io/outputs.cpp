#include "io/outputs.hpp"

#include "io/console_table.hpp"
#include "io/process_tag.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/drivers_outputs.hpp"
#include "io/json_numbers.hpp"
#include "io/manifest.hpp"
#include "io/results_context.hpp"
#include "io/results_writer.hpp"
#include "io/xlsx_table_writer.hpp"
#include "smesim/error.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/target_feasibility.hpp"

namespace smesim {
namespace detail {

namespace {

namespace fs = std::filesystem;

template <class Write>
void write_file(const fs::path& path, Write write) {
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  if (!out) throw OutputError(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  write(out);
  out.close();
  if (!out)
    throw OutputError(fmt::format("cannot write {}: {}", path.string(),
                                  errno != 0 ? std::strerror(errno) : "write failed (disk full?)"));
}

// ---- The forecast across replications (summarise_forecast) ----

nlohmann::ordered_json json_summary(const Summary& s) {
  return {{"n", s.n},
          {"mean", json_number(s.mean)},
          {"sd", json_number(s.sd)},
          {"ci95", json_interval(s.ci95)},
          {"p5", json_number(s.p5)},
          {"p25", json_number(s.p25)},
          {"p50", json_number(s.p50)},
          {"p75", json_number(s.p75)},
          {"p95", json_number(s.p95)}};
}

nlohmann::ordered_json summary_json(const ScenarioDef& def, const ForecastSummary& summary) {
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
  for (const FinalKpi k : kFinalKpis) kpis[to_string(k)] = json_summary(summary.kpis[k]);
  nlohmann::ordered_json targets = nlohmann::ordered_json::object();
  for (const Target t : kTargets) {
    const TargetAttainment& a = summary.target(t);
    nlohmann::ordered_json entry{{"kpi", nullptr},
                                 {"target", json_number(a.target)},
                                 {"replications_met", a.replications_met},
                                 {"probability_met", json_number(a.probability_met)},
                                 {"ci95", json_interval(a.ci95)}};
    if (t != Target::all) entry["kpi"] = to_string(target_kpi(t));
    targets[to_string(t)] = std::move(entry);
  }
  const BudgetSummary& b = summary.budget;
  return {
      {"scenario_name", def.name},
      {"seed", def.seed},
      {"replications", summary.replications},
      {"window_months", def.window_months()},
      {"horizon_months", def.time.horizon_months},
      {"quantile_definition", kQuantileDefinition},
      {"ci95_definition",
       "kpis: mean +/- 1.959964 sd / sqrt(n), sd with n - 1 (n = replications where the KPI is "
       "defined; NaN values are left out); targets: Wilson score interval of probability_met"},
      {"target_rule",
       "a replication meets a target when its KPI is not less than the target (KPI >= target); "
       "`all` when the same replication meets all three"},
      {"kpis", std::move(kpis)},
      {"targets", std::move(targets)},
      {"budget",
       {{"budget_thb", json_summary(b.budget_thb)},
        {"allocation_thb", json_summary(b.allocation_thb)},
        {"overhead_thb", json_summary(b.overhead_thb)},
        {"unallocated_thb", json_summary(b.unallocated_thb)},
        {"not_spent_thb", json_summary(b.not_spent_thb)}}},
  };
}

void quantile_cells(ResultTable& table, const Summary& s) {
  table.cell(s.p5).cell(s.p25).cell(s.p50).cell(s.p75).cell(s.p95);
}

void quantile_columns(ResultTable& table, Quantity quantity) {
  for (const char* name : {"p5", "p25", "p50", "p75", "p95"}) table.column(name, quantity);
}

ResultTable timeseries_summary_table(const ForecastSummary& summary) {
  ResultTable table("timeseries_summary",
                    "Each monthly KPI, month by month: its mean, standard deviation and quantiles across "
                    "replications (the unit is the KPI's).");
  table.column("month", Quantity::integer).column("kpi", Quantity::text);
  table.column("mean", Quantity::per_row).column("sd", Quantity::per_row);
  quantile_columns(table, Quantity::per_row);
  for (std::size_t t = 0; t < summary.months.size(); ++t) {
    for (const MonthlyKpi k : kMonthlyKpis) {
      const Summary& s = summary.months[t][k];
      table.cell(static_cast<long long>(t)).cell(to_string(k)).cell(s.mean).cell(s.sd);
      quantile_cells(table, s);
      table.end_row(quantity_of(to_string(k)));
    }
  }
  return table;
}

// Names (any script) come last, after the columns readers take by position (docs/outputs.md).
ResultTable agencies_table(const ScenarioDef& def, const ForecastSummary& summary) {
  ResultTable table("agencies",
                    "Each agency's KPIs across replications: mean, standard deviation, 95% interval of the "
                    "mean and quantiles (the unit is the KPI's).");
  table.column("agency", Quantity::text).column("kpi", Quantity::text);
  table.column("mean", Quantity::per_row).column("sd", Quantity::per_row);
  table.column("ci95_lo", Quantity::per_row, IntervalEnd::lo)
      .column("ci95_hi", Quantity::per_row, IntervalEnd::hi);
  quantile_columns(table, Quantity::per_row);
  table.column("agency_name", Quantity::text);
  for (std::size_t a = 0; a < summary.agencies.size(); ++a) {
    for (const AgencyKpi k : kAgencyKpis) {
      const Summary& s = summary.agencies[a][k];
      table.cell(def.agencies[a].id).cell(to_string(k)).cell(s.mean).cell(s.sd);
      table.cell(s.ci95.first).cell(s.ci95.second);
      quantile_cells(table, s);
      table.cell(def.agencies[a].name);
      table.end_row(quantity_of(to_string(k)));
    }
  }
  return table;
}

ResultTable clusters_table(const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                           const ForecastSummary& summary) {
  ResultTable table("clusters",
                    "Each network's members and KPIs across replications: mean, 5%, 50% and 95% quantiles.");
  table.column("cluster", Quantity::text).column("agency", Quantity::text);
  table.column("sector", Quantity::text).column("province_group", Quantity::text);
  table.column("members_mean", Quantity::count);
  for (const ClusterKpi k : kClusterKpis) {
    for (const char* statistic : {"_mean", "_p5", "_p50", "_p95"}) {
      std::string name = to_string(k);  // += rather than +: GCC 12 -O3 warns falsely (-Wrestrict) on +
      name += statistic;
      table.column(name, quantity_of(to_string(k)));
    }
  }
  table.column("cluster_name", Quantity::text).column("agency_name", Quantity::text);
  for (std::size_t c = 0; c < summary.clusters.size(); ++c) {
    const ClusterSummary& cs = summary.clusters[c];
    const ClusterSpec& spec = networks[c];
    const AgencyDef& agency = def.agencies[static_cast<std::size_t>(spec.agency)];
    table.cell(spec.id).cell(agency.id);
    table.cell(to_string(spec.sector)).cell(spec.province_group).cell(cs.members.mean);
    for (const ClusterKpi k : kClusterKpis) {
      const Summary& s = cs.kpis[k];
      table.cell(s.mean).cell(s.p5).cell(s.p50).cell(s.p95);
    }
    table.cell(spec.name).cell(agency.name);
    table.end_row();
  }
  return table;
}

}  // namespace

std::string forecast_summary_json(const ScenarioDef& def, const ForecastSummary& summary) {
  return summary_json(def, summary).dump(2) + "\n";
}

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  const fs::path temporary =
      path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), process_tag());
  try {
    write(temporary);
  } catch (const OutputError&) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temporary, ec);
    throw OutputError(fmt::format("cannot write {}: {}", path.string(), reason));
  }
}

void write_text_file(const fs::path& path, const std::string& content) {
  write_file(path, [&](std::ostream& o) { o << content; });
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  write_atomically(path, [&](const fs::path& temporary) {
    write_file(temporary, [&](std::ostream& o) { o << content; });
  });
}

void write_output_with(const fs::path& folder, const std::string& name,
                       const std::function<void(const fs::path& temporary)>& write) {
  const fs::path path = folder / name;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  write_atomically(path, write);
}

std::string scenario_hash(const std::string& resolved_json) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : resolved_json) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string utc_now_iso8601() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
}

StudyResults run_results(const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                         const ForecastSummary& summary, const ForecastDrivers& drivers,
                         ResultTable agencies_long, const RunInfo& info) {
  // summary.clusters is in expand_networks() order, like every replication's clusters.
  SMESIM_ASSERT(summary.replications == 0 || summary.clusters.size() == networks.size());
  nlohmann::ordered_json fields{
      {"scenario_source", info.scenario_source},
      {"seed", def.seed},
      {"replications", summary.replications},
      {"threads", info.threads},
      // The per-replication files are ReplicationFiles::names() (priors.csv among them), written
      // while the forecast ran.
      {"files",
       {"summary.json", "kpis.csv", "timeseries.csv", "timeseries_summary.csv", "agency_kpis.csv",
        "agency_timeseries.csv", "agencies.csv", "agencies_long.csv", "cluster_kpis.csv", "clusters.csv",
        "priors.csv", "drivers.csv"}}};
  if (info.outputs.workbook) fields["files"].push_back(kWorkbookName);
  fields["uncertain_parameters"] = uncertain_parameters(def);
  fields["unreachable_targets"] = unreachable_targets(def);
  if (const std::string note = uncertainty_note(def); !note.empty()) fields["uncertainty_note"] = note;
  StudyResults results;
  results.kind = info.kind;
  results.context = results_context(info.kind, def.name, def, summary.replications);
  // The drivers come last in summary.json, after everything a sweep point's summary also holds.
  nlohmann::ordered_json summary_document = summary_json(def, summary);
  summary_document["drivers"] = drivers_json(drivers);
  results.documents.push_back({"summary.json", std::move(summary_document)});
  results.documents.push_back(
      {"manifest.json",
       manifest_json(fields, {info.command_line, info.started_utc, info.finished_utc}, def)});
  results.tables.push_back(agencies_table(def, summary));
  results.tables.push_back(std::move(agencies_long));
  results.tables.push_back(clusters_table(def, networks, summary));
  results.tables.push_back(timeseries_summary_table(summary));
  results.tables.push_back(drivers_table(drivers));
  return results;
}

}  // namespace detail
}  // namespace smesim
