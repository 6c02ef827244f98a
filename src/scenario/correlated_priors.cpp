#include "scenario/correlated_priors.hpp"

#include <algorithm>
#include <atomic>

namespace smesim::detail {
namespace {

std::atomic<std::uint64_t> g_field_path_lookups{0};

const Field* find_prior(const FieldsByPath& fields, std::string_view path) {
  const Field* f = fields.find(path);
  return f != nullptr && is_replication_prior(*f) ? f : nullptr;
}

}  // namespace

FieldsByPath::FieldsByPath(const std::vector<Field>& fields) {
  by_path_.reserve(fields.size());
  for (const Field& f : fields) by_path_.emplace(f.info.path, &f);  // the first of a path stays
}

const Field* FieldsByPath::find(std::string_view path) const {
  g_field_path_lookups.fetch_add(1, std::memory_order_relaxed);
  const auto at = by_path_.find(path);
  return at == by_path_.end() ? nullptr : at->second;
}

std::uint64_t field_path_lookups() { return g_field_path_lookups.load(std::memory_order_relaxed); }

bool drawn_per_network(std::string_view path) {
  return path == "networks.generate.members" ||
         (path.starts_with("networks.list.") && path.ends_with(".members"));
}

bool is_replication_prior(const Field& f) {
  if (f.info.kind != FieldKind::number || drawn_per_network(f.info.path)) return false;
  const Param p = f.get_number();
  return p.is_set() && !p.is_fixed();
}

CorrelatedPriors correlated_priors(const ScenarioDef& def, const std::vector<Field>& fields) {
  CorrelatedPriors out;
  const auto& correlations = def.uncertainty.correlations;
  if (correlations.empty()) return out;
  const FieldsByPath by_path(fields);
  std::vector<bool> usable(correlations.size());
  std::vector<bool> named(fields.size(), false);
  for (std::size_t c = 0; c < correlations.size(); ++c) {
    const Field* first = find_prior(by_path, correlations[c].between[0]);
    const Field* second = find_prior(by_path, correlations[c].between[1]);
    usable[c] = first != nullptr && second != nullptr;
    if (!usable[c]) continue;
    named[static_cast<std::size_t>(first - fields.data())] = true;
    named[static_cast<std::size_t>(second - fields.data())] = true;
  }
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!named[i]) continue;
    index.emplace(fields[i].info.path, out.paths.size());
    out.paths.push_back(fields[i].info.path);
    out.field_indices.push_back(i);
  }
  for (std::size_t c = 0; c < correlations.size(); ++c)
    if (usable[c])
      out.pairs.push_back({index.at(correlations[c].between[0]), index.at(correlations[c].between[1]),
                           normal_correlation_from_rank(correlations[c].rank_correlation)});
  return out;
}

void drop_fixed_correlations(ScenarioDef& def) {
  auto& correlations = def.uncertainty.correlations;
  if (correlations.empty()) return;
  ScenarioDef probe = def;
  const std::vector<Field> fields = list_fields(probe);
  const FieldsByPath by_path(fields);
  std::erase_if(correlations, [&](const PriorCorrelation& c) {
    return find_prior(by_path, c.between[0]) == nullptr || find_prior(by_path, c.between[1]) == nullptr;
  });
}

}  // namespace smesim::detail
