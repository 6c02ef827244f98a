#include "io/report/model_sources.hpp"

#include <array>

namespace smesim::detail::report {
namespace {

struct Rule {
  std::string_view pattern;  ///< `*` matches one path segment; a trailing `.**` any rest
  ParameterSource source;
};

// docs/model.md §9 "Default values and their sources", row by row; first match wins.
constexpr std::array kRules{
    Rule{"name", {"scenario setting", false}},
    Rule{"description", {"scenario setting", false}},
    Rule{"seed", {"scenario setting", false}},
    Rule{"replications", {"scenario setting", false}},
    Rule{"time.programme_months", {"one fiscal year of spending", true}},
    Rule{"time.horizon_months", {"three years of follow-up", true}},
    Rule{"time.diagnostic_months", {"UNIDO cluster method starts with a diagnostic phase", false}},
    Rule{"programme.budget_thb", {"OSMEP 2015: 309 M THB (docs/programme_2015.md)", false}},
    Rule{"programme.overhead_share", {"no overhead reported", true}},
    Rule{"targets.window_months", {"targets are reported at the end of the programme year", true}},
    Rule{"targets.**", {"OSMEP 2015 programme targets (docs/programme_2015.md)", false}},
    Rule{"networks.generate.members", {"10,000 target / 54 networks", false}},
    Rule{"networks.generate.topology.**", {"Cowan & Jonard 2004 (peak at ~10% long links)", false}},
    Rule{"networks.list.*.agency", {"OSMEP 2015: networks per agency (docs/programme_2015.md)", false}},
    Rule{"networks.list.**", {"the article gives counts, not sectors or places", true}},
    Rule{"sme.size_mix.**",
         {"Thai SMEs ~85% micro (OSMEP White Paper 2014); cluster members skew larger", true}},
    Rule{"sme.revenue_median_thb.**", {"within the 2019 size bounds", true}},
    Rule{"sme.revenue_sigma", {"", true}},
    Rule{"sme.employees_median.**", {"", true}},
    Rule{"sme.employees_sigma", {"", true}},
    Rule{"sme.margin", {"", true}},
    Rule{"sme.input_share.**", {"", true}},
    Rule{"sme.initial_capability.**", {"Beta(2, 5) per dimension", true}},
    Rule{"sme.absorptive_capacity", {"Cohen & Levinthal 1990 (form); value", true}},
    Rule{"dynamics.learning_rate", {"", true}},
    Rule{"dynamics.spillover_per_month", {"Cowan & Jonard 2004 use 0.1", false}},
    Rule{"dynamics.cost_elasticity",
         {"~1% cost cut after 12 months of light-touch mentoring; McKenzie 2020, Bloom et al. 2013 report "
          "more",
          false}},
    Rule{"dynamics.trust.**", {"", true}},
    Rule{"dynamics.joint_purchasing.max_discount",
         {"group-purchasing surveys report 10\u201315% (weak sources)", false}},
    Rule{"dynamics.joint_purchasing.**", {"", true}},
    Rule{"dynamics.technology.p_per_year", {"Bass-type imitation", true}},
    Rule{"dynamics.technology.q_per_year", {"Bass-type imitation", true}},
    Rule{"dynamics.technology.**", {"", true}},
    Rule{"dynamics.market.revenue_uplift", {"", true}},
    Rule{"dynamics.market.q_per_year",
         {"Bass q: Sultan, Farley & Lehmann 1990; range: Van den Bulte", false}},
    Rule{"dynamics.market.**", {"Bass p: Sultan, Farley & Lehmann 1990 meta-analysis", false}},
    Rule{"dynamics.dropout.**", {"59\u201376% attendance in SME training trials (Mexico, Jamaica)", false}},
    Rule{"dynamics.developed.min_mentored_months", {"", true}},
    Rule{"agencies.*.networks", {"OSMEP 2015: networks per agency (docs/programme_2015.md)", false}},
    Rule{"agencies.*.name", {"OSMEP 2015 (docs/programme_2015.md)", false}},
    Rule{"agencies.*.sectors", {"the sectors of the agency's networks", true}},
    Rule{"agencies.*.budget_thb", {"budgets in proportion to networks (the article gives no split)", true}},
    Rule{"agencies.*.budget_share", {"budgets in proportion to networks (the article gives no split)", true}},
    Rule{"agencies.*.fit.**", {"1.0 in the agency's own sectors, 0.7 elsewhere", true}},
    Rule{"agencies.*.strategy.mentoring.engagement_months",
         {"one quarter per firm, the same as min_mentored_months", true}},
    Rule{"agencies.*.strategy.**", {"", true}},
};

bool matches(std::string_view pattern, std::string_view path) {
  while (true) {
    if (pattern == "**") return true;
    const auto p_dot = pattern.find('.');
    const auto s_dot = path.find('.');
    const std::string_view p_head = pattern.substr(0, p_dot);
    const std::string_view s_head = path.substr(0, s_dot);
    if (p_head != "*" && p_head != s_head) return false;
    if (p_dot == std::string_view::npos || s_dot == std::string_view::npos)
      return p_dot == std::string_view::npos && s_dot == std::string_view::npos;
    pattern.remove_prefix(p_dot + 1);
    path.remove_prefix(s_dot + 1);
  }
}

}  // namespace

ParameterSource parameter_source(std::string_view path) {
  for (const auto& rule : kRules)
    if (matches(rule.pattern, path)) return rule.source;
  return {};
}

}  // namespace smesim::detail::report
