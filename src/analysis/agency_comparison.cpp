// Strategy comparisons by agency (include/smesim/analysis/agency_comparison.hpp).
#include "smesim/analysis/agency_comparison.hpp"

#include <cmath>
#include <limits>

#include "smesim/analysis/comparison.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The agency (or `all`) at `index` of a variant: index 0 is the programme.
const AgencySamples& agency_at(const VariantAgencySamples& v, std::size_t index) {
  return index == 0 ? v.programme : v.agencies[index - 1];
}

struct TargetRule {
  const char* name;
  FinalKpi kpi;
  double TargetsDef::*amount;
};

constexpr std::array kTargetRules{
    TargetRule{"developed_smes", FinalKpi::developed, &TargetsDef::developed_smes},
    TargetRule{"expanded_smes", FinalKpi::expanded, &TargetsDef::expanded_smes},
    TargetRule{"cost_reduction_thb", FinalKpi::cost_reduction_thb, &TargetsDef::cost_reduction_thb}};

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
  const std::size_t reps = programme.enrolled_smes.size();
  std::vector<std::uint8_t> all_met(reps, 1);
  auto add = [&](const char* kpi, const char* statistic, double value) {
    out.push_back({variant.name, agency.id, kpi, statistic, value});
  };
  auto add_probability = [&](const char* kpi, std::size_t met) {
    const auto ci = wilson_interval(met, reps);
    add(kpi, "probability_met", reps > 0 ? static_cast<double>(met) / static_cast<double>(reps) : kNaN);
    add(kpi, "probability_met_ci95_lo", ci.first);
    add(kpi, "probability_met_ci95_hi", ci.second);
  };
  for (const TargetRule& rule : kTargetRules) {
    const std::vector<double>& kpi = agency.kpis[compared_index(rule.kpi)];
    std::size_t met = 0;
    double share_sum = 0;
    for (std::size_t r = 0; r < reps; ++r) {
      const double share =
          programme.enrolled_smes[r] > 0 ? agency.enrolled_smes[r] / programme.enrolled_smes[r] : 0;
      const double target = targets.*rule.amount * share;
      share_sum += target;
      const bool hit = kpi[r] >= target;  // a NaN KPI never meets a target
      met += hit ? 1 : 0;
      all_met[r] = static_cast<std::uint8_t>(all_met[r] & (hit ? 1 : 0));
    }
    add(rule.name, "target", reps > 0 ? share_sum / static_cast<double>(reps) : kNaN);
    add_probability(rule.name, met);
  }
  std::size_t met_all = 0;
  for (const std::uint8_t m : all_met) met_all += m;
  add_probability("all_targets", met_all);
}

}  // namespace

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
