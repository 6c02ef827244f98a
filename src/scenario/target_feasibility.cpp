#include "smesim/scenario/target_feasibility.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "smesim/error.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

// "10,000": thousands separators, as the console writes counts.
std::string count_text(double n) {
  const std::string digits = fmt::format("{:.0f}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

double enrolment_upper_bound(const ScenarioDef& def) {
  double firms = 0;
  for (const ClusterSpec& n : expand_networks(def)) firms += std::floor(members_upper_bound(n.members));
  return firms;
}

// The most SMEs the budget can make developed (docs/model.md §5): a firm is developed after
// `min_mentored_months` mentored months (step 2) or by a successful technology project (step 3),
// so the mentoring envelope buys at most ⌊mentoring / (cost · months)⌋ and the technology
// envelope ⌊technology / project cost⌋, every project a success. Unknown (nullopt) when a
// budget, share or price is a prior.
std::optional<double> developed_budget_bound(const ScenarioDef& def) {
  BudgetAllocation allocation;
  try {
    allocation = resolve_budget_allocation(def);
  } catch (const ScenarioError&) {
    return std::nullopt;
  }
  const int months = std::max(1, def.dynamics.developed.min_mentored_months);
  double bound = 0;
  for (std::size_t a = 0; a < def.agencies.size(); ++a) {
    const StrategyDef& s = def.agencies[a].strategy;
    const Param* fixed[] = {&s.split.mentoring, &s.split.technology, &s.mentoring.cost_per_firm_month_thb,
                            &s.technology.cost_per_project_thb};
    for (const Param* p : fixed)
      if (!p->is_fixed()) return std::nullopt;
    const double thb = static_cast<double>(allocation.agency_satang[a]) / 100.0;
    bound +=
        std::floor(thb * s.split.mentoring.value() / (s.mentoring.cost_per_firm_month_thb.value() * months));
    bound += std::floor(thb * s.split.technology.value() / s.technology.cost_per_project_thb.value());
  }
  return bound;
}

}  // namespace

std::vector<std::string> unreachable_targets(const ScenarioDef& def) {
  std::vector<std::string> out;
  const double enrolled = enrolment_upper_bound(def);
  if (def.targets.developed_smes > enrolled)
    out.push_back(
        fmt::format("the target of {} SMEs developed cannot be met: the networks enrol at most {} SMEs "
                    "(targets.developed_smes "
                    "> the sum of the networks' members)",
                    count_text(def.targets.developed_smes), count_text(enrolled)));
  else if (const auto bound = developed_budget_bound(def); bound && def.targets.developed_smes > *bound)
    out.push_back(fmt::format(
        "the target of {} SMEs developed cannot be met: the budget mentors at most {} SMEs for "
        "{} months or equips them with technology projects (every agency's mentoring share / (cost per "
        "firm-month x developed.min_mentored_months) + technology share / project cost, every project a "
        "success)",
        count_text(def.targets.developed_smes), count_text(*bound),
        def.dynamics.developed.min_mentored_months));
  if (def.targets.expanded_smes > enrolled)
    out.push_back(fmt::format(
        "the target of {} SMEs expanded into new markets cannot be met: the networks enrol at most {} SMEs",
        count_text(def.targets.expanded_smes), count_text(enrolled)));
  return out;
}

}  // namespace smesim
