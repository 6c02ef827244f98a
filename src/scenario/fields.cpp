#include "scenario/fields.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace smesim::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::vector<std::string> kDimensionNames{"process", "management", "market"};
const std::vector<std::string> kClassNames{"micro", "small", "medium"};
const std::vector<std::string> kSectorNames{"manufacturing", "trade", "services", "agriculture"};
const std::vector<std::string> kTargetingNames{"broad", "laggards", "leaders", "hubs", "largest"};
const std::vector<std::string> kTopologyNames{"small_world", "complete", "random", "scale_free"};

struct Range {
  double min = 0;
  double max = kInf;
};

// Builds the field list for one part of a scenario; every accessor captures a reference
// into the ScenarioDef being described.
class Builder {
 public:
  explicit Builder(std::vector<Field>& out, std::string prefix) : out_(out), prefix_(std::move(prefix)) {}

  Field& number(const std::string& path, Param& p, Range r, std::string unit, std::string doc,
                bool distributable = true, bool optional = false) {
    Field& f = add(path, FieldKind::number, std::move(unit), std::move(doc));
    f.info.min = r.min;
    f.info.max = r.max;
    f.info.distributable = distributable;
    f.info.optional = optional;
    f.get_number = [&p] { return p; };
    f.set_number = [&p](const Param& v) { p = v; };
    return f;
  }

  Field& fixed_number(const std::string& path, double& v, Range r, std::string unit, std::string doc) {
    Field& f = add(path, FieldKind::number, std::move(unit), std::move(doc));
    f.info.min = r.min;
    f.info.max = r.max;
    f.get_number = [&v] { return Param(v); };
    f.set_number = [&v](const Param& p) { v = p.value(); };
    return f;
  }

  template <class Int>
  Field& integer(const std::string& path, Int& v, Range r, std::string unit, std::string doc) {
    Field& f = add(path, FieldKind::integer, std::move(unit), std::move(doc));
    f.info.min = r.min;
    f.info.max = r.max;
    f.get_integer = [&v] { return static_cast<long long>(v); };
    f.set_integer = [&v](long long x) { v = static_cast<Int>(x); };
    return f;
  }

  Field& text(const std::string& path, std::string& v, std::string doc) {
    Field& f = add(path, FieldKind::text, "", std::move(doc));
    f.get_text = [&v] { return v; };
    f.set_text = [&v](const std::string& x) { v = x; };
    return f;
  }

  template <class Enum>
  Field& choice(const std::string& path, Enum& v, const std::vector<std::string>& names, std::string doc) {
    Field& f = add(path, FieldKind::choice, "", std::move(doc));
    f.info.choices = names;
    f.get_text = [&v, &names] { return names[static_cast<std::size_t>(v)]; };
    f.set_text = [&v, &names](const std::string& x) {
      for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == x) v = static_cast<Enum>(i);
    };
    return f;
  }

  Field& sectors(const std::string& path, std::vector<Sector>& v, std::string doc) {
    Field& f = add(path, FieldKind::sector_list, "", std::move(doc));
    f.info.choices = kSectorNames;
    f.get_text = [&v] {
      std::vector<std::string> names;
      for (Sector s : v) names.emplace_back(to_string(s));
      return fmt::format("[{}]", fmt::join(names, ", "));
    };
    f.set_sectors = [&v](std::vector<Sector> x) { v = std::move(x); };
    return f;
  }

  /// A list-valued key whose slots are named (`focus: [P, M, K]` = `focus.process`, ...).
  template <std::size_t N>
  void group(const std::string& path, std::array<Param, N>& values,
             const std::vector<std::string>& slot_names, Range r, const std::string& unit,
             const std::string& doc, bool broadcast, bool optional = false) {
    for (std::size_t i = 0; i < N; ++i) {
      Field& f = number(path + "." + slot_names[i], values[i], r, unit, doc, true, optional);
      f.group = prefix_ + path;
      f.slot = static_cast<int>(i);
      f.broadcast = broadcast;
    }
  }

  void by_class(const std::string& path, ByClass& v, Range r, const std::string& unit,
                const std::string& doc) {
    Param* slots[] = {&v.micro, &v.small, &v.medium};
    for (std::size_t i = 0; i < 3; ++i) {
      Field& f = number(path + "." + kClassNames[i], *slots[i], r, unit, doc);
      f.group = prefix_ + path;
      f.slot = static_cast<int>(i);
    }
  }

  const std::string& prefix() const { return prefix_; }

 private:
  Field& add(const std::string& path, FieldKind kind, std::string unit, std::string doc) {
    Field& f = out_.emplace_back();
    f.info.path = prefix_ + path;
    f.info.kind = kind;
    f.info.unit = std::move(unit);
    f.info.doc = std::move(doc);
    return f;
  }

  std::vector<Field>& out_;
  std::string prefix_;
};

void topology_fields(Builder& b, const std::string& path, TopologyDef& t) {
  // Setting any topology key of a listed network makes it stop inheriting the generated one.
  auto touch = [&t](Field& f) {
    if (f.set_number) {
      auto inner = f.set_number;
      f.set_number = [inner, &t](const Param& p) {
        inner(p);
        t.is_set = true;
      };
    }
    if (f.set_integer) {
      auto inner = f.set_integer;
      f.set_integer = [inner, &t](long long x) {
        inner(x);
        t.is_set = true;
      };
    }
    if (f.set_text) {
      auto inner = f.set_text;
      f.set_text = [inner, &t](const std::string& x) {
        inner(x);
        t.is_set = true;
      };
    }
  };
  touch(b.choice(path + ".kind", t.kind, kTopologyNames,
                 "network generator: small_world (Watts–Strogatz), complete, random "
                 "(Erdős–Rényi), scale_free (Barabási–Albert)"));
  touch(b.integer(path + ".degree", t.degree, {2, 1e6}, "links",
                  "small_world: ring-lattice degree, even (at most degree + 1 members: complete)"));
  touch(b.number(path + ".rewire", t.rewire, {0, 1}, "probability",
                 "small_world: probability that a lattice link is rewired"));
  touch(b.number(path + ".mean_degree", t.mean_degree, {0, 1e6}, "links",
                 "random: mean degree of the Erdős–Rényi graph"));
  touch(b.integer(path + ".m", t.m, {1, 1e6}, "links",
                  "scale_free: links each new member makes (Barabási–Albert m)"));
}

}  // namespace

std::string_view sector_name(int index) { return kSectorNames[static_cast<std::size_t>(index)]; }

bool parse_sector(std::string_view text, Sector& out) {
  for (std::size_t i = 0; i < kSectorNames.size(); ++i) {
    if (kSectorNames[i] == text) {
      out = static_cast<Sector>(i);
      return true;
    }
  }
  return false;
}

std::vector<Field> list_agency_fields(AgencyDef& a, const std::string& prefix) {
  std::vector<Field> out;
  Builder b(out, prefix);
  b.text("name", a.name, "full name of the agency (free text, any script), reported beside its id");
  b.integer("networks", a.networks, {0, 1e6}, "networks",
            "networks this agency leads (generated from it, or checked against networks.list)");
  b.sectors("sectors", a.sectors, "its own sectors: fit 1.0 there unless fit.<sector> says otherwise");
  b.number("budget_thb", a.budget_thb, {0, 1e13}, "THB",
           "its budget; `auto` = a share of what explicit budgets leave, in proportion to networks", true,
           true);
  b.number("budget_share", a.budget_share, {0, 1}, "share",
           "alternative to budget_thb: share of the programme budget after overhead", true, true);
  auto& s = a.strategy;
  b.number("strategy.split.mentoring", s.split.mentoring, {0, 1}, "share",
           "share of the agency budget for mentoring (split shares sum to 1)");
  b.number("strategy.split.network", s.split.network, {0, 1}, "share",
           "share for track 1, strengthening the network (trust building)");
  b.number("strategy.split.technology", s.split.technology, {0, 1}, "share",
           "share for track 2, technology, innovation and research projects");
  b.number("strategy.mentoring.cost_per_firm_month_thb", s.mentoring.cost_per_firm_month_thb, {1, 1e9},
           "THB per firm-month", "cost of mentoring one firm for one month");
  b.choice("strategy.mentoring.targeting", s.mentoring.targeting, kTargetingNames,
           "whom mentoring serves first: broad (random), laggards, leaders, hubs, largest (revenue)");
  b.integer("strategy.mentoring.engagement_months", s.mentoring.engagement_months, {0, 1200}, "months",
            "L: consecutive months of one engagement; every active firm starts one before any "
            "starts a second (docs/model.md §5 step 2); 0 = the v1 rule, re-ranked every month");
  b.group("strategy.mentoring.focus", s.mentoring.focus, kDimensionNames, {0, 1}, "weight",
          "weights w over process, management, market capability", true);
  b.group("strategy.mentoring.expertise", s.mentoring.expertise, kDimensionNames, {0, 1}, "level",
          "capability level e its mentors transfer, per dimension", true);
  b.number("strategy.network.reference_spend_thb_per_cluster_month",
           s.network.reference_spend_thb_per_cluster_month, {1, 1e12}, "THB per cluster-month",
           "monthly network spend per cluster that gives the full trust-building effect");
  b.number("strategy.technology.cost_per_project_thb", s.technology.cost_per_project_thb, {1, 1e12},
           "THB per project", "cost of one technology project");
  b.choice("strategy.technology.targeting", s.technology.targeting, kTargetingNames,
           "which non-adopters get technology projects first");
  b.number("fit.other", a.fit_other, {0, 1}, "multiplier", "expertise match outside its own sectors");
  for (int i = 0; i < kSectorCount; ++i)
    b.number(fmt::format("fit.{}", sector_name(i)), a.fit[static_cast<std::size_t>(i)], {0, 1}, "multiplier",
             "expertise match in this sector (`auto`: 1.0 if own, else fit.other)", true, true);
  return out;
}

std::vector<Field> list_network_fields(NetworkDef& n, const std::string& prefix) {
  std::vector<Field> out;
  Builder b(out, prefix);
  b.text("name", n.name, "name of the network (free text, any script), reported beside its id");
  b.text("agency", n.agency, "id of the lead agency");
  b.choice("sector", n.sector, kSectorNames, "manufacturing, trade, services or agriculture");
  b.text("province_group", n.province_group,
         "province group, one of `province_groups` (by default the 18 official groups)");
  b.number("members", n.members, {1, 1e7}, "SMEs", "members (`auto` = networks.generate.members)", true,
           true);
  topology_fields(b, "topology", n.topology);
  return out;
}

std::vector<Field> list_top_fields(ScenarioDef& d) {
  std::vector<Field> out;
  Builder b(out, "");
  b.text("name", d.name, "scenario name, used for the results folder (required)");
  b.text("description", d.description, "free text");
  b.integer("seed", d.seed, {0, 4294967295.0}, "", "random seed (Philox key word 0)");
  b.integer("replications", d.replications, {1, 1e8}, "", "Monte Carlo replications");
  b.integer("time.programme_months", d.time.programme_months, {1, 600}, "months",
            "P: months during which the programme spends");
  b.integer("time.horizon_months", d.time.horizon_months, {1, 1200}, "months",
            "H: months simulated (>= programme_months)");
  b.integer("time.diagnostic_months", d.time.diagnostic_months, {0, 1200}, "months",
            "joint purchasing can start at month t >= this (diagnostic phase)");
  b.number("programme.budget_thb", d.programme.budget_thb, {0, 1e13}, "THB", "programme budget B");
  b.number("programme.overhead_share", d.programme.overhead_share, {0, 1}, "share",
           "share kept by the programme office");
  b.fixed_number("targets.developed_smes", d.targets.developed_smes, {0, 1e9}, "SMEs",
                 "target: SMEs developed (not less than)");
  b.fixed_number("targets.expanded_smes", d.targets.expanded_smes, {0, 1e9}, "SMEs",
                 "target: SMEs expanding into new markets");
  b.fixed_number("targets.cost_reduction_thb", d.targets.cost_reduction_thb, {0, 1e15}, "THB",
                 "target: operating-cost reductions credited within the window");
  b.integer("targets.window_months", d.targets.window_months, {0, 1200}, "months",
            "months credited towards the targets; 0 = time.programme_months");
  b.number("networks.generate.members", d.networks.members, {1, 1e7}, "SMEs",
           "members per network; a prior is drawn per network");
  topology_fields(b, "networks.generate.topology", d.networks.topology);
  auto& s = d.sme;
  b.by_class("sme.size_mix", s.size_mix, {0, 1}, "share", "size-class mix of members (sums to 1)");
  b.by_class("sme.revenue_median_thb", s.revenue_median_thb, {1, 1e12}, "THB per year",
             "median revenue per size class (log-normal, truncated to the class bounds)");
  b.number("sme.revenue_sigma", s.revenue_sigma, {1e-3, 10}, "log units", "log-normal sigma of revenue");
  b.by_class("sme.employees_median", s.employees_median, {1, 1e6}, "employees",
             "median employees per size class (log-normal, truncated to the class bounds)");
  b.number("sme.employees_sigma", s.employees_sigma, {1e-3, 10}, "log units",
           "log-normal sigma of employees");
  b.number("sme.margin", s.margin, {0, 0.99}, "share", "profit margin: C0 = R (1 - margin)");
  b.group("sme.input_share", s.input_share, kSectorNames, {0, 1}, "share",
          "phi: purchased-input share of operating cost, by sector", false);
  b.group("sme.initial_capability.a", s.initial_capability_a, kDimensionNames, {0.01, 1e3}, "",
          "Beta(a, b) of initial capability: a per dimension", true);
  b.group("sme.initial_capability.b", s.initial_capability_b, kDimensionNames, {0.01, 1e3}, "",
          "Beta(a, b) of initial capability: b per dimension", true);
  b.number("sme.absorptive_capacity", s.absorptive_capacity, {0, 10}, "",
           "alpha0 in alpha = min(1, alpha0 (0.5 + mean initial capability))");
  auto& y = d.dynamics;
  b.number("dynamics.learning_rate", y.learning_rate, {0, 1}, "per mentored month", "beta");
  b.number("dynamics.spillover_per_month", y.spillover_per_month, {0, 1}, "per month", "sigma");
  b.number("dynamics.cost_elasticity", y.cost_elasticity, {0, 10}, "", "gamma: cost falls as exp(-gamma dm)");
  b.number("dynamics.trust.initial", y.trust.initial, {0, 1}, "", "T0");
  b.number("dynamics.trust.gain_per_month", y.trust.gain_per_month, {0, 1}, "per month", "eta");
  b.number("dynamics.trust.decay_per_month", y.trust.decay_per_month, {0, 1}, "per month", "omega");
  b.number("dynamics.trust.join_threshold", y.trust.join_threshold, {0, 1}, "",
           "theta_J: trust at which a cluster pools purchases");
  b.number("dynamics.joint_purchasing.max_discount", y.joint_purchasing.max_discount, {0, 1}, "share",
           "d_max");
  b.number("dynamics.joint_purchasing.half_volume_thb", y.joint_purchasing.half_volume_thb, {1, 1e15},
           "THB per year", "V0 in d = d_max (1 - exp(-V/V0))");
  b.number("dynamics.joint_purchasing.poolable_share", y.joint_purchasing.poolable_share, {0, 1}, "share",
           "psi: share of purchased inputs that can be pooled");
  b.number("dynamics.technology.success_probability", y.technology.success_probability, {0, 1}, "probability",
           "pi: a project succeeds with pi alpha");
  b.number("dynamics.technology.capability_jump", y.technology.capability_jump, {0, 1}, "",
           "process capability gain on success: jump (1 - kappa_P)");
  b.number("dynamics.technology.cost_cut", y.technology.cost_cut, {0, 1}, "share", "tau_A");
  b.number("dynamics.technology.p_per_year", y.technology.p_per_year, {0, 100}, "per year",
           "imitation hazard, independent part");
  b.number("dynamics.technology.q_per_year", y.technology.q_per_year, {0, 100}, "per year",
           "imitation hazard per adopted share of neighbours");
  b.number("dynamics.market.p_per_year", y.market.p_per_year, {0, 100}, "per year", "p0 (Bass p)");
  b.number("dynamics.market.capability_per_year", y.market.capability_per_year, {0, 100}, "per year",
           "p_kappa: per unit of market capability");
  b.number("dynamics.market.technology_per_year", y.market.technology_per_year, {0, 100}, "per year",
           "p_A: for adopters");
  b.number("dynamics.market.q_per_year", y.market.q_per_year, {0, 100}, "per year",
           "q (Bass q): per expanded share of neighbours");
  b.number("dynamics.market.revenue_uplift", y.market.revenue_uplift, {0, 100}, "share",
           "revenue gain on expansion");
  b.number("dynamics.dropout.base_per_year", y.dropout.base_per_year, {0, 100}, "per year",
           "dropout hazard at zero trust");
  b.number("dynamics.dropout.trust_protection", y.dropout.trust_protection, {0, 1}, "",
           "h = base (1 - protection T)");
  b.integer("dynamics.developed.min_mentored_months", y.developed.min_mentored_months, {0, 1200}, "months",
            "mentored months after which a firm counts as developed");
  return out;
}

std::vector<Field> list_fields(ScenarioDef& d) {
  std::vector<Field> out = list_top_fields(d);
  for (auto& a : d.agencies) {
    auto more = list_agency_fields(a, "agencies." + a.id + ".");
    std::move(more.begin(), more.end(), std::back_inserter(out));
  }
  for (auto& n : d.networks.list) {
    auto more = list_network_fields(n, "networks.list." + n.id + ".");
    std::move(more.begin(), more.end(), std::back_inserter(out));
  }
  return out;
}

std::string format_number(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);
}

namespace {

std::string expected_range(const FieldInfo& info) {
  if (info.max == kInf) return fmt::format("a number >= {}", format_number(info.min));
  return fmt::format("a number in [{}, {}]", format_number(info.min), format_number(info.max));
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

std::string check_range(const FieldInfo& info, const Param& p) {
  const auto& a = p.args;
  auto within = [&](double lo, double hi) { return lo >= info.min && hi <= info.max; };
  switch (p.kind) {
    case DistributionKind::unset:
      return info.optional ? "" : "a value (this key cannot be `auto`)";
    case DistributionKind::fixed:
      if (!std::isfinite(a[0]) || !within(a[0], a[0]))
        return fmt::format("{}, got {}", expected_range(info), format_number(a[0]));
      return "";
    case DistributionKind::uniform:
      if (a[0] > a[1])
        return fmt::format("uniform [lo, hi] with lo <= hi, got lo {} > hi {}", format_number(a[0]),
                           format_number(a[1]));
      if (!within(a[0], a[1])) return fmt::format("a prior within {}", expected_range(info));
      return "";
    case DistributionKind::triangular:
      if (!(a[0] <= a[1] && a[1] <= a[2])) return "triangular [lo, mode, hi] with lo <= mode <= hi";
      if (!within(a[0], a[2])) return fmt::format("a prior within {}", expected_range(info));
      return "";
    case DistributionKind::beta:
      if (!(a[0] > 0 && a[1] > 0)) return "beta [a, b] with a > 0 and b > 0";
      if (!within(0, 1)) return fmt::format("a prior within {} (beta lies in [0, 1])", expected_range(info));
      return "";
    case DistributionKind::normal:
    case DistributionKind::lognormal: {
      if (!(a[1] > 0)) return fmt::format("{} [.., sd] with sd > 0", distribution_name(p.kind));
      // Draws are truncated to the valid range; refuse a prior that almost never lands in it.
      const bool log = p.kind == DistributionKind::lognormal;
      const double lo = log ? (info.min > 0 ? std::log(info.min) : -kInf) : info.min;
      const double hi = log ? std::log(info.max) : info.max;
      const double mass = normal_cdf((hi - a[0]) / a[1]) - normal_cdf((lo - a[0]) / a[1]);
      if (!(mass > 1e-6))
        return fmt::format("a prior with some of its mass inside the valid range ({})", expected_range(info));
      return "";
    }
  }
  return "";
}

}  // namespace smesim::detail
