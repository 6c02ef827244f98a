#include "io/console_table.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "io/report/number_text.hpp"
#include "smesim/scenario/prior_draws.hpp"

namespace smesim::detail {
namespace {

struct Row {
  const char* label;
  Target target;
};

constexpr Row kRows[] = {
    {"SMEs developed", Target::developed_smes},
    {"SMEs expanded into new markets", Target::expanded_smes},
    {"Cost reduction", Target::cost_reduction_thb},
};

}  // namespace

std::string horizon_note(const ScenarioDef& def, const ForecastSummary& summary) {
  const int window = def.window_months();
  const int horizon = def.time.horizon_months;
  if (horizon <= window || summary.months.empty() || summary.replications == 0) return "";
  const MonthlyKpiSummaries& last = summary.months.back();
  const MonthlyKpiSummaries& window_end = summary.months[static_cast<std::size_t>(window - 1)];
  // docs/model.md §5 step 10: only what happens within the window is credited; the model runs on
  // to the horizon so a planner sees what the programme leads to afterwards.
  return fmt::format(
      "Note: the targets count months 0-{} (targets.window_months); the forecast runs on to month {}.\n"
      "By month {}, {} firms had expanded into new markets (median), against {} credited in the\n"
      "window; {} had adopted a new technology ({} by month {}).\n",
      window - 1, horizon - 1, horizon - 1, with_thousands(last[MonthlyKpi::expanded_firms].p50),
      with_thousands(summary.kpis[FinalKpi::expanded].p50), with_thousands(last[MonthlyKpi::adopters].p50),
      with_thousands(window_end[MonthlyKpi::adopters].p50), window - 1);
}

std::vector<std::string> uncertain_parameters(const ScenarioDef& def) {
  std::vector<std::string> paths;
  // The draws of replication 0 name every prior: a prior is drawn in every replication.
  for (const auto& [path, value] : prior_draws(def, def.seed, 0)) paths.push_back(path);
  return paths;
}

std::string uncertainty_note(const ScenarioDef& def) {
  if (!uncertain_parameters(def).empty()) return "";
  return "no parameter is uncertain (the scenario has no prior): the intervals and P(met) reflect only the "
         "model's own randomness, not uncertainty about how firms behave; give priors (or `extends: "
         "default`, whose priors are docs/model.md §8) for a forecast's uncertainty";
}

std::string with_thousands(double value) {
  if (std::isnan(value)) return "nan";
  return report::count_text(value);
}

ResultTable forecast_table(const ScenarioDef& def, const ForecastSummary& summary) {
  ResultTable table("forecast", "");
  table.column(fmt::format("KPI (credited in months 0-{})", def.window_months() - 1), Quantity::text)
      .column("target", Quantity::per_row)
      .column("median", Quantity::per_row)
      .column("90% interval", Quantity::per_row, IntervalEnd::lo)
      .column("p95", Quantity::per_row, IntervalEnd::hi)
      .column("P(met)", Quantity::probability)
      .column("95% CI of P", Quantity::probability, IntervalEnd::lo)
      .column("ci95_hi", Quantity::probability, IntervalEnd::hi);
  const auto probability_cells = [&table](const TargetAttainment& a) {
    table.cell(a.probability_met).cell(a.ci95.first).cell(a.ci95.second);
  };
  for (const Row& row : kRows) {
    const Summary& s = summary.kpis[target_kpi(row.target)];
    const TargetAttainment& a = summary.target(row.target);
    table.cell(row.label).cell(a.target).cell(s.p50).cell(s.p5).cell(s.p95);
    probability_cells(a);
    table.end_row(quantity_of(to_string(target_kpi(row.target))));
  }
  table.cell("All three targets").empty_cell().empty_cell().empty_cell().empty_cell();
  probability_cells(summary.target(Target::all));
  table.end_row();
  return table;
}

std::string budget_line(const ForecastSummary& summary) {
  const Summary& spent = summary.kpis[FinalKpi::spent_thb];
  return fmt::format("Budget: {}; spent {} (median, 90% interval {} to {}), unspent {} (median)",
                     report::money_text(summary.budget.budget_thb.p50), report::money_text(spent.p50),
                     report::money_text(spent.p5), report::money_text(spent.p95),
                     report::money_text(summary.budget.not_spent_thb.p50));
}

}  // namespace smesim::detail

namespace smesim::detail {

std::vector<std::string> budget_warnings(const ScenarioDef& def, const std::vector<ClusterSpec>& networks,
                                         const ForecastSummary& summary) {
  // Ten times the reference: trust is saturated long before, so the rest cannot be used.
  constexpr double kFarAboveReference = 10;
  constexpr double kMostUnspent = 0.5;
  std::vector<std::string> out;
  const double budget = summary.budget.budget_thb.p50;
  const double not_spent = summary.budget.not_spent_thb.p50;
  if (budget > 0 && not_spent > kMostUnspent * budget) {
    std::string who;
    for (std::size_t a = 0; a < def.agencies.size() && a < summary.agencies.size(); ++a) {
      const double unspent = summary.agencies[a][AgencyKpi::unspent_thb].p50;
      if (unspent > 0.1 * not_spent)
        who += fmt::format("{}{} {:.1f} M THB", who.empty() ? "" : ", ", def.agencies[a].id, unspent / 1e6);
    }
    out.push_back(
        fmt::format("warning: {:.0f}% of the budget ({:.1f} of {:.1f} M THB, median) was not spent{}{}",
                    100 * not_spent / budget, not_spent / 1e6, budget / 1e6, who.empty() ? "" : ": ", who));
  }
  const auto months = static_cast<double>(def.time.programme_months);
  for (std::size_t a = 0; a < def.agencies.size() && a < summary.agencies.size(); ++a) {
    const AgencyDef& agency = def.agencies[a];
    std::size_t clusters = 0;
    for (const ClusterSpec& c : networks) clusters += c.agency == static_cast<int>(a) ? 1 : 0;
    const Param& share = agency.strategy.split.network;
    const Param& reference = agency.strategy.network.reference_spend_thb_per_cluster_month;
    if (clusters == 0 || !share.is_fixed() || !reference.is_fixed() || !(reference.value() > 0)) continue;
    const double per_cluster_month = summary.agencies[a][AgencyKpi::allocation_thb].p50 * share.value() /
                                     (static_cast<double>(clusters) * months);
    if (per_cluster_month > kFarAboveReference * reference.value())
      out.push_back(fmt::format(
          "warning: {}'s network track gives each of its {} network{} {:.0f} THB a month, {:.0f} "
          "times the reference spend of {:.0f} THB that saturates trust; most of it stays unspent",
          agency.id, clusters, clusters == 1 ? "" : "s", per_cluster_month,
          per_cluster_month / reference.value(), reference.value()));
  }
  return out;
}

}  // namespace smesim::detail
