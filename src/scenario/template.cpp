// The resolved scenario as JSON (manifest.json) and the `smesim init` template, both
// rendered from the field registry so they always agree with the loader.
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

}  // namespace

std::string resolved_scenario_json(const ScenarioDef& def) {
  ScenarioDef copy = def;
  ordered_json root = fields_json(detail::list_top_fields(copy), "");
  ordered_json agencies = ordered_json::array();
  for (auto& a : copy.agencies) {
    ordered_json entry{{"id", a.id}};
    agencies.push_back(fields_json(detail::list_agency_fields(a, ""), "", entry));
  }
  root["agencies"] = agencies;
  ordered_json listed = ordered_json::array();
  for (auto& n : copy.networks.list) {
    ordered_json entry{{"id", n.id}};
    listed.push_back(fields_json(detail::list_network_fields(n, ""), "", entry));
  }
  root["networks"]["list"] = listed;
  ordered_json expanded = ordered_json::array();
  for (const ClusterSpec& c : expand_networks(def)) {
    expanded.push_back({{"id", c.id},
                        {"agency", c.agency >= 0 ? def.agencies[static_cast<std::size_t>(c.agency)].id : ""},
                        {"sector", to_string(c.sector)},
                        {"province_group", c.province_group},
                        {"members", param_json(c.members)},
                        {"topology", to_string(c.topology.kind)}});
  }
  root["networks"]["resolved"] = expanded;
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
  // networks.generate and networks.list under one `networks` key.
  out += "networks:\n";
  render_fields(out, networks, "networks.", 2, false, false);
  if (!copy.networks.list.empty()) {
    out += "  list:\n";
    for (NetworkDef& n : copy.networks.list) {
      out +=
          "    - id: " + nlohmann::json(n.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
          "\n";
      render_fields(out, detail::list_network_fields(n, ""), "", 6, false, false);
    }
  }
  out += copy.agencies.empty() ? "agencies: []\n" : "agencies:\n";
  for (AgencyDef& a : copy.agencies) {
    out += "  - id: " + nlohmann::json(a.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
    render_fields(out, detail::list_agency_fields(a, ""), "", 4, false, false);
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

}  // namespace smesim
