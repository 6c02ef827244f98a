#include "io/outputs.hpp"

#include <ctime>
#include <fstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv_writer.hpp"
#include "smesim/error.hpp"
#include "smesim/philox.hpp"

namespace smesim {
namespace detail {
std::string_view git_revision();
std::string_view version_string();

namespace {

namespace fs = std::filesystem;

template <class Write>
void write_file(const fs::path& path, Write write) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw OutputError(fmt::format("cannot create {}", path.string()));
  write(out);
  out.close();
  if (!out) throw OutputError(fmt::format("cannot write {} (disk full?)", path.string()));
}

void kpi_header(CsvWriter& csv) {
  csv.cell("developed").cell("expanded").cell("cost_reduction_thb").cell("added_revenue_thb");
  csv.cell("spent_thb").cell("unspent_thb").cell("thb_per_developed").cell("cost_reduction_per_thb_spent");
}

void kpi_cells(CsvWriter& csv, const Kpis& k) {
  csv.cell(k.developed).cell(k.expanded).cell(k.cost_reduction_thb).cell(k.added_revenue_thb);
  csv.cell(k.spent_thb)
      .cell(k.unspent_thb)
      .cell(k.thb_per_developed())
      .cell(k.cost_reduction_per_thb_spent());
}

void write_kpis(std::ostream& out, const std::vector<ReplicationResult>& results) {
  CsvWriter csv(out);
  csv.cell("replication");
  kpi_header(csv);
  csv.cell("allocation_thb").cell("overhead_thb").cell("unallocated_thb").cell("firms");
  csv.cell("active_end").cell("adopters_end").cell("expanded_firms_end");
  csv.end_row();
  for (const auto& r : results) {
    csv.cell(r.replication);
    kpi_cells(csv, r.kpis);
    csv.cell(r.allocation_thb).cell(r.overhead_thb).cell(r.unallocated_thb).cell(r.firms);
    const MonthRecord& last = r.months.back();
    csv.cell(last.active).cell(last.adopters).cell(last.expanded_firms);
    csv.end_row();
  }
}

void write_timeseries(std::ostream& out, const std::vector<ReplicationResult>& results) {
  CsvWriter csv(out);
  for (const char* h :
       {"replication", "month", "active", "mentored", "developed", "expanded", "expanded_firms", "adopters",
        "jp_members", "mean_trust", "cost_reduction_thb", "cost_reduction_cum_thb", "added_revenue_thb",
        "spent_mentoring_thb", "spent_network_thb", "spent_technology_thb"})
    csv.cell(h);
  csv.end_row();
  for (const auto& r : results) {
    for (std::size_t t = 0; t < r.months.size(); ++t) {
      const MonthRecord& m = r.months[t];
      csv.cell(r.replication)
          .cell(static_cast<long long>(t))
          .cell(m.active)
          .cell(m.mentored)
          .cell(m.developed);
      csv.cell(m.expanded).cell(m.expanded_firms).cell(m.adopters).cell(m.jp_members).cell(m.mean_trust);
      csv.cell(m.cost_reduction_thb).cell(m.cost_reduction_cum_thb).cell(m.added_revenue_thb);
      csv.cell(m.spent.mentoring_thb).cell(m.spent.network_thb).cell(m.spent.technology_thb);
      csv.end_row();
    }
  }
}

void write_agency_kpis(std::ostream& out, const ScenarioDef& def,
                       const std::vector<ReplicationResult>& results) {
  CsvWriter csv(out);
  csv.cell("replication").cell("agency");
  kpi_header(csv);
  csv.cell("allocation_thb")
      .cell("spent_mentoring_thb")
      .cell("spent_network_thb")
      .cell("spent_technology_thb");
  csv.end_row();
  for (const auto& r : results) {
    for (std::size_t a = 0; a < r.agencies.size(); ++a) {
      const AgencyOutcome& o = r.agencies[a];
      csv.cell(r.replication).cell(def.agencies[a].id);
      kpi_cells(csv, o.kpis);
      csv.cell(o.allocation_thb)
          .cell(o.spent.mentoring_thb)
          .cell(o.spent.network_thb)
          .cell(o.spent.technology_thb);
      csv.end_row();
    }
  }
}

void write_agency_timeseries(std::ostream& out, const ScenarioDef& def,
                             const std::vector<ReplicationResult>& results) {
  CsvWriter csv(out);
  csv.cell("replication").cell("month").cell("agency").cell("spent_mentoring_thb").cell("spent_network_thb");
  csv.cell("spent_technology_thb").end_row();
  const std::size_t agencies = def.agencies.size();
  for (const auto& r : results) {
    for (std::size_t t = 0; t < r.months.size(); ++t) {
      for (std::size_t a = 0; a < agencies; ++a) {
        const TrackSpend& s = r.agency_month_spend[t * agencies + a];
        csv.cell(r.replication).cell(static_cast<long long>(t)).cell(def.agencies[a].id);
        csv.cell(s.mentoring_thb).cell(s.network_thb).cell(s.technology_thb).end_row();
      }
    }
  }
}

void write_cluster_kpis(std::ostream& out, const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                        const std::vector<ReplicationResult>& results) {
  CsvWriter csv(out);
  for (const char* h :
       {"replication", "cluster", "agency", "sector", "province_group", "members", "developed", "expanded",
        "cost_reduction_thb", "added_revenue_thb", "active_end", "adopters_end", "trust_end"})
    csv.cell(h);
  csv.end_row();
  for (const auto& r : results) {
    for (std::size_t c = 0; c < r.clusters.size(); ++c) {
      const ClusterOutcome& o = r.clusters[c];
      const ClusterSpec& spec = networks[c];
      csv.cell(r.replication).cell(spec.id).cell(def.agencies[static_cast<std::size_t>(spec.agency)].id);
      csv.cell(to_string(spec.sector)).cell(spec.province_group).cell(o.members);
      csv.cell(o.kpis.developed)
          .cell(o.kpis.expanded)
          .cell(o.kpis.cost_reduction_thb)
          .cell(o.kpis.added_revenue_thb);
      csv.cell(o.active_end).cell(o.adopters_end).cell(o.trust_end).end_row();
    }
  }
}

}  // namespace

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

void write_run_outputs(const fs::path& folder, const ScenarioDef& def,
                       const std::vector<ClusterSpec>& networks,
                       const std::vector<ReplicationResult>& results, const RunInfo& info) {
  const std::string resolved = resolved_scenario_json(def);
  nlohmann::ordered_json manifest{
      {"tool", "smesim"},
      {"version", std::string(version_string())},
      {"git_revision", std::string(git_revision())},
      {"scenario_name", def.name},
      {"scenario_source", info.scenario_source},
      {"scenario_hash", scenario_hash(resolved)},
      {"seed", def.seed},
      {"replications", results.size()},
      {"threads", info.threads},
      {"command_line", info.command_line},
      {"started_utc", info.started_utc},
      {"finished_utc", info.finished_utc},
      {"files",
       {"kpis.csv", "timeseries.csv", "agency_kpis.csv", "agency_timeseries.csv", "cluster_kpis.csv"}},
      {"scenario", nlohmann::ordered_json::parse(resolved)},
  };
  write_file(folder / "kpis.csv", [&](std::ostream& o) { write_kpis(o, results); });
  write_file(folder / "timeseries.csv", [&](std::ostream& o) { write_timeseries(o, results); });
  write_file(folder / "agency_kpis.csv", [&](std::ostream& o) { write_agency_kpis(o, def, results); });
  write_file(folder / "agency_timeseries.csv",
             [&](std::ostream& o) { write_agency_timeseries(o, def, results); });
  write_file(folder / "cluster_kpis.csv",
             [&](std::ostream& o) { write_cluster_kpis(o, def, networks, results); });
  write_file(folder / "manifest.json", [&](std::ostream& o) { o << manifest.dump(2) << '\n'; });
}

}  // namespace detail
}  // namespace smesim
