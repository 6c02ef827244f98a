#include "smesim/forecast_summary.hpp"

#include <cmath>
#include <limits>

#include "smesim/error.hpp"

namespace smesim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Summarises `value(result)` over the replications, in replication order. `column` is a
/// buffer reused between calls: one allocation for the whole summary, not one per statistic.
template <class Value>
Summary summarise_column(std::span<const ReplicationResult> results, std::vector<double>& column,
                         Value value) {
  column.clear();
  for (const ReplicationResult& r : results) column.push_back(value(r));
  return summarise(column);
}

TargetAttainment attainment(double target, std::size_t met, std::size_t replications) {
  TargetAttainment a;
  a.target = target;
  a.replications_met = met;
  a.probability_met = replications > 0 ? static_cast<double>(met) / static_cast<double>(replications) : kNaN;
  a.ci95 = wilson_interval(met, replications);
  return a;
}

double target_value(const TargetsDef& targets, Target t) {
  switch (t) {
    case Target::developed_smes:
      return targets.developed_smes;
    case Target::expanded_smes:
      return targets.expanded_smes;
    case Target::cost_reduction_thb:
      return targets.cost_reduction_thb;
    case Target::all:
      break;
  }
  return kNaN;
}

}  // namespace

const char* to_string(FinalKpi kpi) {
  switch (kpi) {
    case FinalKpi::developed:
      return "developed";
    case FinalKpi::expanded:
      return "expanded";
    case FinalKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case FinalKpi::added_revenue_thb:
      return "added_revenue_thb";
    case FinalKpi::spent_thb:
      return "spent_thb";
    case FinalKpi::unspent_thb:
      return "unspent_thb";
    case FinalKpi::thb_per_developed:
      return "thb_per_developed";
    case FinalKpi::cost_reduction_per_thb_spent:
      return "cost_reduction_per_thb_spent";
  }
  return "?";
}

const char* to_string(MonthlyKpi kpi) {
  switch (kpi) {
    case MonthlyKpi::active:
      return "active";
    case MonthlyKpi::mentored:
      return "mentored";
    case MonthlyKpi::developed:
      return "developed";
    case MonthlyKpi::expanded:
      return "expanded";
    case MonthlyKpi::expanded_firms:
      return "expanded_firms";
    case MonthlyKpi::adopters:
      return "adopters";
    case MonthlyKpi::jp_members:
      return "jp_members";
    case MonthlyKpi::mean_trust:
      return "mean_trust";
    case MonthlyKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case MonthlyKpi::cost_reduction_cum_thb:
      return "cost_reduction_cum_thb";
    case MonthlyKpi::added_revenue_thb:
      return "added_revenue_thb";
    case MonthlyKpi::spent_thb:
      return "spent_thb";
  }
  return "?";
}

const char* to_string(AgencyKpi kpi) {
  switch (kpi) {
    case AgencyKpi::developed:
      return "developed";
    case AgencyKpi::expanded:
      return "expanded";
    case AgencyKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case AgencyKpi::added_revenue_thb:
      return "added_revenue_thb";
    case AgencyKpi::spent_thb:
      return "spent_thb";
    case AgencyKpi::unspent_thb:
      return "unspent_thb";
    case AgencyKpi::thb_per_developed:
      return "thb_per_developed";
    case AgencyKpi::cost_reduction_per_thb_spent:
      return "cost_reduction_per_thb_spent";
    case AgencyKpi::allocation_thb:
      return "allocation_thb";
  }
  return "?";
}

const char* to_string(ClusterKpi kpi) {
  switch (kpi) {
    case ClusterKpi::developed:
      return "developed";
    case ClusterKpi::expanded:
      return "expanded";
    case ClusterKpi::cost_reduction_thb:
      return "cost_reduction_thb";
    case ClusterKpi::added_revenue_thb:
      return "added_revenue_thb";
    case ClusterKpi::active_end:
      return "active_end";
    case ClusterKpi::adopters_end:
      return "adopters_end";
    case ClusterKpi::trust_end:
      return "trust_end";
  }
  return "?";
}

const char* to_string(Target target) {
  switch (target) {
    case Target::developed_smes:
      return "developed_smes";
    case Target::expanded_smes:
      return "expanded_smes";
    case Target::cost_reduction_thb:
      return "cost_reduction_thb";
    case Target::all:
      return "all";
  }
  return "?";
}

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

FinalKpi target_kpi(Target target) {
  switch (target) {
    case Target::developed_smes:
      return FinalKpi::developed;
    case Target::expanded_smes:
      return FinalKpi::expanded;
    case Target::cost_reduction_thb:
      return FinalKpi::cost_reduction_thb;
    case Target::all:
      break;
  }
  SMESIM_ASSERT(target != Target::all);  // `all` is not set on one KPI
  return FinalKpi::developed;
}

ForecastSummary summarise_forecast(const ScenarioDef& def, std::span<const ReplicationResult> results) {
  ForecastSummary s;
  const std::size_t n = results.size();
  s.replications = n;
  const std::size_t months = n > 0 ? results.front().months.size() : 0;
  const std::size_t agencies = n > 0 ? results.front().agencies.size() : def.agencies.size();
  const std::size_t clusters = n > 0 ? results.front().clusters.size() : 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Replication order is what makes the means independent of thread scheduling.
    SMESIM_ASSERT(i == 0 || results[i].replication > results[i - 1].replication);
    SMESIM_ASSERT(results[i].months.size() == months);
    SMESIM_ASSERT(results[i].agencies.size() == agencies);
    SMESIM_ASSERT(results[i].clusters.size() == clusters);
  }
  SMESIM_ASSERT(agencies == def.agencies.size());

  std::vector<double> column;
  column.reserve(n);

  for (const FinalKpi k : kFinalKpis)
    s.kpis[k] =
        summarise_column(results, column, [k](const ReplicationResult& r) { return kpi_value(r.kpis, k); });

  // Targets are counted, not read off the Summary: "met" needs the same replication for `all`.
  std::size_t all_met = 0;
  std::array<std::size_t, kTargets.size()> met{};
  for (const ReplicationResult& r : results) {
    bool all = true;
    for (const Target t : {Target::developed_smes, Target::expanded_smes, Target::cost_reduction_thb}) {
      const bool ok = kpi_value(r.kpis, target_kpi(t)) >= target_value(def.targets, t);  // "not less than"
      met[static_cast<std::size_t>(t)] += ok ? 1 : 0;
      all = all && ok;
    }
    all_met += all ? 1 : 0;
  }
  met[static_cast<std::size_t>(Target::all)] = all_met;
  for (const Target t : kTargets)
    s.targets[static_cast<std::size_t>(t)] =
        attainment(target_value(def.targets, t), met[static_cast<std::size_t>(t)], n);

  s.months.resize(months);
  for (std::size_t t = 0; t < months; ++t)
    for (const MonthlyKpi k : kMonthlyKpis)
      s.months[t][k] = summarise_column(
          results, column, [t, k](const ReplicationResult& r) { return kpi_value(r.months[t], k); });

  s.agencies.resize(agencies);
  for (std::size_t a = 0; a < agencies; ++a)
    for (const AgencyKpi k : kAgencyKpis)
      s.agencies[a][k] = summarise_column(
          results, column, [a, k](const ReplicationResult& r) { return kpi_value(r.agencies[a], k); });

  s.clusters.resize(clusters);
  for (std::size_t c = 0; c < clusters; ++c) {
    ClusterSummary& cs = s.clusters[c];
    cs.members = summarise_column(results, column, [c](const ReplicationResult& r) {
      return static_cast<double>(r.clusters[c].members);
    });
    for (const ClusterKpi k : kClusterKpis)
      cs.kpis[k] = summarise_column(
          results, column, [c, k](const ReplicationResult& r) { return kpi_value(r.clusters[c], k); });
  }

  BudgetSummary& b = s.budget;
  b.budget_thb = summarise_column(results, column, [](const ReplicationResult& r) {
    return r.allocation_thb + r.overhead_thb + r.unallocated_thb;
  });
  b.allocation_thb =
      summarise_column(results, column, [](const ReplicationResult& r) { return r.allocation_thb; });
  b.overhead_thb =
      summarise_column(results, column, [](const ReplicationResult& r) { return r.overhead_thb; });
  b.unallocated_thb =
      summarise_column(results, column, [](const ReplicationResult& r) { return r.unallocated_thb; });
  b.not_spent_thb = summarise_column(
      results, column, [](const ReplicationResult& r) { return r.kpis.unspent_thb + r.unallocated_thb; });
  return s;
}

}  // namespace smesim
