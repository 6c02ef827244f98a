// The resolved scenario as JSON (manifest.json) and the `smesim init` template, both
// rendered from the field registry so they always agree with the loader.
#include <algorithm>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "scenario/fields.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json param_json(const Param& p) {
  switch (distribution_arity(p.kind)) {
    case 0:
      return "auto";
    case 1:
      return p.value();
    default: {
      ordered_json args = ordered_json::array();
      for (int i = 0; i < distribution_arity(p.kind); ++i)
        args.push_back(p.args[static_cast<std::size_t>(i)]);
      return ordered_json{{distribution_name(p.kind), args}};
    }
  }
}

ordered_json field_json(const detail::Field& f) {
  switch (f.info.kind) {
    case FieldKind::number:
      return param_json(f.get_number());
    case FieldKind::integer:
      return f.get_integer();
    case FieldKind::sector_list: {
      ordered_json list = ordered_json::array();
      std::string text = f.get_text();  // "[a, b]"
      text = text.substr(1, text.size() - 2);
      std::size_t start = 0;
      while (!text.empty() && start <= text.size()) {
        const std::size_t comma = text.find(", ", start);
        list.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 2;
      }
      return list;
    }
    default:
      return f.get_text();
  }
}

void put(ordered_json& root, const std::string& relative_path, ordered_json value) {
  ordered_json* node = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = relative_path.find('.', start);
    const std::string key = relative_path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (dot == std::string::npos) {
      (*node)[key] = std::move(value);
      return;
    }
    node = &(*node)[key];
    start = dot + 1;
  }
}

ordered_json fields_json(const std::vector<detail::Field>& fields, const std::string& prefix,
                         ordered_json root = ordered_json::object()) {
  for (const auto& f : fields) put(root, f.info.path.substr(prefix.size()), field_json(f));
  return root;
}

// ---------------------------------------------------------------------------------------
// YAML rendering for the template

std::string yaml_value(const detail::Field& f) {
  switch (f.info.kind) {
    case FieldKind::number: {
      const Param p = f.get_number();
      if (distribution_arity(p.kind) <= 1) return p.is_set() ? detail::format_number(p.value()) : "auto";
      std::string args;
      for (int i = 0; i < distribution_arity(p.kind); ++i)
        args += (i ? ", " : "") + detail::format_number(p.args[static_cast<std::size_t>(i)]);
      return fmt::format("{{{}: [{}]}}", distribution_name(p.kind), args);
    }
    case FieldKind::integer:
      return fmt::format("{}", f.get_integer());
    case FieldKind::text:
      // A JSON string is a YAML double-quoted scalar: quotes, backslashes and control
      // characters in a name survive the round trip.
      return nlohmann::json(f.get_text()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    default:
      return f.get_text();
  }
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

// Emits fields as nested block maps; a list-valued key becomes one flow map line.
void render_fields(std::string& out, const std::vector<detail::Field>& fields, const std::string& prefix,
                   int base_indent, bool first_dash = false, bool comments = true) {
  std::vector<std::string> open;
  bool dash_pending = first_dash;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const detail::Field& f = fields[i];
    std::string rel = f.info.path.substr(prefix.size());
    std::string comment = f.info.doc + (f.info.unit.empty() ? "" : " [" + f.info.unit + "]");
    std::string value;
    if (!f.group.empty()) {
      if (f.slot != 0) continue;
      rel = f.group.substr(prefix.size());
      value = "{";
      for (std::size_t j = i; j < fields.size() && fields[j].group == f.group; ++j) {
        const std::string slot = fields[j].info.path.substr(f.group.size() + 1);
        value += (j > i ? ", " : "") + slot + ": " + yaml_value(fields[j]);
      }
      value += "}";
    } else {
      value = yaml_value(f);
    }
    auto segs = segments(rel);
    std::size_t common = 0;
    while (common < open.size() && common + 1 < segs.size() && open[common] == segs[common]) ++common;
    open.resize(common);
    for (std::size_t d = common; d + 1 < segs.size(); ++d) {
      const int indent = base_indent + 2 * static_cast<int>(d);
      out += std::string(static_cast<std::size_t>(indent - (dash_pending ? 2 : 0)), ' ');
      out += (dash_pending ? "- " : "") + segs[d] + ":\n";
      dash_pending = false;
      open.push_back(segs[d]);
    }
    const int indent = base_indent + 2 * static_cast<int>(segs.size() - 1);
    out += std::string(static_cast<std::size_t>(indent - (dash_pending ? 2 : 0)), ' ');
    out += fmt::format("{}{}: {}", dash_pending ? "- " : "", segs.back(), value);
    out += comments ? fmt::format("  # {}\n", comment) : "\n";
    dash_pending = false;
  }
}

// `uncertainty.correlations`, only when there are some: a scenario without them keeps the
// resolved JSON (and so the scenario hash) it had before correlations existed.
ordered_json correlations_json(const UncertaintyDef& u) {
  ordered_json list = ordered_json::array();
  for (const PriorCorrelation& c : u.correlations)
    list.push_back({{"between", {c.between[0], c.between[1]}}, {"rank_correlation", c.rank_correlation}});
  return list;
}

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string correlations_yaml(const UncertaintyDef& u) {
  if (u.correlations.empty()) return "";
  std::string out = "uncertainty:\n  correlations:\n";
  for (const PriorCorrelation& c : u.correlations)
    out += fmt::format("    - {{between: [{}, {}], rank_correlation: {}}}\n", quoted(c.between[0]),
                       quoted(c.between[1]), detail::format_number(c.rank_correlation));
  return out;
}

// `{North Upper 1: 3, East: 2}` with every group name quoted.
std::string province_group_counts_yaml(const std::vector<ProvinceGroupCount>& counts) {
  std::string out = "{";
  for (std::size_t i = 0; i < counts.size(); ++i)
    out += fmt::format("{}{}: {}", i ? ", " : "", quoted(counts[i].group), counts[i].networks);
  return out + "}";
}

// A scenario declares its own province groups when it gives a list other than the official
// one; only then are they part of its resolved form.
bool declares_province_groups(const ScenarioDef& def) {
  return !def.province_groups.empty() && def.province_groups != official_province_groups();
}

ordered_json province_group_counts_json(const AgencyDef& a) {
  ordered_json counts = ordered_json::object();
  for (const ProvinceGroupCount& g : a.province_groups) counts[g.group] = g.networks;
  return counts;
}

}  // namespace

// What keys that came after the first scenarios add is written only when they are used (a
// network's `name`, an agency's `province_groups`, the top-level `province_groups`,
// `uncertainty`): a scenario without them keeps the resolved JSON, and so the scenario hash,
// it had before they existed.
std::string resolved_scenario_json(const ScenarioDef& def) {
  ScenarioDef copy = def;
  ordered_json root = fields_json(detail::list_top_fields(copy), "");
  ordered_json agencies = ordered_json::array();
  for (auto& a : copy.agencies) {
    ordered_json entry{{"id", a.id}};
    entry = fields_json(detail::list_agency_fields(a, ""), "", entry);
    if (!a.province_groups.empty()) entry["province_groups"] = province_group_counts_json(a);
    agencies.push_back(std::move(entry));
  }
  root["agencies"] = agencies;
  ordered_json listed = ordered_json::array();
  for (auto& n : copy.networks.list) {
    ordered_json entry{{"id", n.id}};
    entry = fields_json(detail::list_network_fields(n, ""), "", entry);
    if (n.name.empty()) entry.erase("name");
    listed.push_back(std::move(entry));
  }
  root["networks"]["list"] = listed;
  ordered_json expanded = ordered_json::array();
  for (const ClusterSpec& c : expand_networks(def)) {
    ordered_json entry{{"id", c.id}};
    if (!c.name.empty()) entry["name"] = c.name;
    entry["agency"] = c.agency >= 0 ? def.agencies[static_cast<std::size_t>(c.agency)].id : "";
    entry["sector"] = to_string(c.sector);
    entry["province_group"] = c.province_group;
    entry["members"] = param_json(c.members);
    entry["topology"] = to_string(c.topology.kind);
    expanded.push_back(std::move(entry));
  }
  root["networks"]["resolved"] = expanded;
  if (declares_province_groups(def)) root["province_groups"] = def.province_groups;
  if (!def.uncertainty.correlations.empty())
    root["uncertainty"]["correlations"] = correlations_json(def.uncertainty);
  return root.dump(2);
}

std::string scenario_yaml(const ScenarioDef& def) {
  ScenarioDef copy = def;
  std::string out =
      "# A complete scenario: every value as resolved, nothing inherited (smesim scenario_yaml).\n";
  std::vector<detail::Field> top, networks;
  for (detail::Field& f : detail::list_top_fields(copy))
    (f.info.path.starts_with("networks.") ? networks : top).push_back(std::move(f));
  render_fields(out, top, "", 0, false, false);
  if (!copy.province_groups.empty()) {
    out += "province_groups:\n";
    for (const std::string& g : copy.province_groups) out += "  - " + quoted(g) + "\n";
  }
  // networks.generate and networks.list under one `networks` key.
  out += "networks:\n";
  render_fields(out, networks, "networks.", 2, false, false);
  if (!copy.networks.list.empty()) {
    out += "  list:\n";
    for (NetworkDef& n : copy.networks.list) {
      out +=
          "    - id: " + nlohmann::json(n.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
          "\n";
      std::vector<detail::Field> fields = detail::list_network_fields(n, "");
      // An empty name says nothing; leaving it out keeps the file as it was before names.
      if (n.name.empty()) std::erase_if(fields, [](const detail::Field& f) { return f.info.path == "name"; });
      render_fields(out, fields, "", 6, false, false);
    }
  }
  out += copy.agencies.empty() ? "agencies: []\n" : "agencies:\n";
  for (AgencyDef& a : copy.agencies) {
    out += "  - id: " + nlohmann::json(a.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
    render_fields(out, detail::list_agency_fields(a, ""), "", 4, false, false);
    if (!a.province_groups.empty())
      out += "    province_groups: " + province_group_counts_yaml(a.province_groups) + "\n";
  }
  out += correlations_yaml(copy.uncertainty);
  return out;
}

std::string template_scenario_yaml() {
  ScenarioDef def = load_builtin_scenario().def;
  std::string out =
      "# smesim scenario template (every key is documented in docs/scenario.md).\n"
      "# It extends the built-in OSMEP 2015 programme and restates its values: edit what you\n"
      "# need and delete the rest. Any number may be a prior instead: {uniform: [lo, hi]},\n"
      "# {normal: [mean, sd]}, {lognormal: [mu, sigma]}, {beta: [a, b]},\n"
      "# {triangular: [lo, mode, hi]} (drawn once per replication).\n"
      "extends: default\n";
  def.name = "my-programme";
  def.description = "A variant of the OSMEP 2015 SME network programme";
  render_fields(out, detail::list_top_fields(def), "", 0);
  out +=
      "# Agencies merge by id with the parent: an entry overrides only the keys it gives, a new\n"
      "# id adds an agency, `remove: true` drops one. The other eight agencies are inherited.\n"
      "# To replace all nine instead: agencies: {replace: true, list: [...]} (smesim init\n"
      "# --agencies N --networks M prints such a programme).\n"
      "agencies:\n";
  for (auto& a : def.agencies) {
    if (a.id != "DIP") continue;
    out += "  - id: DIP\n";
    render_fields(out, detail::list_agency_fields(a, ""), "", 4);
  }
  out +=
      "# The 54 networks are inherited from the parent's `networks.list`. To list your own,\n"
      "# give `networks: {list: [{id, agency, sector, province_group, members, topology}, ...]}`;\n"
      "# each agency's count in `networks` must match.\n"
      "# Priors that move together (a Gaussian copula; docs/scenario.md \"uncertainty\"): a\n"
      "# Spearman rank correlation in (-1, 1) between two priors' draws, each prior keeping its\n"
      "# own distribution. Both paths must be priors drawn once per replication (not `members`);\n"
      "# the correlations together must be possible (a positive definite matrix). Uncomment:\n"
      "# uncertainty:\n"
      "#   correlations:\n"
      "#     - {between: [dynamics.learning_rate, dynamics.cost_elasticity], rank_correlation: 0.5}\n"
      "#     - {between: [dynamics.dropout.base_per_year, dynamics.market.q_per_year], rank_correlation: "
      "-0.3}\n";
  return out;
}

namespace {

// The value of the top-level key `path` of `def` as the template writes it.
std::string top_value(ScenarioDef& def, const std::string& path) {
  for (const detail::Field& f : detail::list_top_fields(def))
    if (f.info.path == path) return yaml_value(f);
  SMESIM_ASSERT(false);
  return "";
}

// Agency i's networks per group, continuing round-robin over the official groups from where
// agency i - 1 stopped, in the order first reached: an even spread over the groups.
std::vector<ProvinceGroupCount> spread_over_groups(int networks, std::size_t& next_group) {
  const auto& groups = official_province_groups();
  std::vector<ProvinceGroupCount> counts;
  for (int k = 0; k < networks; ++k) {
    const std::string& group = groups[next_group++ % groups.size()];
    const auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.group == group; });
    if (it == counts.end()) {
      counts.push_back({group, 1});
    } else {
      ++it->networks;
    }
  }
  return counts;
}

}  // namespace

std::string template_scenario_yaml(int agency_count, int network_count) {
  if (agency_count < 1 || agency_count > kMaxTemplateAgencies || network_count < agency_count ||
      network_count > kMaxTemplateNetworks)
    throw std::invalid_argument(fmt::format(
        "expected 1 to {} agencies and, since every agency leads at least one network, at least as many "
        "networks as agencies and at most {}; got {} agencies and {} networks",
        kMaxTemplateAgencies, kMaxTemplateNetworks, agency_count, network_count));
  ScenarioDef base = load_builtin_scenario().def;
  std::string out = fmt::format(
      "# smesim scenario template: {0} agencies leading {1} networks (smesim init --agencies {0}\n"
      "# --networks {1}). Every key is documented in docs/scenario.md. It extends the built-in\n"
      "# OSMEP 2015 programme for its priors and dynamics, and replaces its agencies and networks\n"
      "# with the ones below: edit names, budgets, sectors and province groups. Any number may be\n"
      "# a prior instead: {{uniform: [lo, hi]}}, {{normal: [mean, sd]}}, {{lognormal: [mu, sigma]}},\n"
      "# {{beta: [a, b]}}, {{triangular: [lo, mode, hi]}} (drawn once per replication).\n"
      "extends: default\n"
      "name: my-programme  # names the results folder; any script works (โครงการ-2570)\n"
      "description: \"{0} agencies, {1} networks\"\n"
      "programme:\n"
      "  budget_thb: {2}  # programme budget B [THB]\n"
      "  overhead_share: {3}  # share kept by the programme office [share]\n"
      "# Targets are \"not less than\", counted over window_months: set the programme's own.\n"
      "targets:\n"
      "  developed_smes: {4}  # [SMEs]\n"
      "  expanded_smes: {5}  # [SMEs]\n"
      "  cost_reduction_thb: {6}  # [THB]\n"
      "  window_months: {7}  # [months]\n",
      agency_count, network_count, top_value(base, "programme.budget_thb"),
      top_value(base, "programme.overhead_share"), top_value(base, "targets.developed_smes"),
      top_value(base, "targets.expanded_smes"), top_value(base, "targets.cost_reduction_thb"),
      top_value(base, "targets.window_months"));
  out +=
      "# The province groups networks may be in: the 18 official groups. Declare your own list to\n"
      "# use others; every group an agency or a listed network names must be declared here.\n"
      "province_groups:\n";
  for (const std::string& g : official_province_groups()) out += "  - " + g + "\n";
  out += fmt::format(
      "# Networks are generated from the agencies below (`list: ~` drops the built-in list of 54).\n"
      "networks:\n"
      "  list: ~\n"
      "  generate:\n"
      "    members: {}  # members per network [SMEs]; a prior is drawn per network\n"
      "# `replace: true`: these agencies replace the built-in nine (a plain list would merge with\n"
      "# them by id). An agency's networks are generated in the province groups it names, as many\n"
      "# in each as the count says (named <id>-01, <id>-02, ...); its `networks` is their sum.\n"
      "# Every other agency key (strategy, fit) is in docs/scenario.md \"agencies[] entry\".\n"
      "agencies:\n"
      "  replace: true\n"
      "  list:\n",
      top_value(base, "networks.generate.members"));
  const std::vector<const char*> sectors{"manufacturing", "trade", "services", "agriculture"};
  const std::size_t width = std::max<std::size_t>(2, std::to_string(agency_count).size());
  std::size_t next_group = 0;
  for (int i = 0; i < agency_count; ++i) {
    // An even split: the first `network_count % agency_count` agencies lead one more.
    const int networks = network_count / agency_count + (i < network_count % agency_count ? 1 : 0);
    std::string groups;
    for (const ProvinceGroupCount& c : spread_over_groups(networks, next_group))
      groups += fmt::format("{}{}: {}", groups.empty() ? "" : ", ", c.group, c.networks);
    const bool first = i == 0;
    out += fmt::format("    - id: AG{:0{}}{}\n", i + 1, width,
                       first ? "  # ASCII letters, digits, - and _: a key of parameter paths" : "");
    out += fmt::format("      name: \"Agency {}\"{}\n", i + 1,
                       first ? "  # the full name, in any script (กรมส่งเสริมอุตสาหกรรม)" : "");
    out += fmt::format("      sectors: [{}]{}\n", sectors[static_cast<std::size_t>(i) % sectors.size()],
                       first ? "  # its networks take these round-robin" : "");
    out += fmt::format(
        "      budget_thb: auto{}\n",
        first ? "  # or an amount in THB; auto: a share of what fixed budgets leave, by networks" : "");
    out += fmt::format("      province_groups: {{{}}}{}\n", groups,
                       first ? fmt::format("  # networks per group, {} in all", networks) : "");
    out +=
        fmt::format("      strategy:\n        split: {{mentoring: 0.5, network: 0.2, technology: 0.3}}{}\n",
                    first ? "  # shares of its budget, sum 1" : "");
  }
  return out;
}

}  // namespace smesim
