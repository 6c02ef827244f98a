#include "engine/finite_check.hpp"

#include <cmath>

#include <fmt/format.h>

namespace smesim::detail {
namespace {

// Calls visit(name, value) for every stored number of `k`.
template <typename Visit>
void each_value(const Kpis& k, Visit&& visit) {
  visit("developed", k.developed);
  visit("expanded", k.expanded);
  visit("cost_reduction_thb", k.cost_reduction_thb);
  visit("added_revenue_thb", k.added_revenue_thb);
  visit("spent_thb", k.spent_thb);
  visit("unspent_thb", k.unspent_thb);
}

template <typename Visit>
void each_value(const TrackSpend& s, Visit&& visit) {
  visit("spent.mentoring_thb", s.mentoring_thb);
  visit("spent.network_thb", s.network_thb);
  visit("spent.technology_thb", s.technology_thb);
}

template <typename Visit>
void each_value(const MonthRecord& m, Visit&& visit) {
  visit("mean_trust", m.mean_trust);
  visit("cost_reduction_thb", m.cost_reduction_thb);
  visit("cost_reduction_cum_thb", m.cost_reduction_cum_thb);
  visit("added_revenue_thb", m.added_revenue_thb);
  each_value(m.spent, visit);
}

}  // namespace

std::string first_non_finite(const ReplicationResult& r) {
  std::string found;
  const auto check = [&found](const std::string& where) {
    return [&found, where](const char* name, double value) {
      if (found.empty() && !std::isfinite(value)) found = fmt::format("{}{} = {}", where, name, value);
    };
  };
  each_value(r.kpis, check("kpis."));
  check("")("allocation_thb", r.allocation_thb);
  check("")("overhead_thb", r.overhead_thb);
  check("")("unallocated_thb", r.unallocated_thb);
  for (std::size_t t = 0; t < r.months.size() && found.empty(); ++t)
    each_value(r.months[t], check(fmt::format("months[{}].", t)));
  for (std::size_t a = 0; a < r.agencies.size() && found.empty(); ++a) {
    each_value(r.agencies[a].kpis, check(fmt::format("agencies[{}].kpis.", a)));
    each_value(r.agencies[a].spent, check(fmt::format("agencies[{}].", a)));
    check(fmt::format("agencies[{}].", a))("allocation_thb", r.agencies[a].allocation_thb);
  }
  for (std::size_t c = 0; c < r.clusters.size() && found.empty(); ++c) {
    each_value(r.clusters[c].kpis, check(fmt::format("clusters[{}].kpis.", c)));
    check(fmt::format("clusters[{}].", c))("trust_end", r.clusters[c].trust_end);
  }
  for (std::size_t i = 0; i < r.agency_month_spend.size() && found.empty(); ++i)
    each_value(r.agency_month_spend[i], check(fmt::format("agency_month_spend[{}].", i)));
  return found;
}

}  // namespace smesim::detail
