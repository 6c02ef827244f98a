#include "io/replication_files.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "io/csv_writer.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

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

void header_cells(CsvWriter& csv, std::initializer_list<const char*> names) {
  for (const char* name : names) csv.cell(name);
  csv.end_row();
}

void kpis_header(CsvWriter& csv) {
  csv.cell("replication");
  kpi_header(csv);
  csv.cell("allocation_thb").cell("overhead_thb").cell("unallocated_thb").cell("firms");
  csv.cell("active_end").cell("adopters_end").cell("expanded_firms_end");
  csv.end_row();
}

void kpis_rows(CsvWriter& csv, const ReplicationResult& r) {
  csv.cell(r.replication);
  kpi_cells(csv, r.kpis);
  csv.cell(r.allocation_thb).cell(r.overhead_thb).cell(r.unallocated_thb).cell(r.firms);
  const MonthRecord& last = r.months.back();
  csv.cell(last.active).cell(last.adopters).cell(last.expanded_firms);
  csv.end_row();
}

void timeseries_rows(CsvWriter& csv, const ReplicationResult& r) {
  for (std::size_t t = 0; t < r.months.size(); ++t) {
    const MonthRecord& m = r.months[t];
    csv.cell(r.replication).cell(static_cast<long long>(t)).cell(m.active).cell(m.mentored).cell(m.developed);
    csv.cell(m.expanded).cell(m.expanded_firms).cell(m.adopters).cell(m.jp_members).cell(m.mean_trust);
    csv.cell(m.cost_reduction_thb).cell(m.cost_reduction_cum_thb).cell(m.added_revenue_thb);
    csv.cell(m.spent.mentoring_thb).cell(m.spent.network_thb).cell(m.spent.technology_thb);
    csv.end_row();
  }
}

void agency_kpis_header(CsvWriter& csv) {
  csv.cell("replication").cell("agency");
  kpi_header(csv);
  csv.cell("allocation_thb")
      .cell("spent_mentoring_thb")
      .cell("spent_network_thb")
      .cell("spent_technology_thb")
      .cell("agency_name");
  csv.end_row();
}

void agency_kpis_rows(CsvWriter& csv, const ScenarioDef& def, const ReplicationResult& r) {
  for (std::size_t a = 0; a < r.agencies.size(); ++a) {
    const AgencyOutcome& o = r.agencies[a];
    csv.cell(r.replication).cell(def.agencies[a].id);
    kpi_cells(csv, o.kpis);
    csv.cell(o.allocation_thb)
        .cell(o.spent.mentoring_thb)
        .cell(o.spent.network_thb)
        .cell(o.spent.technology_thb)
        .cell(def.agencies[a].name);
    csv.end_row();
  }
}

void agency_timeseries_rows(CsvWriter& csv, const ScenarioDef& def, const ReplicationResult& r) {
  const std::size_t agencies = def.agencies.size();
  for (std::size_t t = 0; t < r.months.size(); ++t) {
    for (std::size_t a = 0; a < agencies; ++a) {
      const TrackSpend& s = r.agency_month_spend[t * agencies + a];
      csv.cell(r.replication).cell(static_cast<long long>(t)).cell(def.agencies[a].id);
      csv.cell(s.mentoring_thb).cell(s.network_thb).cell(s.technology_thb).cell(def.agencies[a].name);
      csv.end_row();
    }
  }
}

void cluster_kpis_rows(CsvWriter& csv, const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                       const ReplicationResult& r) {
  for (std::size_t c = 0; c < r.clusters.size(); ++c) {
    const ClusterOutcome& o = r.clusters[c];
    const ClusterSpec& spec = networks[c];
    const AgencyDef& agency = def.agencies[static_cast<std::size_t>(spec.agency)];
    csv.cell(r.replication).cell(spec.id).cell(agency.id);
    csv.cell(to_string(spec.sector)).cell(spec.province_group).cell(o.members);
    csv.cell(o.kpis.developed)
        .cell(o.kpis.expanded)
        .cell(o.kpis.cost_reduction_thb)
        .cell(o.kpis.added_revenue_thb);
    csv.cell(o.active_end).cell(o.adopters_end).cell(o.trust_end).cell(spec.name).cell(agency.name);
    csv.end_row();
  }
}

}  // namespace

const std::vector<std::string>& ReplicationFiles::names() {
  static const std::vector<std::string> kNames{"kpis.csv",         "timeseries.csv",
                                               "agency_kpis.csv",  "agency_timeseries.csv",
                                               "cluster_kpis.csv", "priors.csv"};
  return kNames;
}

ReplicationFiles::ReplicationFiles(const std::filesystem::path& folder, const ScenarioDef& def,
                                   const std::vector<ClusterSpec>& networks)
    : def_(def), networks_(networks) {
  for (std::size_t i = 0; i < kCount; ++i) {
    File& f = files_[i];
    f.path = folder / names()[i];
    errno = 0;
    f.out.open(f.path, std::ios::binary);
    if (!f.out) throw OutputError(fmt::format("cannot create {}: {}", f.path.string(), std::strerror(errno)));
  }
  CsvWriter kpis(files_[kKpis].out);
  kpis_header(kpis);
  CsvWriter timeseries(files_[kTimeseries].out);
  header_cells(timeseries,
               {"replication", "month", "active", "mentored", "developed", "expanded", "expanded_firms",
                "adopters", "jp_members", "mean_trust", "cost_reduction_thb", "cost_reduction_cum_thb",
                "added_revenue_thb", "spent_mentoring_thb", "spent_network_thb", "spent_technology_thb"});
  CsvWriter agency_kpis(files_[kAgencyKpis].out);
  agency_kpis_header(agency_kpis);
  CsvWriter agency_timeseries(files_[kAgencyTimeseries].out);
  header_cells(agency_timeseries, {"replication", "month", "agency", "spent_mentoring_thb",
                                   "spent_network_thb", "spent_technology_thb", "agency_name"});
  CsvWriter cluster_kpis(files_[kClusterKpis].out);
  header_cells(cluster_kpis, {"replication", "cluster", "agency", "sector", "province_group", "members",
                              "developed", "expanded", "cost_reduction_thb", "added_revenue_thb",
                              "active_end", "adopters_end", "trust_end", "cluster_name", "agency_name"});
  CsvWriter priors(files_[kPriors].out);
  header_cells(priors, {"replication", "path", "value"});
  for (File& f : files_) check(f);
}

void ReplicationFiles::write(std::span<const ReplicationResult> block, std::span<const PriorDraws> priors) {
  SMESIM_ASSERT(priors.size() == block.size());
  errno = 0;  // so that check() names this write's failure, not an older one
  CsvWriter kpis(files_[kKpis].out);
  CsvWriter timeseries(files_[kTimeseries].out);
  CsvWriter agency_kpis(files_[kAgencyKpis].out);
  CsvWriter agency_timeseries(files_[kAgencyTimeseries].out);
  CsvWriter cluster_kpis(files_[kClusterKpis].out);
  CsvWriter prior_rows(files_[kPriors].out);
  for (std::size_t i = 0; i < block.size(); ++i) {
    const ReplicationResult& r = block[i];
    kpis_rows(kpis, r);
    timeseries_rows(timeseries, r);
    agency_kpis_rows(agency_kpis, def_, r);
    agency_timeseries_rows(agency_timeseries, def_, r);
    cluster_kpis_rows(cluster_kpis, def_, networks_, r);
    for (const auto& [path, value] : priors[i]) {
      prior_rows.cell(r.replication).cell(path).cell(value);
      prior_rows.end_row();
    }
  }
  // A full disk is found here, a block later at most, not after hours of replications.
  for (File& f : files_) check(f);
}

void ReplicationFiles::close() {
  errno = 0;
  for (File& f : files_) {
    f.out.close();
    check(f);
  }
}

void ReplicationFiles::check(File& f) {
  if (f.out.good()) return;
  throw OutputError(fmt::format("cannot write {}: {}", f.path.string(),
                                errno != 0 ? std::strerror(errno) : "write failed (disk full?)"));
}

}  // namespace smesim::detail
