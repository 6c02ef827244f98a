// Cross-field checks of docs/scenario.md "Cross-field rules": what single keys cannot tell.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "random/sampling.hpp"
#include "scenario/correlated_priors.hpp"
#include "scenario/error_collector.hpp"
#include "scenario/fields.hpp"
#include "scenario/input_file.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

constexpr double kShareTolerance = 1e-9;

class Checker {
 public:
  explicit Checker(const SourceMap* locations) : locations_(locations) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw ScenarioError(locate(path), path, message);
  }

  /// The file `path` was written in ("" when positions are not known): the root file for
  /// "", a parent's for what a child inherits.
  std::string file_of(const std::string& path) const { return locate(path).file; }

 private:
  // The position of `path`, or of its nearest written ancestor.
  SourceLocation locate(std::string path) const {
    if (locations_ == nullptr) return {};
    for (;;) {
      if (const auto it = locations_->find(path); it != locations_->end()) return it->second;
      if (path.empty()) return {};
      const auto dot = path.rfind('.');
      path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
  }
  const SourceMap* locations_;
};

// The largest value a share can take: a prior whose support is the single point 0
// (`uniform: [0, 0]`) is always 0, exactly as a share fixed at 0.
double largest_possible(const Param& p) { return detail::param_support(p).second; }

void check_shares(const Checker& c, const std::string& path,
                  std::initializer_list<std::pair<const char*, const Param*>> shares) {
  // Priors are renormalised draw by draw (docs/model.md), which needs a positive sum: shares
  // that are all 0 together would leave the whole amount to whichever rule comes last.
  bool can_be_positive = false;
  for (const auto& [name, p] : shares) can_be_positive = can_be_positive || largest_possible(*p) > 0;
  if (!can_be_positive)
    c.fail(path, "expected shares of which at least one can be positive; these are all 0 in every draw");
  double sum = 0;
  std::string terms;
  for (const auto& [name, p] : shares) {
    if (!p->is_fixed()) return;
    sum += p->value();
    terms += fmt::format("{}{} {}", terms.empty() ? "" : " + ", name, detail::format_number(p->value()));
  }
  if (std::fabs(sum - 1) > kShareTolerance)
    c.fail(path, fmt::format("expected shares that sum to 1, got {:.12g} ({})", sum, terms));
}

void check_ranges(const ScenarioDef& def, const Checker& c) {
  ScenarioDef copy = def;
  for (const auto& f : detail::list_fields(copy)) {
    if (f.info.kind == FieldKind::number) {
      if (const std::string bad = detail::check_range(f.info, f.get_number()); !bad.empty())
        c.fail(f.info.path, "expected " + bad);
    } else if (f.info.kind == FieldKind::integer) {
      const auto v = static_cast<double>(f.get_integer());
      if (v < f.info.min || v > f.info.max)
        c.fail(f.info.path,
               fmt::format("expected a whole number in [{}, {}], got {}", detail::format_number(f.info.min),
                           detail::format_number(f.info.max), detail::format_number(v)));
    }
  }
}

void check_time(const ScenarioDef& def, const Checker& c) {
  if (def.time.horizon_months < def.time.programme_months)
    c.fail("time.horizon_months",
           fmt::format("expected a horizon at least as long as the programme ({} months), got {}",
                       def.time.programme_months, def.time.horizon_months));
  if (def.time.diagnostic_months >= def.time.horizon_months)
    c.fail("time.diagnostic_months",
           fmt::format("expected a diagnostic phase shorter than the horizon ({} months; joint purchasing "
                       "could never start), got {}",
                       def.time.horizon_months, def.time.diagnostic_months));
  if (def.window_months() > def.time.horizon_months)
    c.fail("targets.window_months", fmt::format("expected a window within the horizon ({} months), got {}",
                                                def.time.horizon_months, def.window_months()));
}

void check_agencies(const ScenarioDef& def, const Checker& c) {
  if (def.agencies.empty()) c.fail("agencies", "expected at least one agency");
  double explicit_thb = 0;
  bool budget_known = def.programme.budget_thb.is_fixed() && def.programme.overhead_share.is_fixed();
  for (const AgencyDef& a : def.agencies) {
    const std::string at = "agencies." + a.id;
    if (a.budget_thb.is_set() && a.budget_share.is_set())
      c.fail(at + ".budget_share", "expected either budget_thb or budget_share, not both");
    const auto& s = a.strategy.split;
    check_shares(c, at + ".strategy.split",
                 {{"mentoring", &s.mentoring}, {"network", &s.network}, {"technology", &s.technology}});
    if (a.budget_thb.is_set()) {
      budget_known = budget_known && a.budget_thb.is_fixed();
      explicit_thb += a.budget_thb.value();
    }
    if (a.budget_share.is_set()) {
      budget_known = budget_known && a.budget_share.is_fixed();
      explicit_thb += a.budget_share.value() * def.programme.budget_thb.value() *
                      (1 - def.programme.overhead_share.value());
    }
  }
  if (budget_known) {
    const double available = def.programme.budget_thb.value() * (1 - def.programme.overhead_share.value());
    // Also within it to the satang as the model allocates (resolve_budget_allocation, whose
    // overhead is rounded to the satang): budgets pinned to their allocations
    // (apply_parameter_settings) fill exactly that, which B (1 - overhead) may miss by a satang.
    const BudgetAllocation alloc = resolve_budget_allocation(def);
    const bool fits_satang = alloc.explicit_satang <= alloc.budget_satang - alloc.overhead_satang;
    if (explicit_thb > available * (1 + 1e-12) + 1e-6 && !fits_satang)
      c.fail("agencies", fmt::format("expected agency budgets within the programme budget after "
                                     "overhead ({} THB), got {} THB",
                                     detail::format_number(available), detail::format_number(explicit_thb)));
  }
}

// Limits far above a national programme (3.2 million SMEs) that keep every count of the
// model within its integer types (firm indices are 32-bit).
constexpr long long kMaxNetworks = 1'000'000;
constexpr double kMaxFirms = 200'000'000;

void check_population(const ScenarioDef& def, const Checker& c) {
  double firms = 0;
  for (const ClusterSpec& n : expand_networks(def)) firms += std::floor(members_upper_bound(n.members));
  if (firms > kMaxFirms)
    c.fail(def.networks.list.empty() ? "networks.generate.members" : "networks.list",
           fmt::format("expected at most {} SMEs in all networks together, got up to {}",
                       detail::format_number(kMaxFirms), detail::format_number(firms)));
}

// A list the scenario inherits is not in the file the user is looking at: say where it comes
// from and how to generate networks instead (docs/scenario.md "How a file is read" (merge rules)).
std::string inherited_list_hint(const ScenarioDef& def, const Checker& c) {
  const std::string file = c.file_of("networks.list");
  if (def.networks.list.empty() || file.empty() || file == c.file_of("")) return "";
  return fmt::format(
      "; networks.list comes from the parent scenario ({}): `networks: {{list: ~}}` generates "
      "every agency's networks instead",
      file);
}

// A child that adds agencies to a parent's keeps the parent's too; when the new ones do not fit
// with what the parent brings, say how to replace them (docs/scenario.md "How a file is read" (merge rules)).
std::string inherited_agencies_hint(const ScenarioDef& def, const Checker& c) {
  const std::string root = c.file_of("");
  std::vector<std::string> inherited;
  for (const AgencyDef& a : def.agencies) {
    const std::string file = c.file_of("agencies." + a.id);
    if (!file.empty() && file != root) inherited.push_back(a.id);
  }
  if (inherited.empty() || inherited.size() == def.agencies.size()) return "";
  return fmt::format(
      "; {} of the {} agencies ({}) are the parent scenario's, kept beside this file's: "
      "`agencies: {{replace: true, list: [...]}}` replaces them",
      inherited.size(), def.agencies.size(), fmt::join(inherited, ", "));
}

// The groups in a message: all of them, up to twenty (the 18 official groups fit).
std::string group_list(const std::vector<std::string>& groups) {
  constexpr std::size_t kShown = 20;
  if (groups.size() <= kShown) return fmt::format("{}", fmt::join(groups, ", "));
  return fmt::format("{}, … ({} in all)", fmt::join(groups.begin(), groups.begin() + kShown, ", "),
                     groups.size());
}

// Every province group a network names is declared (docs/scenario.md "province_groups"): a typo
// must not make a group of its own.
void check_province_groups(const ScenarioDef& def, const Checker& c) {
  const std::vector<std::string>& groups = declared_province_groups(def);
  auto check = [&](const std::string& group, const std::string& path) {
    if (std::find(groups.begin(), groups.end(), group) != groups.end()) return;
    c.fail(path, fmt::format("`{}` is not a declared province group{}; expected one of {}: {}", group,
                             detail::did_you_mean(group, groups),
                             def.province_groups.empty()
                                 ? "the 18 official groups (a scenario may declare its own in the top-level "
                                   "`province_groups`)"
                                 : "the groups of the top-level `province_groups`",
                             group_list(groups)));
  };
  for (const NetworkDef& n : def.networks.list)
    if (!n.province_group.empty()) check(n.province_group, "networks.list." + n.id + ".province_group");
  for (const AgencyDef& a : def.agencies)
    for (const ProvinceGroupCount& g : a.province_groups)
      check(g.group, "agencies." + a.id + ".province_groups." + g.group);
}

// `agencies[].province_groups` generates the agency's networks: only without networks.list, and
// with `networks`, when given, equal to their sum (docs/scenario.md "agencies[] entry").
void check_province_group_counts(const ScenarioDef& def, const Checker& c) {
  for (const AgencyDef& a : def.agencies) {
    if (a.province_groups.empty()) continue;
    const std::string at = "agencies." + a.id;
    if (!def.networks.list.empty())
      c.fail(
          at + ".province_groups",
          "expected no province_groups while networks.list lists every network one by one: province_groups "
          "generates the agency's networks, which needs networks without a list" +
              inherited_list_hint(def, c));
    long long sum = 0;
    std::vector<std::string> terms;
    for (const ProvinceGroupCount& g : a.province_groups) {
      sum += g.networks;
      terms.push_back(fmt::format("{}: {}", g.group, g.networks));
    }
    if (sum != a.networks)
      c.fail(at + ".networks",
             fmt::format(
                 "expected {}, the sum of the agency's province_groups ({}), got {}; leave `networks` out "
                 "(it is then the sum) or make them agree",
                 sum, fmt::join(terms, " + "), a.networks));
  }
}

void check_networks(const ScenarioDef& def, const Checker& c) {
  check_province_group_counts(def, c);
  std::map<std::string, int> listed;
  std::set<std::string> ids;
  for (const AgencyDef& a : def.agencies) listed[a.id] = 0;
  for (const NetworkDef& n : def.networks.list) {
    const auto it = listed.find(n.agency);
    if (it == listed.end())
      c.fail("networks.list." + n.id + ".agency",
             fmt::format("expected the id of an agency in `agencies`, got `{}`", n.agency));
    ++it->second;
  }
  if (!def.networks.list.empty()) {
    for (const AgencyDef& a : def.agencies)
      if (listed[a.id] != a.networks)
        c.fail("agencies." + a.id + ".networks",
               fmt::format("networks do not add up: agency {} leads {} networks but {} are listed "
                           "in networks.list{}{}",
                           a.id, a.networks, listed[a.id], inherited_list_hint(def, c),
                           listed[a.id] == 0 ? inherited_agencies_hint(def, c) : ""));
  } else {
    for (const AgencyDef& a : def.agencies)
      if (a.networks > 0 && a.sectors.empty())
        c.fail("agencies." + a.id + ".sectors",
               "expected at least one sector to generate this agency's networks from");
  }
  // 64-bit sums: a million networks for each of thousands of agencies overflowed an int.
  long long total = 0;
  for (const AgencyDef& a : def.agencies) total += a.networks;
  if (total == 0) c.fail("agencies", "expected at least one network in all");
  if (total > kMaxNetworks)
    c.fail("agencies", fmt::format("expected at most {} networks in all, got {}", kMaxNetworks, total));
  auto check_degree = [&](const TopologyDef& t, const std::string& at) {
    if (t.kind == TopologyKind::small_world && t.degree % 2 != 0)
      c.fail(at, fmt::format("expected an even small-world degree, got {}", t.degree));
  };
  check_degree(def.networks.topology, "networks.generate.topology.degree");
  for (const NetworkDef& n : def.networks.list)
    if (n.topology.is_set) check_degree(n.topology, "networks.list." + n.id + ".topology.degree");
}

// `uncertainty.correlations` (docs/scenario.md): each path one prior drawn per replication,
// each pair once, and a positive definite matrix; when it is not, the error names the first
// pair (in file order) whose addition makes it fail, the pairs not yet added counting as 0.
std::string correlation_at(std::size_t i) { return fmt::format("uncertainty.correlations[{}]", i); }

void check_correlation_path(const std::vector<detail::Field>& fields, const detail::FieldsByPath& by_path,
                            const PriorCorrelation& c, std::size_t i, std::size_t j) {
  const std::string& path = c.between[j];
  const std::string at = fmt::format("{}.between[{}]", correlation_at(i), j);
  auto refuse = [&](const std::string& message) { throw ScenarioError(c.path_where[j], at, message); };
  if (path.find('*') != std::string::npos)
    refuse(
        fmt::format("`{}` names several parameters through `*`; expected one parameter per path (one "
                    "correlation per pair of priors)",
                    path));
  const detail::Field* f = by_path.find(path);
  if (f == nullptr) {
    std::vector<std::string> paths;
    for (const auto& x : fields) paths.push_back(x.info.path);
    refuse(fmt::format("`{}` names no parameter; nearest valid paths: {}", path,
                       fmt::join(detail::closest(path, paths, 3), ", ")));
  }
  if (f->info.kind != FieldKind::number || !f->info.distributable)
    refuse(fmt::format("`{}` cannot be a prior; expected a parameter whose value is a distribution", path));
  if (detail::drawn_per_network(path))
    refuse(
        fmt::format("`{}` is drawn per network, not once per replication; expected a prior drawn once per "
                    "replication",
                    path));
  if (!detail::is_replication_prior(*f))
    refuse(
        fmt::format("`{}` is {} in the resolved scenario, not a prior; expected a parameter whose value is a "
                    "distribution such as {{uniform: [lo, hi]}}",
                    path, f->get_number().is_set() ? "the number " + describe(f->get_number()) : "`auto`"));
}

void check_correlations(const ScenarioDef& def) {
  const auto& correlations = def.uncertainty.correlations;
  if (correlations.empty()) return;
  ScenarioDef copy = def;
  const std::vector<detail::Field> fields = detail::list_fields(copy);
  const detail::FieldsByPath by_path(fields);
  // Each pair in either order, to the first correlation that names it: O(pairs log pairs)
  // rather than comparing every correlation with every earlier one.
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> first_of_pair;
  for (std::size_t i = 0; i < correlations.size(); ++i) {
    const PriorCorrelation& c = correlations[i];
    for (std::size_t j = 0; j < 2; ++j) check_correlation_path(fields, by_path, c, i, j);
    const std::string_view a = c.between[0], b = c.between[1];
    const auto [at, added] = first_of_pair.emplace(std::pair{std::min(a, b), std::max(a, b)}, i);
    if (!added)
      throw ScenarioError(
          c.where, correlation_at(i),
          fmt::format("the pair {} and {} is already correlated by {}; expected each pair once", c.between[0],
                      c.between[1], correlation_at(at->second)));
  }
  const detail::CorrelatedPriors set = detail::correlated_priors(def, fields);
  if (const auto k = detail::first_failing_pair(set.paths.size(), set.pairs)) {
    const PriorCorrelation& c = correlations[*k];
    throw ScenarioError(
        c.where, correlation_at(*k),
        fmt::format(
            "the correlation matrix is not positive definite (no joint distribution has these rank "
            "correlations together): adding the correlations one at a time in file order, it first fails "
            "at the rank correlation {} between {} and {}; weaken it or those it contradicts",
            detail::format_number(c.rank_correlation), c.between[0], c.between[1]));
  }
}

}  // namespace

double members_upper_bound(const Param& p) {
  switch (p.kind) {
    case DistributionKind::normal:
      return p.args[0] + 4 * p.args[1];
    case DistributionKind::lognormal:
      return std::exp(p.args[0] + 4 * p.args[1]);
    default:
      return largest_possible(p);
  }
}

void validate(const ScenarioDef& def, const SourceMap* locations) {
  const Checker c(locations);
  // Each rule group is checked even when an earlier one failed: all problems at once, in file
  // order (a group stops at its first, since its later rules may read what that one checks).
  detail::ErrorCollector errors;
  errors.attempt([&] {
    if (const std::string bad = detail::folder_name_problem(def.name); !bad.empty())
      c.fail("name", "expected a name that can be a folder name (it names the results folder): " + bad);
  });
  errors.attempt([&] { check_ranges(def, c); });
  errors.attempt([&] { check_time(def, c); });
  const auto& mix = def.sme.size_mix;
  errors.attempt([&] {
    check_shares(c, "sme.size_mix", {{"micro", &mix.micro}, {"small", &mix.small}, {"medium", &mix.medium}});
  });
  errors.attempt([&] { check_agencies(def, c); });
  errors.attempt([&] { check_province_groups(def, c); });
  errors.attempt([&] { check_networks(def, c); });
  errors.attempt([&] { check_population(def, c); });
  errors.attempt([&] { check_correlations(def); });
  errors.raise();
}

}  // namespace smesim
