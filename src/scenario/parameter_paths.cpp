#include "smesim/scenario/parameter_paths.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/apportion.hpp"
#include "analysis/money.hpp"
#include "scenario/correlated_priors.hpp"
#include "scenario/document.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {
std::vector<std::string_view> split_path(std::string_view path);
}  // namespace

namespace detail {

// `*` stands for exactly one segment (an agency id, a network id, ...).
bool path_matches(std::string_view pattern, std::string_view path) {
  const auto p = split_path(pattern);
  const auto q = split_path(path);
  if (p.size() != q.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] != "*" && p[i] != q[i]) return false;
  return true;
}

}  // namespace detail

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

bool matches(std::string_view pattern, std::string_view path) { return detail::path_matches(pattern, path); }

std::vector<std::string> all_paths(const std::vector<detail::Field>& fields) {
  std::vector<std::string> paths;
  paths.reserve(fields.size());
  for (const auto& f : fields) paths.push_back(f.info.path);
  return paths;
}

[[noreturn]] void unknown(const std::vector<detail::Field>& fields, std::string_view path) {
  const auto near = detail::closest(path, all_paths(fields), 3);
  throw UnknownParameterError(
      {}, std::string(path),
      fmt::format("names no parameter; nearest valid paths: {}", fmt::join(near, ", ")));
}

template <class Apply>
int for_each_match(ScenarioDef& def, std::string_view path, Apply apply) {
  auto fields = detail::list_fields(def);
  int count = 0;
  for (const auto& f : fields) {
    if (!matches(path, f.info.path)) continue;
    apply(f);
    ++count;
  }
  if (count == 0) unknown(fields, path);
  return count;
}

void set_number_checked(const detail::Field& f, const Param& value) {
  const FieldInfo& info = f.info;
  if (info.kind == FieldKind::integer) {
    if (!value.is_fixed() || value.value() != std::floor(value.value()) || value.value() < info.min ||
        value.value() > info.max)
      throw ScenarioError(
          {}, info.path,
          fmt::format("expected a whole number in [{}, {}], got {}", detail::format_number(info.min),
                      detail::format_number(info.max), describe(value)));
    f.set_integer(static_cast<long long>(value.value()));
    return;
  }
  if (info.kind != FieldKind::number)
    throw ScenarioError({}, info.path, "expected text for this parameter, not a number");
  if (!value.is_fixed() && value.is_set() && !info.distributable)
    throw ScenarioError({}, info.path, "expected a number (this parameter cannot be a distribution)");
  if (const std::string bad = detail::check_range(info, value); !bad.empty())
    throw ScenarioError({}, info.path, "expected " + bad);
  f.set_number(value);
}

}  // namespace

std::vector<FieldInfo> parameter_fields(const ScenarioDef& def) {
  ScenarioDef copy = def;
  std::vector<FieldInfo> out;
  for (auto& f : detail::list_fields(copy)) out.push_back(std::move(f.info));
  return out;
}

namespace {

// A field's value as scenario-file text (`0.5`, `uniform[0.1, 0.2]`, `12`, `laggards`).
std::string field_text(const detail::Field& f) {
  switch (f.info.kind) {
    case FieldKind::number:
      return describe(f.get_number());
    case FieldKind::integer:
      return fmt::format("{}", f.get_integer());
    default:
      return f.get_text();
  }
}

}  // namespace

std::string get_parameter(const ScenarioDef& def, std::string_view path) {
  ScenarioDef copy = def;
  const auto fields = detail::list_fields(copy);
  for (const auto& f : fields) {
    if (f.info.path != path) continue;
    return field_text(f);
  }
  unknown(fields, path);
}

int set_parameter(ScenarioDef& def, std::string_view path, const Param& value) {
  return for_each_match(def, path, [&](const detail::Field& f) { set_number_checked(f, value); });
}

int set_parameter(ScenarioDef& def, std::string_view path, std::string_view text) {
  return for_each_match(def, path, [&](const detail::Field& f) {
    const FieldInfo& info = f.info;
    switch (info.kind) {
      case FieldKind::number:
      case FieldKind::integer: {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (info.optional && text == "auto") {
          set_number_checked(f, Param{});
          return;
        }
        if (ec != std::errc() || end != text.data() + text.size())
          throw ScenarioError({}, info.path, fmt::format("expected a number, got `{}`", text));
        set_number_checked(f, Param(v));
        return;
      }
      case FieldKind::choice:
        if (std::find(info.choices.begin(), info.choices.end(), text) == info.choices.end())
          throw ScenarioError({}, info.path,
                              fmt::format("expected one of {}, got `{}`{}", fmt::join(info.choices, ", "),
                                          text, detail::did_you_mean(text, info.choices)));
        f.set_text(std::string(text));
        return;
      case FieldKind::text:
        f.set_text(std::string(text));
        return;
      case FieldKind::sector_list: {
        std::vector<Sector> sectors;
        std::size_t start = 0;
        while (start <= text.size()) {
          std::size_t comma = text.find(',', start);
          if (comma == std::string_view::npos) comma = text.size();
          std::string_view name = text.substr(start, comma - start);
          while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
          while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
          Sector s{};
          if (!detail::parse_sector(name, s))
            throw ScenarioError({}, info.path,
                                fmt::format("expected comma-separated sectors, got `{}`", name));
          sectors.push_back(s);
          start = comma + 1;
        }
        f.set_sectors(std::move(sectors));
        return;
      }
    }
  });
}

std::vector<std::string> nearest_parameter_paths(const ScenarioDef& def, std::string_view path,
                                                 std::size_t count) {
  ScenarioDef copy = def;
  return detail::closest(path, all_paths(detail::list_fields(copy)), count);
}

// ---------------------------------------------------------------------------------------------
// Relative values (docs/experiments.md, "Relative values").

namespace {

constexpr std::string_view kTimesSign = "\xC3\x97";  // ×, U+00D7

bool plain_number(std::string_view text, double& out) {
  detail::DocNode node;
  node.kind = detail::DocNode::Kind::scalar;
  node.scalar = std::string(text);
  return detail::parse_number(node, out);
}

}  // namespace

RelativeValue parse_relative_value(std::string_view text) {
  RelativeValue r;
  std::string_view rest;
  bool negative = false;
  if (text.starts_with('*')) {
    r.op = RelativeOp::multiply;
    rest = text.substr(1);
  } else if (text.starts_with(kTimesSign)) {
    r.op = RelativeOp::multiply;
    rest = text.substr(kTimesSign.size());
  } else if (text.starts_with('+') || text.starts_with('-')) {
    r.op = RelativeOp::add;
    negative = text.front() == '-';
    rest = text.substr(1);
  } else {
    return r;
  }
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.ends_with('%'))
    throw ScenarioError(
        {}, "",
        fmt::format("`{}`: a percentage is ambiguous (percent of the value, or percentage "
                    "points of a share?); write a factor (\"*1.2\" for 20% more) or an amount "
                    "to add (\"+0.2\")",
                    text));
  double v = 0;
  if (rest.empty() || rest.front() == '+' || rest.front() == '-' || !plain_number(rest, v))
    throw ScenarioError(
        {}, "",
        fmt::format(
            "expected a number after `{}` in `{}` (\"*1.2\" multiplies the base scenario's value, "
            "\"+5e6\" and \"-5e6\" add to it)",
            r.op == RelativeOp::multiply ? text.substr(0, text.size() - rest.size()) : text.substr(0, 1),
            text));
  r.amount = negative ? -v : v;
  if (r.amount == 0) r.amount = 0;  // no `-0`
  return r;
}

std::string relative_value_text(const RelativeValue& value) {
  switch (value.op) {
    case RelativeOp::multiply:
      return fmt::format("*{}", detail::format_number(value.amount));
    case RelativeOp::add:
      return fmt::format("{}{}", value.amount < 0 ? '-' : '+',
                         detail::format_number(std::fabs(value.amount)));
    case RelativeOp::none:
      break;
  }
  return detail::format_number(value.amount);
}

namespace {

using detail::Satang;
using detail::to_satang;
using detail::to_thb;

// Largest remainder, as the model apportions (analysis/apportion.hpp).
void apportion(Satang total, const std::vector<std::int64_t>& weights, std::vector<std::int64_t>& quotas) {
  quotas.assign(weights.size(), 0);
  std::vector<std::uint32_t> order;
  detail::apportion(total, weights, quotas, order);
}

// The first budget key of `def` that is a prior ("" if none).
std::string budget_prior(const ScenarioDef& def) {
  if (def.programme.budget_thb.is_set() && !def.programme.budget_thb.is_fixed())
    return "programme.budget_thb";
  if (!def.programme.overhead_share.is_fixed()) return "programme.overhead_share";
  for (const AgencyDef& a : def.agencies) {
    if (a.budget_thb.is_set() && !a.budget_thb.is_fixed()) return "agencies." + a.id + ".budget_thb";
    if (a.budget_share.is_set() && !a.budget_share.is_fixed()) return "agencies." + a.id + ".budget_share";
  }
  return "";
}

}  // namespace

// docs/model.md §4, as model_params.cpp allocates a replication's budgets: explicit budgets first,
// `auto` agencies share the rest by networks, in satang by largest remainder.
BudgetAllocation resolve_budget_allocation(const ScenarioDef& def) {
  if (const std::string prior = budget_prior(def); !prior.empty())
    throw ScenarioError({}, prior,
                        "is a prior, so the agencies' allocations differ from replication to replication; "
                        "expected fixed budgets");
  BudgetAllocation out;
  const std::size_t n = def.agencies.size();
  out.budget_satang = to_satang(def.programme.budget_thb.value());
  out.overhead_satang = to_satang(to_thb(out.budget_satang) * def.programme.overhead_share.value());
  const Satang available = out.budget_satang - out.overhead_satang;
  std::vector<std::int64_t> explicit_satang(n, 0);
  std::vector<std::int64_t> auto_networks(n, 0);
  std::vector<std::int64_t> quotas;
  Satang explicit_total = 0;
  for (std::size_t a = 0; a < n; ++a) {
    const AgencyDef& agency = def.agencies[a];
    if (agency.budget_thb.is_set())
      explicit_satang[a] = std::max<Satang>(0, to_satang(agency.budget_thb.value()));
    else if (agency.budget_share.is_set())
      explicit_satang[a] = std::max<Satang>(0, to_satang(agency.budget_share.value() * to_thb(available)));
    else
      auto_networks[a] = agency.networks;
    explicit_total += explicit_satang[a];
  }
  out.explicit_satang = explicit_total;
  if (explicit_total > available) {
    apportion(available, explicit_satang, quotas);
    explicit_satang = quotas;
    explicit_total = available;
  }
  apportion(available - explicit_total, auto_networks, quotas);
  Satang given = 0;
  out.agency_satang.resize(n);
  for (std::size_t a = 0; a < n; ++a) {
    out.agency_satang[a] = explicit_satang[a] + quotas[a];
    given += out.agency_satang[a];
  }
  out.unallocated_satang = available - given;
  return out;
}

namespace {

bool is_numeric(const FieldInfo& info) {
  return info.kind == FieldKind::number || info.kind == FieldKind::integer;
}

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::choice:
      return "a choice";
    case FieldKind::sector_list:
      return "a list of sectors";
    default:
      return "text";
  }
}

// "× 1.2" or "+ 5000000" for messages.
std::string change_text(const RelativeValue& r) {
  if (r.op == RelativeOp::multiply) return fmt::format("\xC3\x97 {}", detail::format_number(r.amount));
  return fmt::format("{} {}", r.amount < 0 ? "-" : "+", detail::format_number(std::fabs(r.amount)));
}

// The prior of F X or X + A.
Param changed_param(const Param& p, const RelativeValue& r, const std::string& path) {
  const bool times = r.op == RelativeOp::multiply;
  const double f = r.amount;
  auto fail = [&](const std::string& what) -> Param { throw ScenarioError({}, path, what); };
  auto finite = [&](Param q) {
    for (int i = 0; i < distribution_arity(q.kind); ++i)
      if (!std::isfinite(q.args[static_cast<std::size_t>(i)]))
        fail(fmt::format("{} {} is not a finite number", describe(p), change_text(r)));
    return q;
  };
  auto& a = p.args;
  if (p.kind == DistributionKind::fixed) return finite(Param(times ? a[0] * f : a[0] + f));
  if (times && !(f > 0))
    return fail(fmt::format("expected a factor > 0 for the prior {} (a factor of 0 leaves no distribution)",
                            describe(p)));
  switch (p.kind) {
    case DistributionKind::uniform:
    case DistributionKind::triangular: {
      Param q = p;
      for (int i = 0; i < distribution_arity(p.kind); ++i) {
        double& x = q.args[static_cast<std::size_t>(i)];
        x = times ? x * f : x + f;
      }
      return finite(q);
    }
    case DistributionKind::normal:
      return finite(times ? Param(p.kind, {a[0] * f, a[1] * f, 0}) : Param(p.kind, {a[0] + f, a[1], 0}));
    case DistributionKind::lognormal:
      if (!times)
        return fail(
            fmt::format("the prior {} cannot be shifted (X + A is not lognormal); multiply it, or set a "
                        "value",
                        describe(p)));
      return finite(Param(p.kind, {a[0] + std::log(f), a[1], 0}));
    case DistributionKind::beta:
      return fail(
          fmt::format("the prior {} lies in [0, 1] and can be neither scaled nor shifted; set a value "
                      "or another prior",
                      describe(p)));
    default:
      return p;
  }
}

std::optional<std::size_t> agency_budget_index(const ScenarioDef& def, const std::string& path) {
  for (std::size_t a = 0; a < def.agencies.size(); ++a)
    if (path == "agencies." + def.agencies[a].id + ".budget_thb") return a;
  return std::nullopt;
}

bool is_agency_share(const ScenarioDef& def, const std::string& path) {
  return std::any_of(def.agencies.begin(), def.agencies.end(),
                     [&](const AgencyDef& a) { return path == "agencies." + a.id + ".budget_share"; });
}

[[noreturn]] void rethrow_at(const ScenarioError& e, const SourceLocation& where) {
  if (dynamic_cast<const UnknownParameterError*>(&e) != nullptr)
    throw UnknownParameterError(where, e.key_path(), e.message());
  throw ScenarioError(where, e.key_path(), e.message());
}

struct BudgetChange {
  std::size_t agency = 0;
  RelativeValue change;
  std::size_t setting = 0;
};

// One agency budget's new allocation in satang, from its resolved allocation.
Satang changed_allocation(Satang allocation, const RelativeValue& r, const std::string& path) {
  constexpr double kMaxSatang = 1e15;  // budget_thb's range: [0, 1e13] THB
  const double thb = to_thb(allocation);
  const double x = r.op == RelativeOp::multiply ? static_cast<double>(allocation) * r.amount
                                                : static_cast<double>(allocation) + r.amount * 100.0;
  if (!(x >= -0.5 && x <= kMaxSatang))
    throw ScenarioError(
        {}, path,
        fmt::format("the resolved allocation {} THB {} is {} THB; expected a number in [0, {}]",
                    detail::format_number(thb), change_text(r), detail::format_number(x / 100.0),
                    detail::format_number(kMaxSatang / 100.0)));
  return std::max<Satang>(0, std::llround(x));
}

// Pins every agency to its allocation, the changed ones to their new one, and grows the
// programme budget so that the money after overhead grows by the sum of the changes.
void apply_budget_changes(const ScenarioDef& base, ScenarioDef& out, const std::vector<BudgetChange>& changes,
                          std::span<const ParameterSetting> settings) {
  const ParameterSetting& first = settings[changes.front().setting];
  BudgetAllocation alloc;
  try {
    alloc = resolve_budget_allocation(base);
  } catch (const ScenarioError& e) {
    throw ScenarioError(
        first.where, first.path,
        fmt::format("a relative agency budget changes the agency's resolved allocation, but {} "
                    "in the base scenario {}",
                    e.key_path(), e.message()));
  }
  std::vector<Satang> target = alloc.agency_satang;
  Satang delta = 0;
  for (const BudgetChange& c : changes) {
    const ParameterSetting& s = settings[c.setting];
    const std::string path = "agencies." + base.agencies[c.agency].id + ".budget_thb";
    try {
      target[c.agency] = changed_allocation(alloc.agency_satang[c.agency], c.change, path);
    } catch (const ScenarioError& e) {
      rethrow_at(e, s.where);
    }
    delta += target[c.agency] - alloc.agency_satang[c.agency];
  }
  const double overhead = base.programme.overhead_share.value();
  const Satang available = alloc.budget_satang - alloc.overhead_satang;
  const Satang needed = available + delta;  // the base's unallocated money stays unallocated
  if (delta != 0 && !(overhead < 1))
    throw ScenarioError(
        first.where, first.path,
        "the base scenario's programme.overhead_share is 1: no new money reaches the agencies");
  // The programme grows by Δ / (1 − overhead), to the nearest satang at which the money after
  // overhead is exactly `needed` (the model rounds the overhead to the satang, so the money
  // after overhead grows by 0 or 1 satang per satang of budget: those budgets are an interval).
  auto after_overhead = [&](Satang budget) { return budget - to_satang(to_thb(budget) * overhead); };
  const double ideal = static_cast<double>(alloc.budget_satang) +
                       (delta == 0 ? 0.0 : static_cast<double>(delta) / (1 - overhead));
  if (!(ideal <= 1e15))  // programme.budget_thb's range: [0, 1e13] THB
    throw ScenarioError(
        first.where, first.path,
        fmt::format("the programme budget would become {} THB (the new money over 1 − overhead "
                    "share {}); expected a number in [0, 10000000000000]",
                    detail::format_number(ideal / 100.0), detail::format_number(overhead)));
  constexpr int kSteps = 10'000'000;  // 1 / (1 − overhead) satang per satang: bounded for overhead < 1 − 1e-7
  Satang lo = std::max<Satang>(0, static_cast<Satang>(std::llround(ideal)));
  for (int k = 0; k < kSteps && after_overhead(lo) < needed; ++k) ++lo;
  for (int k = 0; k < kSteps && lo > 0 && after_overhead(lo - 1) >= needed; ++k) --lo;
  Satang hi = lo;
  for (int k = 0; k < kSteps && after_overhead(hi + 1) == needed; ++k) ++hi;
  const Satang budget = std::clamp(std::max<Satang>(0, static_cast<Satang>(std::llround(ideal))), lo, hi);
  try {
    set_parameter(out, "programme.budget_thb", Param(to_thb(budget)));
  } catch (const ScenarioError& e) {
    throw ScenarioError(first.where, first.path,
                        fmt::format("the programme budget would become {} THB: {}",
                                    detail::format_number(to_thb(budget)), e.message()));
  }
  for (std::size_t a = 0; a < out.agencies.size(); ++a) {
    out.agencies[a].budget_thb = Param(to_thb(target[a]));
    out.agencies[a].budget_share = Param{};
  }
  // Every agency must now get exactly its target (to the satang).
  const BudgetAllocation check = resolve_budget_allocation(out);
  if (check.agency_satang != target)
    throw ScenarioError(first.where, first.path,
                        fmt::format("found no programme budget that gives every agency its allocation to the "
                                    "satang (is the overhead share {} too close to 1?)",
                                    detail::format_number(overhead)));
}

}  // namespace

ScenarioDef apply_parameter_settings(const ScenarioDef& base, std::span<const ParameterSetting> settings) {
  ScenarioDef out = base;
  ScenarioDef probe = base;  // the base's fields, read only
  const auto fields = detail::list_fields(probe);
  std::vector<BudgetChange> budget_changes;
  std::vector<bool> relative(settings.size(), false);
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const ParameterSetting& s = settings[i];
    std::vector<const detail::Field*> matched;
    for (const auto& f : fields)
      if (matches(s.path, f.info.path)) matched.push_back(&f);
    if (matched.empty()) {
      try {
        unknown(fields, s.path);
      } catch (const ScenarioError& e) {
        rethrow_at(e, s.where);
      }
    }
    RelativeValue r;
    const bool numeric =
        std::any_of(matched.begin(), matched.end(), [](auto* f) { return is_numeric(f->info); });
    try {
      if (numeric) r = parse_relative_value(s.text);
    } catch (const ScenarioError& e) {
      throw ScenarioError(s.where, s.path, e.message());
    }
    if (r.op == RelativeOp::none) {
      try {
        set_parameter(out, s.path, s.text);
      } catch (const ScenarioError& e) {
        rethrow_at(e, s.where);
      }
      continue;
    }
    relative[i] = true;
    for (const detail::Field* f : matched) {
      const FieldInfo& info = f->info;
      try {
        if (!is_numeric(info))
          throw ScenarioError({}, info.path,
                              fmt::format("is {}; a relative value (`{}`) changes numbers only",
                                          kind_name(info.kind), s.text));
        if (const auto agency = agency_budget_index(base, info.path)) {
          for (const BudgetChange& c : budget_changes)
            if (c.agency == *agency)
              throw ScenarioError({}, info.path, "is changed twice; expected one relative change per agency");
          budget_changes.push_back({*agency, r, i});
          continue;
        }
        if (info.kind == FieldKind::integer) {
          const auto x = static_cast<double>(f->get_integer());
          const double y = std::round(r.op == RelativeOp::multiply ? x * r.amount : x + r.amount);
          if (!(std::fabs(y) < 1e15))
            throw ScenarioError(
                {}, info.path,
                fmt::format("{} {} is {}; expected a whole number in [{}, {}]", detail::format_number(x),
                            change_text(r), detail::format_number(y), detail::format_number(info.min),
                            detail::format_number(info.max)));
          try {
            set_parameter(out, info.path, Param(y));
          } catch (const ScenarioError& e) {
            throw ScenarioError({}, info.path,
                                fmt::format("{} {} is {} (rounded); {}", detail::format_number(x),
                                            change_text(r), detail::format_number(y), e.message()));
          }
          continue;
        }
        const Param p = f->get_number();
        if (!p.is_set()) {
          if (is_agency_share(base, info.path))
            throw ScenarioError(
                {}, info.path,
                "is not set in the base scenario (the agency's budget is a budget_thb or `auto`); "
                "change the agency's budget_thb instead, relative to its resolved allocation");
          throw ScenarioError(
              {}, info.path,
              fmt::format("is `auto` in the base scenario: there is no number to change by `{}`; "
                          "set a value instead",
                          s.text));
        }
        const Param q = changed_param(p, r, info.path);
        try {
          set_parameter(out, info.path, q);
        } catch (const ScenarioError& e) {
          throw ScenarioError(
              {}, info.path,
              fmt::format("{} {} is {}; {}", describe(p), change_text(r), describe(q), e.message()));
        }
      } catch (const ScenarioError& e) {
        rethrow_at(e, s.where);
      }
    }
  }
  // A correlated prior set to a number has nothing left to correlate (docs/scenario.md).
  detail::drop_fixed_correlations(out);
  if (budget_changes.empty()) return out;
  // The changed budgets pin every agency's and set the programme's: nothing else may.
  const std::string& example = settings[budget_changes.front().setting].path;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    for (const auto& f : fields) {
      if (!matches(settings[i].path, f.info.path)) continue;
      const std::string& path = f.info.path;
      const bool conflict = path == "programme.budget_thb" || path == "programme.overhead_share" ||
                            is_agency_share(base, path) ||
                            (!relative[i] && agency_budget_index(base, path).has_value());
      if (conflict)
        throw ScenarioError(
            settings[i].where, settings[i].path,
            fmt::format(
                "cannot be set together with a relative agency budget (`{}`): that one keeps every other "
                "agency's allocation and sets the programme budget itself; change agency budgets "
                "relatively only (\"+30e6\", \"-30e6\", \"*0\"), or set every budget absolutely",
                example));
    }
  }
  apply_budget_changes(base, out, budget_changes, settings);
  return out;
}

std::vector<std::pair<std::string, std::string>> changed_parameters(const ScenarioDef& base,
                                                                    const ScenarioDef& variant) {
  ScenarioDef a = base;
  ScenarioDef b = variant;
  const auto before = detail::list_fields(a);
  const auto after = detail::list_fields(b);
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const detail::Field& f = after[i];
    // The two lists are the same but for values (a study never adds an agency); the search is
    // for safety only.
    const auto it = i < before.size() && before[i].info.path == f.info.path
                        ? before.begin() + static_cast<std::ptrdiff_t>(i)
                        : std::find_if(before.begin(), before.end(),
                                       [&](const detail::Field& g) { return g.info.path == f.info.path; });
    const std::string value = field_text(f);
    if (it == before.end() || field_text(*it) != value) out.emplace_back(f.info.path, value);
  }
  return out;
}

}  // namespace smesim
