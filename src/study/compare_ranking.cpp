#include "study/compare_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "analysis/statistic_constants.hpp"
#include "io/report/number_text.hpp"
#include "smesim/analysis/statistics.hpp"
#include "study/study_tables.hpp"

namespace smesim::detail {
namespace {

const std::vector<double>& kpi_values(const KpiSamples& s, FinalKpi kpi) {
  return s[static_cast<std::size_t>(kpi)];
}

// Whether replication r meets `target` ("not less than", as forecast_summary counts it); NaN
// where a KPI it reads is undefined.
double met(const KpiSamples& s, const TargetsDef& targets, Target target, std::size_t r) {
  const auto meets = [&](FinalKpi kpi, double level) {
    const double x = kpi_values(s, kpi)[r];
    return std::isnan(x) ? kNaN : (x >= level ? 1.0 : 0.0);
  };
  const double developed = meets(FinalKpi::developed, targets.developed_smes);
  const double expanded = meets(FinalKpi::expanded, targets.expanded_smes);
  const double cost = meets(FinalKpi::cost_reduction_thb, targets.cost_reduction_thb);
  switch (target) {
    case Target::developed_smes:
      return developed;
    case Target::expanded_smes:
      return expanded;
    case Target::cost_reduction_thb:
      return cost;
    case Target::all:
      break;
  }
  if (std::isnan(developed) || std::isnan(expanded) || std::isnan(cost)) return kNaN;
  return developed * expanded * cost;
}

// The per-replication values the objective's statistic is taken over.
std::vector<double> objective_values(const OptimiseObjective& o, const KpiSamples& s,
                                     const TargetsDef& targets) {
  if (o.statistic != ObjectiveStatistic::probability_met) return kpi_values(s, o.kpi);
  std::vector<double> out(kpi_values(s, FinalKpi::developed).size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = met(s, targets, o.target, r);
  return out;
}

double statistic(const OptimiseObjective& o, const std::vector<double>& values) {
  switch (o.statistic) {
    case ObjectiveStatistic::probability_met:
    case ObjectiveStatistic::mean:
      return summarise(values).mean;
    case ObjectiveStatistic::p50:
      return quantile(values, 0.5);
    case ObjectiveStatistic::p5:
      return quantile(values, 0.05);
  }
  return kNaN;
}

// a better than b by the objective (NaN last), ties by mean developed SMEs.
bool ranks_before(const OptimiseObjective& o, const RankedVariant& a, const RankedVariant& b) {
  if (std::isnan(a.value) != std::isnan(b.value)) return std::isnan(b.value);
  if (a.value != b.value && !std::isnan(a.value)) return o.maximise ? a.value > b.value : a.value < b.value;
  if (a.developed_mean != b.developed_mean) return a.developed_mean > b.developed_mean;
  return a.variant < b.variant;
}

std::string value_text(const OptimiseObjective& o, double v) {
  if (o.statistic == ObjectiveStatistic::probability_met) return report::probability_text(v);
  return o.kpi == FinalKpi::cost_reduction_thb || o.kpi == FinalKpi::added_revenue_thb ||
                 o.kpi == FinalKpi::spent_thb || o.kpi == FinalKpi::unspent_thb
             ? report::money_text(v)
             : report::grouped(v, std::fabs(v) >= 100 ? 0 : 2);
}

}  // namespace

CompareRanking rank_variants(const CompareDef& def, const std::vector<ScenarioDef>& variants,
                             const std::vector<KpiSamples>& samples) {
  const OptimiseObjective& o = def.objective;
  CompareRanking ranking;
  std::vector<std::vector<double>> values;
  for (std::size_t v = 0; v < samples.size(); ++v) {
    values.push_back(objective_values(o, samples[v], variants[v].targets));
    ranking.order.push_back(
        {v, statistic(o, values.back()), summarise(kpi_values(samples[v], FinalKpi::developed)).mean});
  }
  std::sort(ranking.order.begin(), ranking.order.end(),
            [&](const RankedVariant& a, const RankedVariant& b) { return ranks_before(o, a, b); });
  ranking.lead = kNaN;
  ranking.lead_ci95 = {kNaN, kNaN};
  const bool paired =
      o.statistic == ObjectiveStatistic::probability_met || o.statistic == ObjectiveStatistic::mean;
  if (ranking.order.size() < 2 || !paired) return ranking;
  // Common random numbers: replication r of every variant shares its draws, so the difference
  // is taken replication by replication and its mean has a normal 95% interval.
  const std::vector<double>& first = values[ranking.order[0].variant];
  const std::vector<double>& second = values[ranking.order[1].variant];
  std::vector<double> d;
  for (std::size_t r = 0; r < std::min(first.size(), second.size()); ++r)
    if (!std::isnan(first[r]) && !std::isnan(second[r]))
      d.push_back(o.maximise ? first[r] - second[r] : second[r] - first[r]);
  if (d.size() < 2) return ranking;
  const Summary s = summarise(d);
  const double half = kZ95 * s.sd / std::sqrt(static_cast<double>(d.size()));
  ranking.lead = s.mean;
  ranking.lead_ci95 = {s.mean - half, s.mean + half};
  ranking.paired_replications = d.size();
  return ranking;
}

std::string objective_words(const OptimiseObjective& o) {
  std::string what;
  switch (o.statistic) {
    case ObjectiveStatistic::probability_met:
      what = o.target == Target::all ? "P(all targets met)" : fmt::format("P({} met)", to_string(o.target));
      break;
    case ObjectiveStatistic::mean:
      what = fmt::format("mean {}", to_string(o.kpi));
      break;
    case ObjectiveStatistic::p50:
      what = fmt::format("median {}", to_string(o.kpi));
      break;
    case ObjectiveStatistic::p5:
      what = fmt::format("5th percentile of {}", to_string(o.kpi));
      break;
  }
  return o.maximise ? what : what + " (lowest is best)";
}

std::string ranking_sentence(const CompareDef& def, const CompareRanking& ranking) {
  const OptimiseObjective& o = def.objective;
  const std::string by =
      fmt::format("by {}{}", objective_words(o),
                  def.objective_given ? " (the compare file's objective)"
                                      : " (the default objective; set `objective:` to choose another)");
  if (ranking.order.empty() || std::isnan(ranking.order.front().value))
    return fmt::format("No variant can be ranked {}: the statistic is undefined.", by);
  const RankedVariant& best = ranking.order.front();
  const std::string name = def.variants[best.variant].name;
  if (ranking.order.size() < 2) return fmt::format("Best {}: {} ({}).", by, name, value_text(o, best.value));
  const RankedVariant& next = ranking.order[1];
  const std::string next_name = def.variants[next.variant].name;
  const std::string head =
      fmt::format("Ranked {}, ties by mean developed SMEs: {} first ({}), {} next ({})", by, name,
                  value_text(o, best.value), next_name, value_text(o, next.value));
  if (std::isnan(ranking.lead))
    return head +
           "; a quantile has no paired interval, so whether the lead is more than Monte Carlo noise is "
           "not known.";
  const bool percent = o.statistic == ObjectiveStatistic::probability_met;
  const auto shown = [&](double x) {
    return percent ? fmt::format("{:+.1f} points", 100 * x) : fmt::format("{:+.4g}", x);
  };
  const std::string interval = fmt::format("{} (95% CI {} to {}, paired over {} replications)",
                                           shown(ranking.lead), shown(ranking.lead_ci95.first),
                                           shown(ranking.lead_ci95.second), ranking.paired_replications);
  if (ranking.lead_ci95.first > 0)
    return fmt::format("{}. Best: {}, ahead of {} by {}.", head, name, next_name, interval);
  return fmt::format(
      "{}. No single best variant: {}'s lead over {} is {}, which includes no difference at all; more "
      "replications would tell them apart, if anything does.",
      head, name, next_name, interval);
}

ResultTable ranking_table(const CompareDef& def, const CompareRanking& ranking) {
  ResultTable table(
      "ranking",
      "The variants ranked by the comparison's objective, best first: its value for each and the "
      "mean of SMEs developed that breaks ties.");
  table.column("rank", Quantity::integer)
      .column("variant", Quantity::text)
      .column("objective", Quantity::text);
  table.column("value", objective_quantity(def.objective)).column("developed_mean", Quantity::count);
  const std::string objective = objective_words(def.objective);
  for (std::size_t i = 0; i < ranking.order.size(); ++i) {
    const RankedVariant& r = ranking.order[i];
    table.cell(static_cast<long long>(i + 1))
        .cell(def.variants[r.variant].name)
        .cell(objective)
        .cell(r.value)
        .cell(r.developed_mean);
    table.end_row();
  }
  return table;
}

}  // namespace smesim::detail
