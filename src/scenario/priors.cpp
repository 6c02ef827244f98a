// docs/model.md §8: priors drawn once per replication on their own stream; those named in
// `uncertainty.correlations` through a Gaussian copula (docs/model.md "Correlated priors").
#include <algorithm>
#include <atomic>
#include <optional>
#include <span>

#include "analysis/gaussian_copula.hpp"
#include "random/sampling.hpp"
#include "scenario/correlated_priors.hpp"
#include "scenario/fields.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/prior_draws.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

// Φ(z) is clamped this far inside (0, 1) so that every inverse CDF stays finite: 2^-53 is
// the gap below 1 of the largest double under 1, and Φ(z) rounds to 1 for z above 8.3.
constexpr double kUnitMargin = 0x1p-53;

// Shares given as priors cannot be forced to sum to 1 draw by draw; they are renormalised.
void renormalise(std::initializer_list<Param*> shares) {
  double sum = 0;
  for (const Param* p : shares) sum += p->value();
  if (sum <= 0) return;
  for (Param* p : shares) *p = Param(p->value() / sum);
}

bool is_share(const std::string& path) {
  return path.find("split.") != std::string::npos || path.starts_with("sme.size_mix.");
}

std::atomic<std::uint64_t> g_copula_factorisations{0};

bool same_pairs(std::span<const detail::CorrelatedPair> a, std::span<const detail::CorrelatedPair> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.first == y.first && x.second == y.second && x.normal_correlation == y.normal_correlation;
  });
}

// The Cholesky factor of a correlation matrix, kept for the next call on this thread: every
// replication of a variant draws with the same matrix, and factorising it again each time cost
// O(priors³) per replication. Checking that the matrix is the same is O(pairs).
const std::optional<std::vector<double>>& cached_copula_factor(const detail::CorrelatedPriors& set) {
  struct Cache {
    bool filled = false;
    std::size_t dimension = 0;
    std::vector<detail::CorrelatedPair> pairs;
    std::optional<std::vector<double>> lower;
  };
  thread_local Cache cache;
  if (!cache.filled || cache.dimension != set.paths.size() || !same_pairs(cache.pairs, set.pairs)) {
    g_copula_factorisations.fetch_add(1, std::memory_order_relaxed);
    cache.lower = detail::copula_factor(set.paths.size(), set.pairs);
    cache.dimension = set.paths.size();
    cache.pairs = set.pairs;
    cache.filled = true;
  }
  return cache.lower;
}

// The copula's uniforms, one per correlated prior: u = Φ(L e) with e independent standard
// normals on Purpose::prior_copula keyed by each prior's path, so e_i does not depend on
// which other priors are correlated.
std::vector<double> copula_uniforms(const detail::CorrelatedPriors& set, PhiloxKey key) {
  const auto& lower = cached_copula_factor(set);
  // validate() refuses a matrix that is not positive definite, and a variant only removes
  // whole rows and columns (a principal submatrix of a positive definite matrix is one too).
  if (!lower)
    throw ScenarioError({}, "uncertainty.correlations", "the correlation matrix is not positive definite");
  std::vector<double> independent;
  independent.reserve(set.paths.size());
  for (const std::string& path : set.paths) {
    PhiloxStream stream(key, Purpose::prior_copula, entity_key(path), 0);
    independent.push_back(detail::normal_quantile(stream.uniform()));
  }
  std::vector<double> u = detail::correlate(*lower, independent);
  for (double& x : u) x = std::clamp(detail::normal_cdf(x), kUnitMargin, 1 - kUnitMargin);
  return u;
}

}  // namespace

ScenarioDef realise_priors(const ScenarioDef& def, std::uint32_t seed, std::uint32_t replication) {
  ScenarioDef out = def;
  const PhiloxKey key = make_key(seed, replication);
  const auto fields = detail::list_fields(out);
  const detail::CorrelatedPriors correlated = detail::correlated_priors(out, fields);
  const std::vector<double> uniforms =
      correlated.paths.empty() ? std::vector<double>{} : copula_uniforms(correlated, key);
  // Each field's copula uniform, if it is correlated: one pass, not a search per field.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> uniform_of(correlated.paths.empty() ? 0 : fields.size(), kNone);
  for (std::size_t k = 0; k < correlated.field_indices.size(); ++k)
    uniform_of[correlated.field_indices[k]] = k;
  bool any_share_prior = false;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    if (!detail::is_replication_prior(f)) continue;
    const Param p = f.get_number();
    any_share_prior = any_share_prior || is_share(f.info.path);
    if (!uniform_of.empty() && uniform_of[i] != kNone) {
      f.set_number(Param(detail::param_quantile(uniforms[uniform_of[i]], p, f.info.min, f.info.max)));
      continue;
    }
    PhiloxStream stream(key, Purpose::priors, entity_key(f.info.path), 0);
    f.set_number(Param(detail::draw_param(stream, p, f.info.min, f.info.max)));
  }
  if (any_share_prior) {
    auto& mix = out.sme.size_mix;
    renormalise({&mix.micro, &mix.small, &mix.medium});
    for (auto& a : out.agencies) {
      auto& s = a.strategy.split;
      renormalise({&s.mentoring, &s.network, &s.technology});
    }
  }
  out.uncertainty = {};  // every prior is a number now: nothing is left to correlate
  return out;
}

}  // namespace smesim

namespace smesim::detail {

std::uint64_t copula_factorisations() { return g_copula_factorisations.load(std::memory_order_relaxed); }

}  // namespace smesim::detail

namespace smesim {

std::vector<std::pair<std::string, double>> prior_draws(const ScenarioDef& def, std::uint32_t seed,
                                                        std::uint32_t replication) {
  ScenarioDef source = def;
  ScenarioDef realised = realise_priors(def, seed, replication);
  const auto before = detail::list_fields(source);
  const auto after = detail::list_fields(realised);  // the same fields, in the same order
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < before.size(); ++i)
    if (detail::is_replication_prior(before[i]))
      out.emplace_back(before[i].info.path, after[i].get_number().value());
  return out;
}

}  // namespace smesim
