#include "smesim/analysis/forecast_summary.hpp"

#include <cmath>
#include <limits>

#include "analysis/statistic_constants.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {

TargetAttainment attainment(double target, std::size_t met, std::size_t replications) {
  TargetAttainment a;
  a.target = target;
  a.replications_met = met;
  a.probability_met = replications > 0 ? static_cast<double>(met) / static_cast<double>(replications) : kNaN;
  a.ci95 = wilson_interval(met, replications);
  return a;
}

}  // namespace

double kpi_value(const Kpis& kpis, FinalKpi kpi) {
  switch (kpi) {
    case FinalKpi::developed:
      return kpis.developed;
    case FinalKpi::expanded:
      return kpis.expanded;
    case FinalKpi::cost_reduction_thb:
      return kpis.cost_reduction_thb;
    case FinalKpi::added_revenue_thb:
      return kpis.added_revenue_thb;
    case FinalKpi::spent_thb:
      return kpis.spent_thb;
    case FinalKpi::unspent_thb:
      return kpis.unspent_thb;
    case FinalKpi::thb_per_developed:
      return kpis.thb_per_developed();
    case FinalKpi::cost_reduction_per_thb_spent:
      return kpis.cost_reduction_per_thb_spent();
  }
  return kNaN;
}

double kpi_value(const MonthRecord& month, MonthlyKpi kpi) {
  switch (kpi) {
    case MonthlyKpi::active:
      return month.active;
    case MonthlyKpi::mentored:
      return month.mentored;
    case MonthlyKpi::developed:
      return month.developed;
    case MonthlyKpi::expanded:
      return month.expanded;
    case MonthlyKpi::expanded_firms:
      return month.expanded_firms;
    case MonthlyKpi::adopters:
      return month.adopters;
    case MonthlyKpi::jp_members:
      return month.jp_members;
    case MonthlyKpi::mean_trust:
      return month.mean_trust;
    case MonthlyKpi::cost_reduction_thb:
      return month.cost_reduction_thb;
    case MonthlyKpi::cost_reduction_cum_thb:
      return month.cost_reduction_cum_thb;
    case MonthlyKpi::added_revenue_thb:
      return month.added_revenue_thb;
    case MonthlyKpi::spent_thb:
      return month.spent.total_thb();
  }
  return kNaN;
}

double kpi_value(const AgencyOutcome& agency, AgencyKpi kpi) {
  switch (kpi) {
    case AgencyKpi::developed:
      return agency.kpis.developed;
    case AgencyKpi::expanded:
      return agency.kpis.expanded;
    case AgencyKpi::cost_reduction_thb:
      return agency.kpis.cost_reduction_thb;
    case AgencyKpi::added_revenue_thb:
      return agency.kpis.added_revenue_thb;
    case AgencyKpi::spent_thb:
      return agency.kpis.spent_thb;
    case AgencyKpi::unspent_thb:
      return agency.kpis.unspent_thb;
    case AgencyKpi::thb_per_developed:
      return agency.kpis.thb_per_developed();
    case AgencyKpi::cost_reduction_per_thb_spent:
      return agency.kpis.cost_reduction_per_thb_spent();
    case AgencyKpi::allocation_thb:
      return agency.allocation_thb;
  }
  return kNaN;
}

double kpi_value(const ClusterOutcome& cluster, ClusterKpi kpi) {
  switch (kpi) {
    case ClusterKpi::developed:
      return cluster.kpis.developed;
    case ClusterKpi::expanded:
      return cluster.kpis.expanded;
    case ClusterKpi::cost_reduction_thb:
      return cluster.kpis.cost_reduction_thb;
    case ClusterKpi::added_revenue_thb:
      return cluster.kpis.added_revenue_thb;
    case ClusterKpi::active_end:
      return cluster.active_end;
    case ClusterKpi::adopters_end:
      return cluster.adopters_end;
    case ClusterKpi::trust_end:
      return cluster.trust_end;
  }
  return kNaN;
}

namespace {

// Column layout of summary_row (forecast_summary.hpp): each section starts where the one
// before it ends.
constexpr std::size_t kMonthlyCount = kMonthlyKpis.size();
constexpr std::size_t kAgencyCount = kAgencyKpis.size();
constexpr std::size_t kClusterColumns = 1 + kClusterKpis.size();  // members, then the KPIs
constexpr std::size_t kBudgetColumns = 5;                         // BudgetSummary's members

struct ColumnLayout {
  explicit ColumnLayout(const ForecastShape& shape)
      : months(kFinalKpis.size()),
        agencies(months + shape.months * kMonthlyCount),
        clusters(agencies + shape.agencies * kAgencyCount),
        budget(clusters + shape.clusters * kClusterColumns),
        end(budget + kBudgetColumns) {}
  std::size_t months, agencies, clusters, budget, end;

  [[nodiscard]] static std::size_t final_kpi(FinalKpi k) { return static_cast<std::size_t>(k); }
  [[nodiscard]] std::size_t month(std::size_t t, MonthlyKpi k) const {
    return months + t * kMonthlyCount + static_cast<std::size_t>(k);
  }
  [[nodiscard]] std::size_t agency(std::size_t a, AgencyKpi k) const {
    return agencies + a * kAgencyCount + static_cast<std::size_t>(k);
  }
  [[nodiscard]] std::size_t cluster_members(std::size_t c) const { return clusters + c * kClusterColumns; }
  [[nodiscard]] std::size_t cluster(std::size_t c, ClusterKpi k) const {
    return cluster_members(c) + 1 + static_cast<std::size_t>(k);
  }
};

void budget_values(const ReplicationResult& r, std::span<double> out) {
  out[0] = r.allocation_thb + r.overhead_thb + r.unallocated_thb;  // budget_thb
  out[1] = r.allocation_thb;
  out[2] = r.overhead_thb;
  out[3] = r.unallocated_thb;
  out[4] = r.kpis.unspent_thb + r.unallocated_thb;  // not_spent_thb
}

/// Column `j` of summary_row(r).
double column_value(const ReplicationResult& r, const ColumnLayout& layout, std::size_t j) {
  if (j < layout.months) return kpi_value(r.kpis, kFinalKpis[j]);
  if (j < layout.agencies) {
    const std::size_t i = j - layout.months;
    return kpi_value(r.months[i / kMonthlyCount], kMonthlyKpis[i % kMonthlyCount]);
  }
  if (j < layout.clusters) {
    const std::size_t i = j - layout.agencies;
    return kpi_value(r.agencies[i / kAgencyCount], kAgencyKpis[i % kAgencyCount]);
  }
  if (j < layout.budget) {
    const std::size_t i = j - layout.clusters;
    const ClusterOutcome& c = r.clusters[i / kClusterColumns];
    const std::size_t k = i % kClusterColumns;
    return k == 0 ? static_cast<double>(c.members) : kpi_value(c, kClusterKpis[k - 1]);
  }
  std::array<double, kBudgetColumns> budget{};
  budget_values(r, budget);
  return budget[j - layout.budget];
}

}  // namespace

ForecastShape ForecastShape::of(const ReplicationResult& result) {
  return {result.months.size(), result.agencies.size(), result.clusters.size()};
}

std::size_t ForecastShape::columns() const { return ColumnLayout(*this).end; }

void summary_row(const ReplicationResult& result, const ForecastShape& shape, std::span<double> row) {
  const ColumnLayout layout(shape);
  SMESIM_ASSERT(row.size() == layout.end);
  SMESIM_ASSERT(result.months.size() == shape.months && result.agencies.size() == shape.agencies &&
                result.clusters.size() == shape.clusters);
  for (std::size_t j = 0; j < layout.end; ++j) row[j] = column_value(result, layout, j);
}

ForecastSummary summarise_forecast(const TargetsDef& targets, std::size_t replications,
                                   const ForecastShape& shape, const ColumnSource& read_column) {
  const ColumnLayout layout(shape);
  ForecastSummary s;
  const std::size_t n = replications;
  s.replications = n;
  std::vector<double> column;
  column.reserve(n);
  auto summarise_at = [&](std::size_t j) {
    read_column(j, column);
    SMESIM_ASSERT(column.size() == n);
    return summarise(column);
  };

  for (const FinalKpi k : kFinalKpis) s.kpis[k] = summarise_at(ColumnLayout::final_kpi(k));

  // Targets are counted, not read off the Summary: "met" needs the same replication for `all`.
  constexpr std::array kSingleTargets{Target::developed_smes, Target::expanded_smes,
                                      Target::cost_reduction_thb};
  std::array<std::vector<double>, kSingleTargets.size()> target_columns;
  for (std::size_t i = 0; i < kSingleTargets.size(); ++i)
    read_column(ColumnLayout::final_kpi(target_kpi(kSingleTargets[i])), target_columns[i]);
  std::size_t all_met = 0;
  std::array<std::size_t, kTargets.size()> met{};
  for (std::size_t r = 0; r < n; ++r) {
    bool all = true;
    for (std::size_t i = 0; i < kSingleTargets.size(); ++i) {
      const Target t = kSingleTargets[i];
      const bool ok = target_columns[i][r] >= target_value(targets, t);  // "not less than"
      met[static_cast<std::size_t>(t)] += ok ? 1 : 0;
      all = all && ok;
    }
    all_met += all ? 1 : 0;
  }
  target_columns = {};
  met[static_cast<std::size_t>(Target::all)] = all_met;
  for (const Target t : kTargets)
    s.targets[static_cast<std::size_t>(t)] =
        attainment(target_value(targets, t), met[static_cast<std::size_t>(t)], n);

  s.months.resize(shape.months);
  for (std::size_t t = 0; t < shape.months; ++t)
    for (const MonthlyKpi k : kMonthlyKpis) s.months[t][k] = summarise_at(layout.month(t, k));

  s.agencies.resize(shape.agencies);
  for (std::size_t a = 0; a < shape.agencies; ++a)
    for (const AgencyKpi k : kAgencyKpis) s.agencies[a][k] = summarise_at(layout.agency(a, k));

  s.clusters.resize(shape.clusters);
  for (std::size_t c = 0; c < shape.clusters; ++c) {
    ClusterSummary& cs = s.clusters[c];
    cs.members = summarise_at(layout.cluster_members(c));
    for (const ClusterKpi k : kClusterKpis) cs.kpis[k] = summarise_at(layout.cluster(c, k));
  }

  BudgetSummary& b = s.budget;
  b.budget_thb = summarise_at(layout.budget + 0);
  b.allocation_thb = summarise_at(layout.budget + 1);
  b.overhead_thb = summarise_at(layout.budget + 2);
  b.unallocated_thb = summarise_at(layout.budget + 3);
  b.not_spent_thb = summarise_at(layout.budget + 4);
  return s;
}

ForecastSummary summarise_forecast(const TargetsDef& targets, std::size_t agencies,
                                   std::span<const ReplicationResult> results) {
  const std::size_t n = results.size();
  ForecastShape shape{0, agencies, 0};
  if (n > 0) shape = ForecastShape::of(results.front());
  for (std::size_t i = 0; i < n; ++i) {
    // Replication order is what makes the means independent of thread scheduling.
    SMESIM_ASSERT(i == 0 || results[i].replication > results[i - 1].replication);
    SMESIM_ASSERT(results[i].months.size() == shape.months);
    SMESIM_ASSERT(results[i].agencies.size() == shape.agencies);
    SMESIM_ASSERT(results[i].clusters.size() == shape.clusters);
  }
  const ColumnLayout layout(shape);
  return summarise_forecast(targets, n, shape, [&](std::size_t j, std::vector<double>& values) {
    values.clear();
    for (const ReplicationResult& r : results) values.push_back(column_value(r, layout, j));
  });
}

}  // namespace smesim
