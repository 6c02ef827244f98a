#pragma once
// The priors of `uncertainty.correlations` as the copula sees them (docs/model.md
// "Correlated priors"): which parameters, in which order, and the matrix's pairs.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/gaussian_copula.hpp"
#include "scenario/fields.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Members priors are drawn per network by the model (Purpose::cluster_members), not once per
/// replication: they are neither realised nor correlated.
bool drawn_per_network(std::string_view path);

/// True for a number that is a prior drawn once per replication.
bool is_replication_prior(const Field& f);

/// @brief The fields of a list_fields result by path (the first field of each path), made in
/// one pass. Correlations name their priors by path, and a scenario may have hundreds of
/// agencies and pairs: finding each path by scanning the fields made validation and every
/// replication's prior draw cost fields × pairs string comparisons.
class FieldsByPath {
 public:
  /// @param fields  must outlive this index
  explicit FieldsByPath(const std::vector<Field>& fields);
  /// The first field whose path is `path`, or nullptr.
  [[nodiscard]] const Field* find(std::string_view path) const;

 private:
  std::unordered_map<std::string_view, const Field*> by_path_;
};

/// How many FieldsByPath::find calls this process has made: a test bounds the work of
/// correlated priors by this count, which no machine's speed changes.
std::uint64_t field_path_lookups();

/// How many times this process has factorised a copula's correlation matrix for a prior draw
/// (realise_priors keeps the last factor of each thread): once per variant and thread, not
/// once per replication.
std::uint64_t copula_factorisations();

struct CorrelatedPriors {
  std::vector<std::string> paths;          ///< in parameter document order (list_fields)
  std::vector<std::size_t> field_indices;  ///< each path's position in the fields given
  std::vector<CorrelatedPair> pairs;       ///< in file order; indices into `paths`
};

/// @brief The priors named by def.uncertainty.correlations and their pairs, from `fields`
/// (list_fields of def), in O(fields + pairs). A correlation naming anything but a prior
/// drawn once per replication is left out (validate() refuses one in a scenario file; a study
/// that fixes a correlated parameter drops its correlations, drop_fixed_correlations).
CorrelatedPriors correlated_priors(const ScenarioDef& def, const std::vector<Field>& fields);

/// @brief Removes the correlations naming a parameter that is no longer a prior: what a study
/// variant that sets a correlated prior to a number draws (docs/scenario.md "uncertainty").
void drop_fixed_correlations(ScenarioDef& def);

}  // namespace smesim::detail
