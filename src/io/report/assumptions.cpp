#include "io/report/assumptions.hpp"

#include <map>

#include <fmt/format.h>

#include "io/report/html_text.hpp"
#include "io/report/model_sources.hpp"
#include "io/report/number_text.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail::report {
namespace {

using nlohmann::json;

struct Leaf {
  std::string path;
  std::string value;
  bool prior = false;
};

bool is_prior(const json& node) {
  if (!node.is_object() || node.size() != 1) return false;
  const auto first = node.begin();
  const std::string& name = first.key();
  return first.value().is_array() && (name == "uniform" || name == "normal" || name == "lognormal" ||
                                      name == "beta" || name == "triangular");
}

std::string scalar_text(const json& node) {
  if (node.is_number()) return plain_number_text(node.get<double>());
  if (node.is_string()) return node.get<std::string>();
  if (node.is_boolean()) return node.get<bool>() ? "true" : "false";
  if (node.is_null()) return "auto";
  return node.dump();
}

std::string prior_text(const json& node) {
  const auto first = node.begin();
  const json& args = first.value();
  std::string out = first.key() + "(";
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + scalar_text(args[i]);
  return out + ")";
}

void flatten(const json& node, const std::string& path, std::vector<Leaf>& out) {
  if (is_prior(node)) {
    out.push_back({path, prior_text(node), true});
  } else if (node.is_object()) {
    for (const auto& [key, child] : node.items()) flatten(child, path.empty() ? key : path + "." + key, out);
  } else if (node.is_array()) {
    std::string text;
    for (const auto& element : node) text += (text.empty() ? "" : ", ") + scalar_text(element);
    out.push_back({path, text, false});
  } else {
    out.push_back({path, scalar_text(node), false});
  }
}

// Unit and meaning of every parameter, from the field registry (agency and network fields
// by their path relative to the entry).
struct FieldDocs {
  std::map<std::string, FieldInfo> top, agency, network;
  FieldDocs() {
    // The default scenario, with one network listed so that the network fields are named too.
    ScenarioDef def = default_scenario_def();
    def.networks.list.emplace_back();
    def.networks.list.back().id = "n";
    for (FieldInfo& f : parameter_fields(def)) {
      const std::string in_agency = after_segments(f.path, "agencies.", 1);
      const std::string in_network = after_segments(f.path, "networks.list.", 1);
      if (!in_agency.empty())
        agency.emplace(in_agency, f);
      else if (!in_network.empty())
        network.emplace(in_network, f);
      else
        top.emplace(f.path, f);
    }
  }
  // `path` after `prefix` and `skip` more dot-separated segments (an agency's or network's
  // id), or "" if it does not start with `prefix`.
  static std::string after_segments(const std::string& path, std::string_view prefix, int skip) {
    if (!path.starts_with(prefix)) return "";
    std::size_t at = prefix.size();
    for (int i = 0; i < skip && at != std::string::npos; ++i) {
      at = path.find('.', at);
      if (at != std::string::npos) ++at;
    }
    return at == std::string::npos ? "" : path.substr(at);
  }
};

std::string source_cell(std::string_view path) {
  const ParameterSource s = parameter_source(path);
  std::string out = escape_html(std::string(s.source));
  if (s.assumption)
    out = "<span class=\"assumption\" title=\"an assumption in docs/model.md\">A</span> " + out;
  return out;
}

std::string value_cell(const Leaf& leaf) {
  if (!leaf.prior) return escape_html(leaf.value);
  return fmt::format("<strong>{}</strong> <span class=\"note\">prior, drawn per replication</span>",
                     escape_html(leaf.value));
}

std::string top_table(const json& scenario, const FieldDocs& docs) {
  std::vector<Leaf> leaves;
  for (const auto& [key, child] : scenario.items()) {
    if (key == "agencies") continue;
    if (key == "networks") {
      for (const auto& [nkey, nchild] : child.items())
        if (nkey != "list" && nkey != "resolved") flatten(nchild, "networks." + nkey, leaves);
      continue;
    }
    flatten(child, key, leaves);
  }
  std::string out =
      "<div class=\"table-wrap\"><table id=\"parameter-table\"><thead><tr><th>Parameter</th><th>Value or "
      "prior</th>"
      "<th>Unit</th><th>Meaning</th><th>Source (docs/model.md \u00a79)</th></tr></thead><tbody>";
  for (const auto& leaf : leaves) {
    const auto it = docs.top.find(leaf.path);
    const std::string unit = it == docs.top.end() ? "" : it->second.unit;
    const std::string doc = it == docs.top.end() ? "" : it->second.doc;
    out += fmt::format(
        "<tr "
        "data-parameter=\"{0}\"><td><code>{0}</code></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td></"
        "tr>",
        escape_html(leaf.path), value_cell(leaf), escape_html(unit), escape_html(doc),
        source_cell(leaf.path));
  }
  return out + "</tbody></table></div>";
}

std::string agency_table(const json& agencies, const FieldDocs& docs) {
  std::vector<std::string> ids;
  std::vector<std::string> paths;
  std::map<std::string, std::map<std::string, Leaf>> value;  // relative path -> agency -> leaf
  for (const auto& agency : agencies) {
    const auto id_field = agency.find("id");
    const std::string id =
        id_field != agency.end() && id_field->is_string() ? id_field->get<std::string>() : "?";
    ids.push_back(id);
    std::vector<Leaf> leaves;
    for (const auto& [key, child] : agency.items())
      if (key != "id") flatten(child, key, leaves);
    for (auto& leaf : leaves) {
      if (value.find(leaf.path) == value.end()) paths.push_back(leaf.path);
      value[leaf.path][id] = leaf;
    }
  }
  std::string out =
      "<div class=\"table-wrap\"><table "
      "id=\"agency-parameter-table\"><thead><tr><th>Parameter</th><th>Unit</th>";
  for (const auto& id : ids) out += fmt::format("<th>{}</th>", escape_html(id));
  out += "<th>Source</th></tr></thead><tbody>";
  for (const auto& path : paths) {
    const auto it = docs.agency.find(path);
    out += fmt::format("<tr data-parameter=\"agencies.*.{0}\"><td><code>{0}</code></td><td>{1}</td>",
                       escape_html(path), escape_html(it == docs.agency.end() ? "" : it->second.unit));
    for (const auto& id : ids) {
      const auto v = value[path].find(id);
      out += "<td>" + (v == value[path].end() ? std::string() : value_cell(v->second)) + "</td>";
    }
    out += "<td>" + source_cell("agencies.*." + path) + "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string network_table(const json& list) {
  std::vector<std::string> columns;
  std::vector<std::vector<Leaf>> rows;
  for (const auto& network : list) {
    std::vector<Leaf> leaves;
    flatten(network, "", leaves);
    for (const auto& leaf : leaves)
      if (std::find(columns.begin(), columns.end(), leaf.path) == columns.end()) columns.push_back(leaf.path);
    rows.push_back(std::move(leaves));
  }
  std::string out = "<div class=\"table-wrap\"><table id=\"network-parameter-table\"><thead><tr>";
  for (const auto& c : columns) out += fmt::format("<th><code>{}</code></th>", escape_html(c));
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& c : columns) {
      const auto it = std::find_if(row.begin(), row.end(), [&](const Leaf& l) { return l.path == c; });
      out += "<td>" + (it == row.end() ? std::string() : value_cell(*it)) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div>";
}

}  // namespace

Section assumptions_section(const json& scenario) {
  const FieldDocs docs;
  std::string html =
      "<p>Every parameter of the scenario as resolved for this run (defaults filled in). A prior is drawn "
      "afresh in "
      "each replication, so its uncertainty is part of the intervals above. "
      "<span class=\"assumption\">A</span> marks a value docs/model.md calls an assumption: a "
      "judgement, not a measurement, and a candidate for a sensitivity analysis.</p>";
  html += "<h3>Programme, targets, SMEs and dynamics</h3>" + top_table(scenario, docs);
  if (scenario.contains("agencies") && !scenario.at("agencies").empty())
    html += "<h3>Agencies and their strategies</h3>" + agency_table(scenario.at("agencies"), docs);
  if (scenario.contains("networks") && scenario.at("networks").contains("list") &&
      !scenario.at("networks").at("list").empty())
    html += "<details><summary>Listed networks (" +
            std::to_string(scenario.at("networks").at("list").size()) +
            ") <span class=\"assumption\">A</span> sectors and places</summary>" +
            network_table(scenario.at("networks").at("list")) + "</details>";
  return {"assumptions", "Assumptions", html};
}

Section provenance_section(const json& manifest) {
  struct Item {
    const char* key;
    const char* label;
  };
  constexpr Item wanted[] = {{"version", "smesim version"},
                             {"git_revision", "git revision"},
                             {"scenario_name", "scenario"},
                             {"scenario_source", "scenario file"},
                             {"scenario_hash", "scenario hash"},
                             {"seed", "seed"},
                             {"replications", "replications"},
                             {"replications_per_point", "replications per point"},
                             {"replications_per_variant", "replications per variant"},
                             {"replications_per_value", "replications per value"},
                             {"identity", "experiment identity"},
                             {"started_utc", "started (UTC)"},
                             {"finished_utc", "finished (UTC)"},
                             {"command_line", "command line"}};
  std::string html = "<dl class=\"provenance\">";
  for (const auto& item : wanted) {
    const bool required =
        std::string_view(item.key) == "version" || std::string_view(item.key) == "git_revision" ||
        std::string_view(item.key) == "scenario_hash" || std::string_view(item.key) == "seed" ||
        std::string_view(item.key) == "finished_utc";
    if (!manifest.contains(item.key)) {
      if (required)
        html += fmt::format("<dt>{}</dt><dd data-key=\"{}\">not recorded</dd>", item.label, item.key);
      continue;
    }
    const auto& v = manifest.at(item.key);
    html += fmt::format("<dt>{}</dt><dd data-key=\"{}\">{}</dd>", item.label, item.key,
                        escape_html(v.is_string() ? v.get<std::string>() : v.dump()));
  }
  return {"provenance", "Provenance", html + "</dl>"};
}

}  // namespace smesim::detail::report
