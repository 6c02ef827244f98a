// The optimiser's coordinates and the variables' values (optimise_space.hpp has the maps and
// why they were chosen; docs/optimise.md explains them to users).
#include "smesim/scenario/optimise_space.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "analysis/apportion.hpp"
#include "random/sampling.hpp"
#include "scenario/correlated_priors.hpp"
#include "scenario/fields.hpp"
#include "smesim/scenario/distribution.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

// A share of 0 has no log-ratio; the search starts from this small share instead.
constexpr double kSmallestStartShare = 1e-6;
// Share weights become integers for the largest-remainder split (apportion takes whole
// weights): 2^52 keeps every double's resolution at shares near 1.
constexpr double kShareWeightUnits = 4503599627370496.0;

std::size_t width(const OptimiseVariable& v) {
  return v.kind == VariableKind::range ? 1 : v.agencies.size() - 1;
}

std::int64_t held_satang(const OptimiseVariable& v, const BudgetAllocation& alloc) {
  std::int64_t held = 0;
  for (const std::size_t a : v.agency_index) held += alloc.agency_satang[a];
  return held;
}

// wᵢ ∝ exp(kShareScale·yᵢ) with the last agency's exponent 0, as whole weights.
std::vector<std::int64_t> share_weights(std::span<const double> y) {
  double top = 0;
  for (const double v : y) top = std::max(top, kShareScale * v);
  std::vector<double> w(y.size() + 1);
  double sum = 0;
  for (std::size_t i = 0; i <= y.size(); ++i) {
    w[i] = std::exp((i < y.size() ? kShareScale * y[i] : 0.0) - top);  // ≤ 1: no overflow
    sum += w[i];
  }
  std::vector<std::int64_t> units(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) units[i] = std::llround(w[i] / sum * kShareWeightUnits);
  return units;
}

double range_value(const OptimiseVariable& v, double y) {
  const double x =
      v.range.first + (v.range.second - v.range.first) * (1 - std::cos(std::numbers::pi * y)) / 2;
  const double inside = std::clamp(x, v.range.first, v.range.second);
  return v.whole ? std::clamp(std::round(inside), v.range.first, v.range.second) : inside;
}

// The split share `track` of `split` becomes `value`; its siblings keep their proportions
// and fill the rest (the loader checked that they hold something).
void set_split_share(SplitDef& split, const std::string& track, double value) {
  Param* moved = track == "mentoring" ? &split.mentoring
                 : track == "network" ? &split.network
                                      : &split.technology;
  double siblings = 0;
  for (Param* p : {&split.mentoring, &split.network, &split.technology})
    if (p != moved) siblings += p->value();
  for (Param* p : {&split.mentoring, &split.network, &split.technology})
    if (p != moved) *p = Param(p->value() / siblings * (1 - value));
  *moved = Param(value);
}

void set_range_variable(ScenarioDef& variant, const ScenarioDef& base, const OptimiseVariable& v,
                        double value) {
  bool split = false;
  for (std::size_t a = 0; a < variant.agencies.size(); ++a)
    for (const char* track : {"mentoring", "network", "technology"})
      if (detail::path_matches(v.path, "agencies." + variant.agencies[a].id + ".strategy.split." + track)) {
        // From the base's split, so that siblings keep the base's proportions.
        variant.agencies[a].strategy.split = base.agencies[a].strategy.split;
        set_split_share(variant.agencies[a].strategy.split, track, value);
        split = true;
      }
  if (!split) set_parameter(variant, v.path, Param(value));
}

// What an unset (`auto`) field resolves to: an agency's budget, its allocation; anything else,
// the middle of the variable's range.
double auto_value(const OptimiseDef& def, const OptimiseVariable& v, const std::string& path) {
  for (std::size_t a = 0; a < def.base.agencies.size(); ++a)
    if (path == fmt::format("agencies.{}.budget_thb", def.base.agencies[a].id))
      return static_cast<double>(resolve_budget_allocation(def.base).agency_satang[a]) / 100.0;
  return (v.range.first + v.range.second) / 2;
}

}  // namespace

std::size_t search_dimension(const OptimiseDef& def) {
  std::size_t n = 0;
  for (const OptimiseVariable& v : def.variables) n += width(v);
  return n;
}

std::vector<double> base_coordinates(const OptimiseDef& def) {
  std::vector<double> y;
  const std::vector<NamedValue> values = base_values(def);
  std::size_t named = 0;
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::range) {
      const double x = std::clamp(values[named++].value, v.range.first, v.range.second);
      // The inverse of x = lo + (hi − lo)(1 − cos πy)/2 on y ∈ [0, 1].
      const double c = 1 - 2 * (x - v.range.first) / (v.range.second - v.range.first);
      y.push_back(std::acos(std::clamp(c, -1.0, 1.0)) / std::numbers::pi);
      continue;
    }
    const std::size_t k = v.agencies.size();
    const double last = std::max(values[named + k - 1].value, kSmallestStartShare);
    for (std::size_t i = 0; i + 1 < k; ++i)
      y.push_back(std::log(std::max(values[named + i].value, kSmallestStartShare) / last) / kShareScale);
    named += k;
  }
  return y;
}

std::vector<std::vector<std::int64_t>> share_budgets_satang(const OptimiseDef& def,
                                                            std::span<const double> y) {
  const BudgetAllocation alloc = resolve_budget_allocation(def.base);
  std::vector<std::vector<std::int64_t>> budgets;
  std::vector<std::uint32_t> order;
  std::size_t offset = 0;
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::budget_shares) {
      const std::vector<std::int64_t> weights = share_weights(y.subspan(offset, width(v)));
      std::vector<std::int64_t> satang(weights.size());
      detail::apportion(held_satang(v, alloc), weights, satang, order);
      budgets.push_back(std::move(satang));
    }
    offset += width(v);
  }
  return budgets;
}

std::vector<NamedValue> decode(const OptimiseDef& def, std::span<const double> y) {
  std::vector<NamedValue> values;
  const auto budgets = share_budgets_satang(def, y);
  std::size_t offset = 0;
  std::size_t shares = 0;
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::range) {
      values.push_back({v.path, range_value(v, y[offset]), ""});
    } else {
      const auto& satang = budgets[shares++];
      std::int64_t held = 0;
      for (const std::int64_t s : satang) held += s;
      for (std::size_t i = 0; i < v.agencies.size(); ++i)
        values.push_back({"budget_shares." + v.agencies[i],
                          static_cast<double>(satang[i]) / static_cast<double>(held), ""});
    }
    offset += width(v);
  }
  return values;
}

namespace {

// A range variable's value in the base scenario. A path with `*` names several fields; the first
// stands for them (the loader's ranges hold for all, and the search sets them together).
NamedValue base_value(const OptimiseDef& def, const OptimiseVariable& v) {
  ScenarioDef base = def.base;
  for (const detail::Field& f : detail::list_fields(base)) {
    if (!detail::path_matches(v.path, f.info.path)) continue;
    if (f.info.kind == FieldKind::integer) return {v.path, static_cast<double>(f.get_integer()), ""};
    const Param p = f.get_number();
    if (p.is_fixed()) return {v.path, p.value(), ""};
    if (p.is_set()) return {v.path, detail::param_quantile(0.5, p, f.info.min, f.info.max), describe(p)};
    return {v.path, auto_value(def, v, f.info.path), "auto"};
  }
  return {v.path, v.range.first, ""};
}

}  // namespace

std::vector<NamedValue> base_values(const OptimiseDef& def) {
  std::vector<NamedValue> values;
  const bool any_shares =
      std::any_of(def.variables.begin(), def.variables.end(),
                  [](const OptimiseVariable& v) { return v.kind == VariableKind::budget_shares; });
  const BudgetAllocation alloc = any_shares ? resolve_budget_allocation(def.base) : BudgetAllocation{};
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::budget_shares) {
      const auto held = static_cast<double>(held_satang(v, alloc));
      for (std::size_t i = 0; i < v.agencies.size(); ++i)
        values.push_back({"budget_shares." + v.agencies[i],
                          static_cast<double>(alloc.agency_satang[v.agency_index[i]]) / held, ""});
      continue;
    }
    values.push_back(base_value(def, v));
  }
  return values;
}

ScenarioDef optimise_variant(const OptimiseDef& def, std::span<const double> y) {
  ScenarioDef variant = def.base;
  const auto budgets = share_budgets_satang(def, y);
  if (!budgets.empty()) {
    // Every agency pinned to its allocation in satang, so that `auto` agencies do not absorb
    // what the listed ones give up; then the listed ones get their new budgets.
    const BudgetAllocation alloc = resolve_budget_allocation(def.base);
    for (std::size_t a = 0; a < variant.agencies.size(); ++a) {
      variant.agencies[a].budget_share = Param{};
      variant.agencies[a].budget_thb = Param(static_cast<double>(alloc.agency_satang[a]) / 100.0);
    }
  }
  std::size_t offset = 0;
  std::size_t shares = 0;
  for (const OptimiseVariable& v : def.variables) {
    if (v.kind == VariableKind::range) {
      set_range_variable(variant, def.base, v, range_value(v, y[offset]));
    } else {
      const auto& satang = budgets[shares++];
      for (std::size_t i = 0; i < v.agencies.size(); ++i)
        variant.agencies[v.agency_index[i]].budget_thb = Param(static_cast<double>(satang[i]) / 100.0);
    }
    offset += width(v);
  }
  // A correlated prior that a variable sets to a number has nothing left to correlate, as in a
  // sweep (docs/scenario.md "uncertainty"): its correlations go, the other priors keep theirs.
  detail::drop_fixed_correlations(variant);
  return variant;
}

}  // namespace smesim
