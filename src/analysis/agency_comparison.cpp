// Strategy comparisons by agency (include/smesim/analysis/agency_comparison.hpp).
#include "smesim/analysis/agency_comparison.hpp"

#include <cmath>
#include <limits>

#include "analysis/statistic_constants.hpp"
#include "smesim/analysis/comparison.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {

// The agency (or `all`) at `index` of a variant: index 0 is the programme.
const AgencySamples& agency_at(const VariantAgencySamples& v, std::size_t index) {
  return index == 0 ? v.programme : v.agencies[index - 1];
}

// In the order of AgencyTargetTally::add's KPIs.
struct TargetRule {
  const char* name;
  double TargetsDef::*amount;
};

constexpr std::array kTargetRules{TargetRule{"developed_smes", &TargetsDef::developed_smes},
                                  TargetRule{"expanded_smes", &TargetsDef::expanded_smes},
                                  TargetRule{"cost_reduction_thb", &TargetsDef::cost_reduction_thb}};

std::size_t compared_index(FinalKpi kpi) {
  for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
    if (kAgencyComparedKpis[k] == kpi) return k;
  SMESIM_ASSERT(false);
  return 0;
}

void add_kpi_rows(const std::vector<VariantAgencySamples>& variants, std::size_t baseline, std::size_t agency,
                  std::vector<std::vector<AgencyComparisonRow>>& per_variant) {
  for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k) {
    const FinalKpi kpi = kAgencyComparedKpis[k];
    std::vector<std::vector<double>> values;
    for (const auto& v : variants) values.push_back(agency_at(v, agency).kpis[k]);
    const auto compared = compare_kpi(values, baseline, kpi_direction(kpi), kNaN);
    for (std::size_t v = 0; v < variants.size(); ++v) {
      const KpiComparison& c = compared[v];
      const std::string& id = agency_at(variants[v], agency).id;
      auto add = [&](const char* statistic, double value) {
        per_variant[v].push_back({variants[v].name, id, to_string(kpi), statistic, value});
      };
      add("mean", c.distribution.mean);
      add("p5", c.distribution.p5);
      add("p50", c.distribution.p50);
      add("p95", c.distribution.p95);
      add("diff_mean", c.difference.mean);
      add("diff_ci95_lo", c.difference.ci95.first);
      add("diff_ci95_hi", c.difference.ci95.second);
      add("p_better", c.p_better);
    }
  }
}

void add_target_rows(const VariantAgencySamples& variant, const AgencySamples& agency,
                     const AgencySamples& programme, const TargetsDef& targets,
                     std::vector<AgencyComparisonRow>& out) {
  AgencyTargetTally tally(targets);
  const auto& developed = agency.kpis[compared_index(FinalKpi::developed)];
  const auto& expanded = agency.kpis[compared_index(FinalKpi::expanded)];
  const auto& cost = agency.kpis[compared_index(FinalKpi::cost_reduction_thb)];
  for (std::size_t r = 0; r < programme.enrolled_smes.size(); ++r)
    tally.add(agency.enrolled_smes[r], programme.enrolled_smes[r], developed[r], expanded[r], cost[r]);
  tally.append_rows(variant.name, agency.id, out);
}

}  // namespace

void AgencyTargetTally::add(double enrolled_smes, double programme_enrolled_smes, double developed,
                            double expanded, double cost_reduction_thb) {
  const double share = programme_enrolled_smes > 0 ? enrolled_smes / programme_enrolled_smes : 0;
  const std::array<double, 3> kpis{developed, expanded, cost_reduction_thb};
  bool all_met = true;
  for (std::size_t i = 0; i < kTargetRules.size(); ++i) {
    const double target = targets_.*kTargetRules[i].amount * share;
    target_sum_[i] += target;
    const bool hit = kpis[i] >= target;  // a NaN KPI never meets a target
    met_[i] += hit ? 1 : 0;
    all_met = all_met && hit;
  }
  met_all_ += all_met ? 1 : 0;
  ++replications_;
}

void AgencyTargetTally::append_rows(const std::string& variant, const std::string& agency,
                                    std::vector<AgencyComparisonRow>& out) const {
  const std::size_t reps = replications_;
  auto add = [&](const char* kpi, const char* statistic, double value) {
    out.push_back({variant, agency, kpi, statistic, value});
  };
  auto add_probability = [&](const char* kpi, std::size_t met) {
    const auto ci = wilson_interval(met, reps);
    add(kpi, "probability_met", reps > 0 ? static_cast<double>(met) / static_cast<double>(reps) : kNaN);
    add(kpi, "probability_met_ci95_lo", ci.first);
    add(kpi, "probability_met_ci95_hi", ci.second);
  };
  for (std::size_t i = 0; i < kTargetRules.size(); ++i) {
    add(kTargetRules[i].name, "target", reps > 0 ? target_sum_[i] / static_cast<double>(reps) : kNaN);
    add_probability(kTargetRules[i].name, met_[i]);
  }
  add_probability("all_targets", met_all_);
}

std::vector<AgencyComparisonRow> summarise_by_agency(const VariantAgencySamples& variant,
                                                     const TargetsDef& targets) {
  std::vector<AgencyComparisonRow> rows;
  for (std::size_t a = 0; a <= variant.agencies.size(); ++a) {
    const AgencySamples& agency = agency_at(variant, a);
    for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k) {
      const Summary s = summarise(agency.kpis[k]);
      const char* kpi = to_string(kAgencyComparedKpis[k]);
      for (const auto& [statistic, value] : {std::pair{"mean", s.mean}, std::pair{"p5", s.p5},
                                             std::pair{"p50", s.p50}, std::pair{"p95", s.p95}})
        rows.push_back({variant.name, agency.id, kpi, statistic, value});
    }
    add_target_rows(variant, agency, variant.programme, targets, rows);
  }
  return rows;
}

std::vector<AgencyComparisonRow> compare_by_agency(const std::vector<VariantAgencySamples>& variants,
                                                   std::size_t baseline, const TargetsDef& targets) {
  SMESIM_ASSERT(!variants.empty() && baseline < variants.size());
  const std::size_t agencies = variants[baseline].agencies.size() + 1;
  for (const auto& v : variants) SMESIM_ASSERT(v.agencies.size() + 1 == agencies);
  std::vector<std::vector<AgencyComparisonRow>> per_variant(variants.size());
  for (std::size_t a = 0; a < agencies; ++a) {
    add_kpi_rows(variants, baseline, a, per_variant);
    for (std::size_t v = 0; v < variants.size(); ++v)
      add_target_rows(variants[v], agency_at(variants[v], a), variants[v].programme, targets, per_variant[v]);
  }
  std::vector<AgencyComparisonRow> rows;
  for (auto& block : per_variant) rows.insert(rows.end(), block.begin(), block.end());
  return rows;
}

}  // namespace smesim
