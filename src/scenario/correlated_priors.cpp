#include "scenario/correlated_priors.hpp"

#include <algorithm>

namespace smesim::detail {
namespace {

const Field* find_prior(const std::vector<Field>& fields, const std::string& path) {
  for (const Field& f : fields)
    if (f.info.path == path) return is_replication_prior(f) ? &f : nullptr;
  return nullptr;
}

}  // namespace

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
  auto usable = [&](const PriorCorrelation& c) {
    return find_prior(fields, c.between[0]) != nullptr && find_prior(fields, c.between[1]) != nullptr;
  };
  for (const Field& f : fields) {
    const bool named = std::any_of(correlations.begin(), correlations.end(), [&](const PriorCorrelation& c) {
      return usable(c) && (c.between[0] == f.info.path || c.between[1] == f.info.path);
    });
    if (named) out.paths.push_back(f.info.path);
  }
  auto index = [&](const std::string& path) {
    return static_cast<std::size_t>(std::find(out.paths.begin(), out.paths.end(), path) - out.paths.begin());
  };
  for (const PriorCorrelation& c : correlations)
    if (usable(c))
      out.pairs.push_back(
          {index(c.between[0]), index(c.between[1]), normal_correlation_from_rank(c.rank_correlation)});
  return out;
}

void drop_fixed_correlations(ScenarioDef& def) {
  auto& correlations = def.uncertainty.correlations;
  if (correlations.empty()) return;
  ScenarioDef probe = def;
  const std::vector<Field> fields = list_fields(probe);
  std::erase_if(correlations, [&](const PriorCorrelation& c) {
    return find_prior(fields, c.between[0]) == nullptr || find_prior(fields, c.between[1]) == nullptr;
  });
}

}  // namespace smesim::detail
