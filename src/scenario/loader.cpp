// YAML document -> ScenarioDef: `extends`, key-by-key conversion through the field
// registry, exact error positions, then validate().
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenario/document.hpp"
#include "scenario/error_collector.hpp"
#include "scenario/experiment_file.hpp"
#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace detail {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxExtendsDepth = 16;

DocNode load_document(std::string_view text, const std::string& label, const fs::path& base_dir,
                      std::set<std::string>& chain);

DocNode resolve_extends(DocNode doc, const fs::path& base_dir, std::set<std::string>& chain) {
  if (!doc.is_map()) return doc;
  const DocNode* ext = doc.find("extends");
  if (ext == nullptr) return doc;
  if (!ext->is_scalar() || ext->scalar.empty())
    fail(ext->where, "extends", "expected `default` or the path of a scenario file");
  if (chain.size() >= kMaxExtendsDepth)
    fail(ext->where, "extends", "scenarios extend each other too deeply (a cycle?)");
  DocNode parent;
  if (ext->scalar == "default") {
    if (!chain.insert(std::string(kBuiltinScenarioLabel)).second)
      fail(ext->where, "extends", "the built-in scenario cannot extend itself");
    parent = load_document(builtin_scenario_yaml(), std::string(kBuiltinScenarioLabel), {}, chain);
  } else {
    fs::path p = fs::path(ext->scalar);
    if (p.is_relative()) p = base_dir / p;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(p, ec);
    if (!chain.insert(canonical.string()).second)
      fail(ext->where, "extends", fmt::format("`{}` extends itself (a cycle)", ext->scalar));
    if (!fs::exists(p, ec)) fail(ext->where, "extends", fmt::format("no scenario file `{}`", p.string()));
    std::string text;
    try {
      text = read_text(p.string());
    } catch (const ScenarioError& e) {
      // The parent could not be read at all (a device, a folder, too large): the place to fix
      // is this `extends` line.
      fail(ext->where, "extends", fmt::format("cannot use `{}`: {}", p.string(), e.message()));
    }
    parent = load_document(text, p.string(), p.parent_path(), chain);
  }
  doc.erase("extends");
  merge_documents(parent, doc);
  return parent;
}

DocNode load_document(std::string_view text, const std::string& label, const fs::path& base_dir,
                      std::set<std::string>& chain) {
  DocNode doc = read_yaml(text, label);
  if (!doc.is_map())
    fail(doc.where, "",
         fmt::format("expected a map of scenario keys (name, agencies, ...), got {}", describe_node(doc)));
  // Every file names itself, also one that extends another: inheriting the parent's name would
  // write its results into the parent's folder.
  if (doc.find("name") == nullptr) fail(doc.where, "name", "required key missing (the scenario's name)");
  return resolve_extends(std::move(doc), base_dir, chain);
}

// ---------------------------------------------------------------------------------------
// Scalars

const std::map<std::string, DistributionKind, std::less<>>& distribution_kinds() {
  static const std::map<std::string, DistributionKind, std::less<>> kinds{
      {"uniform", DistributionKind::uniform},
      {"normal", DistributionKind::normal},
      {"lognormal", DistributionKind::lognormal},
      {"beta", DistributionKind::beta},
      {"triangular", DistributionKind::triangular}};
  return kinds;
}

Param parse_param(const DocNode& node, const FieldInfo& info) {
  double value = 0;
  if (node.is_scalar() && info.optional && node.scalar == "auto") return Param{};
  if (parse_number(node, value)) return Param(value);
  const std::string expected = info.distributable
                                   ? "expected a number or a distribution such as {uniform: [lo, hi]}"
                                   : "expected a number";
  if (!node.is_map() || !info.distributable) fail(node.where, info.path, expected + got(node));
  if (node.entries.size() != 1) fail(node.where, info.path, expected + " (one distribution key)");
  const auto& [name, args] = node.entries.front();
  const auto kind_it = distribution_kinds().find(name);
  if (kind_it == distribution_kinds().end()) {
    std::vector<std::string> names;
    for (const auto& [k, v] : distribution_kinds()) names.push_back(k);
    fail(node.key_locations.front(), info.path,
         fmt::format("unknown distribution `{}`{}; expected one of {}", name, did_you_mean(name, names),
                     fmt::join(names, ", ")));
  }
  Param p(kind_it->second, {});
  const auto arity = static_cast<std::size_t>(distribution_arity(p.kind));
  if (!args.is_sequence() || args.items.size() != arity)
    fail(args.where, info.path, fmt::format("expected {} numbers for {}{}", arity, name, got(args)));
  for (std::size_t i = 0; i < arity; ++i)
    if (!parse_number(args.items[i], p.args[i]))
      fail(args.items[i].where, info.path, "expected a number" + got(args.items[i]));
  return p;
}

// ---------------------------------------------------------------------------------------
// Maps of fields

struct FieldIndex {
  std::map<std::string, const Field*, std::less<>> by_path;
  std::map<std::string, std::vector<const Field*>, std::less<>> groups;
  std::set<std::string, std::less<>> interior;  // proper prefixes of field paths
  std::set<std::string, std::less<>> handled;   // keys converted elsewhere (lists, extends)

  explicit FieldIndex(const std::vector<Field>& fields) {
    for (const Field& f : fields) {
      by_path.emplace(f.info.path, &f);
      if (!f.group.empty()) groups[f.group].push_back(&f);
      for (std::size_t dot = f.info.path.find('.'); dot != std::string::npos;
           dot = f.info.path.find('.', dot + 1))
        interior.insert(f.info.path.substr(0, dot));
    }
  }

  std::vector<std::string> children(const std::string& prefix) const {
    std::set<std::string> keys;
    auto collect = [&](const std::string& path) {
      if (path.compare(0, prefix.size(), prefix) != 0) return;
      const std::string rest = path.substr(prefix.size());
      keys.insert(rest.substr(0, rest.find('.')));
    };
    for (const auto& [path, f] : by_path) collect(path);
    for (const auto& path : handled) collect(path);
    return {keys.begin(), keys.end()};
  }
};

class Converter {
 public:
  Converter(SourceMap& locations, ErrorCollector& errors) : locations_(locations), errors_(errors) {}

  /// Every key of `map`; a bad one is kept in the collector and the next is read.
  void apply_map(const DocNode& map, const std::string& prefix, const FieldIndex& index) {
    for (std::size_t i = 0; i < map.entries.size(); ++i)
      errors_.attempt([&] { apply_entry(map, i, prefix, index); });
  }

 private:
  void apply_entry(const DocNode& map, std::size_t i, const std::string& prefix, const FieldIndex& index) {
    const auto& [key, value] = map.entries[i];
    const std::string path = prefix + key;
    if (index.handled.contains(path)) return;
    locations_[path] = value.where;
    if (const auto f = index.by_path.find(path); f != index.by_path.end()) {
      set_field(*f->second, value);
    } else if (const auto g = index.groups.find(path); g != index.groups.end() && !value.is_map()) {
      set_group(g->second, value, path);
    } else if (index.interior.contains(path)) {
      if (!value.is_map()) fail(value.where, path, "expected a map" + got(value));
      apply_map(value, path + ".", index);
    } else {
      const auto keys = index.children(prefix);
      fail(map.key_locations[i], path,
           fmt::format("unknown key `{}`{}; expected one of: {}", key, did_you_mean(key, keys),
                       fmt::join(keys, ", ")));
    }
  }

  void set_field(const Field& f, const DocNode& node) {
    const FieldInfo& info = f.info;
    switch (info.kind) {
      case FieldKind::number: {
        const Param p = parse_param(node, info);
        if (const std::string bad = check_range(info, p); !bad.empty())
          fail(node.where, info.path, "expected " + bad);
        f.set_number(p);
        return;
      }
      case FieldKind::integer: {
        double v = 0;
        if (!parse_number(node, v) || v != std::floor(v))
          fail(node.where, info.path, "expected a whole number" + got(node));
        if (v < info.min || v > info.max)
          fail(node.where, info.path,
               fmt::format("expected a whole number in [{}, {}], got {}", format_number(info.min),
                           format_number(info.max), format_number(v)));
        f.set_integer(static_cast<long long>(v));
        return;
      }
      case FieldKind::text:
        if (!node.is_scalar()) fail(node.where, info.path, "expected text" + got(node));
        f.set_text(node.scalar);
        return;
      case FieldKind::choice:
        if (!node.is_scalar() ||
            std::find(info.choices.begin(), info.choices.end(), node.scalar) == info.choices.end())
          fail(node.where, info.path,
               fmt::format("expected one of {}{}{}", fmt::join(info.choices, ", "), got(node),
                           node.is_scalar() ? did_you_mean(node.scalar, info.choices) : ""));
        f.set_text(node.scalar);
        return;
      case FieldKind::sector_list: {
        std::vector<Sector> sectors;
        const std::vector<DocNode> single{node};
        const auto& items = node.is_sequence() ? node.items : single;
        for (const DocNode& item : items) {
          Sector s{};
          if (!item.is_scalar() || !parse_sector(item.scalar, s))
            fail(item.where, info.path,
                 fmt::format("expected a list of sectors ({}){}{}", fmt::join(info.choices, ", "), got(item),
                             item.is_scalar() ? did_you_mean(item.scalar, info.choices) : ""));
          if (std::find(sectors.begin(), sectors.end(), s) == sectors.end()) sectors.push_back(s);
        }
        f.set_sectors(std::move(sectors));
        return;
      }
    }
  }

  void set_group(const std::vector<const Field*>& slots, const DocNode& node, const std::string& path) {
    if (node.is_sequence()) {
      if (node.items.size() != slots.size()) {
        std::vector<std::string> names;
        for (const Field* f : slots) names.push_back(f->info.path.substr(path.size() + 1));
        fail(node.where, path,
             fmt::format("expected {} values [{}], got {}", slots.size(), fmt::join(names, ", "),
                         node.items.size()));
      }
      for (std::size_t i = 0; i < slots.size(); ++i) set_field(*slots[i], node.items[i]);
      return;
    }
    if (slots.front()->broadcast) {
      for (const Field* f : slots) set_field(*f, node);
      return;
    }
    fail(node.where, path, "expected a map or a list" + got(node));
  }

  SourceMap& locations_;
  ErrorCollector& errors_;
};

// Ids are keys of parameter paths (`agencies.<id>.budget_thb`) and of random streams, typed
// on command lines and in study files: ASCII only, whatever the locale (docs/scenario.md).
bool valid_id(const std::string& id) {
  if (id.empty() || id == "*") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string entry_id(const DocNode& entry, const std::string& list, std::size_t i) {
  const std::string where = fmt::format("{}[{}]", list, i);
  if (!entry.is_map()) fail(entry.where, where, "expected a map with an `id`" + got(entry));
  const DocNode* id = entry.find("id");
  if (id == nullptr) fail(entry.where, where, "expected an `id`");
  if (!id->is_scalar() || !valid_id(id->scalar))
    fail(id->where, where + ".id",
         fmt::format("expected an id of ASCII letters, digits, `-` and `_` (ids are keys of parameter paths "
                     "such as {}.<id>.{}){}; put the full name, in Thai or any script, in `name`",
                     list, list == "agencies" ? "budget_thb" : "members", got(*id)));
  return id->scalar;
}

// `agencies[].province_groups: {North Upper 1: 3, East: 2}` (docs/scenario.md "agencies[]
// entry"): how many of the agency's generated networks go to each group, in file order.
// Whether the groups are declared, and whether `networks` agrees, is validate()'s.
void convert_province_group_counts(AgencyDef& agency, const DocNode& entry, const std::string& prefix,
                                   SourceMap& locations) {
  const DocNode* node = entry.find("province_groups");
  if (node == nullptr) return;
  const std::string at = prefix + ".province_groups";
  locations[at] = node->where;
  agency.province_groups.clear();
  if (node->is_null()) return;  // `province_groups: ~`: round-robin, as without the key
  if (!node->is_map())
    fail(node->where, at,
         "expected a map of province groups to network counts, such as {North Upper 1: 3, East: 2}" +
             got(*node));
  constexpr double kMaxCount = 1e6;
  double sum = 0;
  for (std::size_t k = 0; k < node->entries.size(); ++k) {
    const auto& [group, count] = node->entries[k];
    const std::string path = at + "." + group;
    locations[path] = node->key_locations[k];
    double v = 0;
    if (!parse_number(count, v) || v != std::floor(v) || v < 0 || v > kMaxCount)
      fail(count.where, path,
           fmt::format("expected a whole number of networks in [0, {}]{}", format_number(kMaxCount),
                       got(count)));
    agency.province_groups.push_back({group, static_cast<int>(v)});
    sum += v;
  }
  if (sum > kMaxCount)
    fail(node->where, at,
         fmt::format("expected at most {} networks in all the agency's groups, got {}",
                     format_number(kMaxCount), format_number(sum)));
  // Without `networks` the count is the sum; with it, validate() checks that they agree.
  if (entry.find("networks") == nullptr) agency.networks = static_cast<int>(sum);
}

// The top-level `province_groups`: the groups networks may name (docs/scenario.md
// "province_groups"). Absent or `~`: the 18 official groups.
std::vector<std::string> convert_province_groups(const DocNode& node, SourceMap& locations) {
  locations["province_groups"] = node.where;
  std::vector<std::string> groups;
  if (node.is_null()) return groups;
  if (!node.is_sequence())
    fail(node.where, "province_groups",
         "expected a list of province group names, such as [North Upper 1, East]" + got(node));
  if (node.items.empty())
    fail(node.where, "province_groups",
         "expected at least one province group (leave the key out for the 18 official groups)");
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const DocNode& item = node.items[i];
    const std::string at = fmt::format("province_groups[{}]", i);
    if (!item.is_scalar() || item.scalar.empty())
      fail(item.where, at, "expected the name of a province group" + got(item));
    if (std::find(groups.begin(), groups.end(), item.scalar) != groups.end())
      fail(item.where, at,
           fmt::format("`{}` is declared twice; expected each province group once", item.scalar));
    groups.push_back(item.scalar);
  }
  return groups;
}

// Keys of a list entry converted by its own code rather than through the field registry
// (`agencies[].province_groups`).
template <class Def>
struct OwnKeys {
  std::vector<std::string> keys;
  std::function<void(Def&, const DocNode& entry, const std::string& prefix)> convert;
};

template <class Def, class ListFields>
std::vector<Def> convert_list(const DocNode& node, const std::string& list_path, Converter& conv,
                              ErrorCollector& errors, SourceMap& locations, ListFields list_fields,
                              const std::vector<std::string>& required, const OwnKeys<Def>& own = {}) {
  if (!node.is_sequence()) fail(node.where, list_path, "expected a list" + got(node));
  std::vector<Def> out;
  out.reserve(node.items.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    // A bad entry is kept in the collector; the others are still read.
    errors.attempt([&] {
      const DocNode& entry = node.items[i];
      const std::string id = entry_id(entry, list_path, i);
      const std::string prefix = list_path + "." + id;
      if (!seen.insert(id).second) fail(entry.find("id")->where, prefix, "duplicate id");
      if (entry.find("remove") != nullptr)
        fail(entry.find("remove")->where, prefix + ".remove",
             "`remove` applies only to agencies of a scenario that `extends` another");
      for (const auto& key : required)
        if (entry.find(key) == nullptr) fail(entry.where, prefix + "." + key, "required key missing");
      Def def{};
      def.id = id;
      const std::vector<Field> fields = list_fields(def, prefix + ".");
      FieldIndex index(fields);
      index.handled.insert(prefix + ".id");
      for (const auto& key : own.keys) index.handled.insert(prefix + "." + key);
      locations[prefix] = entry.where;
      conv.apply_map(entry, prefix + ".", index);
      if (own.convert) own.convert(def, entry, prefix);
      out.push_back(std::move(def));
    });
  }
  return out;
}

// `uncertainty.correlations`: read here for its shape; what the paths name, and whether the
// matrix is positive definite, is checked by validate() on the resolved scenario.
PriorCorrelation convert_correlation(const DocNode& entry, const std::string& at) {
  if (!entry.is_map())
    fail(entry.where, at, "expected a map {between: [path, path], rank_correlation: number}" + got(entry));
  static const std::vector<std::string> keys{"between", "rank_correlation"};
  for (std::size_t k = 0; k < entry.entries.size(); ++k) {
    const std::string& key = entry.entries[k].first;
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      fail(entry.key_locations[k], at + "." + key,
           fmt::format("unknown key `{}`{}; expected one of: {}", key, did_you_mean(key, keys),
                       fmt::join(keys, ", ")));
  }
  for (const auto& key : keys)
    if (entry.find(key) == nullptr) fail(entry.where, at + "." + key, "required key missing");
  PriorCorrelation c;
  c.where = entry.where;
  const DocNode& between = *entry.find("between");
  if (!between.is_sequence() || between.items.size() != 2)
    fail(between.where, at + ".between", "expected a list of two parameter paths" + got(between));
  for (std::size_t j = 0; j < 2; ++j) {
    const DocNode& path = between.items[j];
    if (!path.is_scalar() || path.scalar.empty())
      fail(path.where, fmt::format("{}.between[{}]", at, j), "expected a parameter path" + got(path));
    c.between[j] = path.scalar;
    c.path_where[j] = path.where;
  }
  if (c.between[0] == c.between[1])
    fail(between.items[1].where, at + ".between[1]",
         fmt::format("expected two different parameters, got `{}` twice", c.between[0]));
  const DocNode& rho = *entry.find("rank_correlation");
  if (!parse_number(rho, c.rank_correlation) || !(std::fabs(c.rank_correlation) <= 1))
    fail(rho.where, at + ".rank_correlation", "expected a number in (-1, 1)" + got(rho));
  if (std::fabs(c.rank_correlation) == 1)
    fail(rho.where, at + ".rank_correlation",
         fmt::format("expected a number strictly between -1 and 1, got {}: a rank correlation of ±1 makes "
                     "one prior a function of the other and the correlation matrix singular; give the "
                     "parameter one prior and derive the other, or use e.g. {}",
                     format_number(c.rank_correlation), c.rank_correlation > 0 ? "0.99" : "-0.99"));
  return c;
}

UncertaintyDef convert_uncertainty(const DocNode& node, SourceMap& locations) {
  locations["uncertainty"] = node.where;
  UncertaintyDef out;
  if (node.is_null()) return out;
  if (!node.is_map()) fail(node.where, "uncertainty", "expected a map with `correlations`" + got(node));
  for (std::size_t k = 0; k < node.entries.size(); ++k) {
    const auto& [key, value] = node.entries[k];
    if (key != "correlations")
      fail(node.key_locations[k], "uncertainty." + key,
           fmt::format("unknown key `{}`{}; expected one of: correlations", key,
                       did_you_mean(key, {"correlations"})));
    locations["uncertainty.correlations"] = value.where;
    if (value.is_null()) continue;
    if (!value.is_sequence()) fail(value.where, "uncertainty.correlations", "expected a list" + got(value));
    for (std::size_t i = 0; i < value.items.size(); ++i)
      out.correlations.push_back(
          convert_correlation(value.items[i], fmt::format("uncertainty.correlations[{}]", i)));
  }
  return out;
}

ScenarioDef convert_document(const DocNode& root, SourceMap& locations) {
  ScenarioDef def = default_scenario_def();
  locations[""] = root.where;
  // Every part is read even when an earlier one has errors: all of them are reported at once.
  ErrorCollector errors;
  errors.attempt([&] {
    if (root.find("name") == nullptr) fail(root.where, "name", "required key missing (the scenario's name)");
  });
  Converter conv(locations, errors);
  if (const DocNode* agencies = root.find("agencies")) {
    // In a file without `extends`, `{replace: true, list: [...]}` says what a plain list does:
    // its agencies replace the nine of the C++ defaults.
    errors.attempt([&] {
      const DocNode& list = *read_agencies_node(*agencies).list;
      locations["agencies"] = list.where;
      const OwnKeys<AgencyDef> own{
          {"province_groups"}, [&locations](AgencyDef& a, const DocNode& entry, const std::string& prefix) {
            convert_province_group_counts(a, entry, prefix, locations);
          }};
      def.agencies =
          convert_list<AgencyDef>(list, "agencies", conv, errors, locations, list_agency_fields, {}, own);
    });
  }
  if (const DocNode* groups = root.find("province_groups"))
    def.province_groups = convert_province_groups(*groups, locations);
  const std::vector<Field> fields = list_top_fields(def);
  FieldIndex index(fields);
  index.handled = {"agencies", "networks.list", "uncertainty", "province_groups"};
  index.interior.insert("networks");
  conv.apply_map(root, "", index);
  // After the top level, so a listed network that sets some topology keys starts from
  // networks.generate.topology for the others.
  if (const DocNode* networks = root.find("networks"); networks != nullptr && networks->is_map()) {
    if (const DocNode* list = networks->find("list")) {
      locations["networks.list"] = list->where;
      if (!list->is_null())
        errors.attempt([&] {
          def.networks.list = convert_list<NetworkDef>(*list, "networks.list", conv, errors, locations,
                                                       [&def](NetworkDef& n, const std::string& prefix) {
                                                         n.topology = def.networks.topology;
                                                         n.topology.is_set = false;
                                                         return list_network_fields(n, prefix);
                                                       },
                                                       {"agency", "sector"});
        });
    }
  }
  if (const DocNode* uncertainty = root.find("uncertainty"))
    errors.attempt([&] { def.uncertainty = convert_uncertainty(*uncertainty, locations); });
  errors.attempt([&] {
    if (def.name.empty() && root.find("name") != nullptr)
      fail(locations["name"], "name", "expected a non-empty name");
  });
  errors.raise();
  return def;
}

}  // namespace
}  // namespace detail

LoadedScenario load_scenario_text(std::string_view text, const std::string& label) {
  namespace fs = std::filesystem;
  std::set<std::string> chain{label};
  const fs::path base = label == kBuiltinScenarioLabel ? fs::path() : fs::path(label).parent_path();
  const detail::DocNode doc = detail::load_document(text, label, base, chain);
  LoadedScenario out;
  out.source = label;
  out.def = detail::convert_document(doc, out.locations);
  validate(out.def, &out.locations);
  return out;
}

LoadedScenario load_scenario_file(const std::string& path) {
  return load_scenario_text(detail::read_text(path), path);
}

LoadedScenario load_builtin_scenario() {
  return load_scenario_text(builtin_scenario_yaml(), std::string(kBuiltinScenarioLabel));
}

}  // namespace smesim
