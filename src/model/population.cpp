#include "model/population.hpp"
#include "smesim/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/size_class.hpp"
#include "random/sampling.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {
namespace {

SizeClass draw_size_class(double u, const std::array<double, kSmeSizeClasses>& mix) {
  double cumulative = 0;
  for (int c = 0; c < kSmeSizeClasses - 1; ++c) {
    cumulative += mix[static_cast<std::size_t>(c)];
    if (u < cumulative) return static_cast<SizeClass>(c);
  }
  return SizeClass::medium;
}

// Log-normal with the given median and sigma, truncated to one size class's bounds: the
// truncation is set up once per class and sector column, each draw is one inversion.
class ClassDraw {
 public:
  ClassDraw() = default;
  ClassDraw(double median, double sigma, double lo, double hi)
      : mu_(std::log(median)),
        sigma_(sigma),
        lo_(lo),
        hi_(hi),
        z_(lo > 0 ? (std::log(lo) - mu_) / sigma : -std::numeric_limits<double>::infinity(),
           (std::log(hi) - mu_) / sigma) {}
  double operator()(double u) const { return std::clamp(std::exp(mu_ + sigma_ * z_(u)), lo_, hi_); }

 private:
  double mu_ = 0, sigma_ = 1, lo_ = 0, hi_ = 0;
  TruncatedNormalSampler z_;
};

// Per sector column (manufacturing-like, trade-like) and size class.
struct ClassDraws {
  std::array<std::array<ClassDraw, kSmeSizeClasses>, 2> revenue, staff;

  explicit ClassDraws(const SmeParams& sme) {
    for (const Sector column : {Sector::manufacturing, Sector::trade}) {
      const std::size_t col = column == Sector::manufacturing ? 0 : 1;
      for (std::size_t k = 0; k < kSmeSizeClasses; ++k) {
        const ClassBounds b = class_bounds(column, static_cast<SizeClass>(k));
        revenue[col][k] =
            ClassDraw(sme.revenue_median_thb[k], sme.revenue_sigma, b.revenue_min_thb, b.revenue_max_thb);
        // Employees are whole: drawn on [min - 0.5, max + 0.5] and rounded.
        staff[col][k] = ClassDraw(sme.employees_median[k], sme.employees_sigma, b.employees_min - 0.5,
                                  b.employees_max + 0.5);
      }
    }
  }
  static std::size_t column(Sector s) { return uses_manufacturing_column(s) ? 0 : 1; }
};

}  // namespace

void Population::resize(std::size_t n) {
  for (auto& k : capability) k.assign(n, 0);
  absorptive.assign(n, 0);
  active.assign(n, 1);
  adopted.assign(n, 0);
  expanded.assign(n, 0);
  developed.assign(n, 0);
  mentored_months.assign(n, 0);
  engagement_month.assign(n, 0);
  engagements_completed.assign(n, 0);
  adopted_neighbours.assign(n, 0);
  expanded_neighbours.assign(n, 0);
  base_cost_thb.assign(n, 0);
  base_revenue_thb.assign(n, 0);
  initial_process_management.assign(n, 0);
  employees.assign(n, 0);
  size_class.assign(n, SizeClass::micro);
}

void build_population(const ModelParams& params, Population& pop) {
  const std::size_t clusters = params.clusters.size();
  pop.cluster_begin.assign(clusters + 1, 0);
  for (std::size_t c = 0; c < clusters; ++c) {
    // Validation bounds the total far below 2^32 (200 million SMEs); a wrap here would make
    // every later index point past the arrays, so it is checked, not assumed.
    const std::uint64_t end =
        std::uint64_t{pop.cluster_begin[c]} + static_cast<std::uint64_t>(params.clusters[c].members);
    SMESIM_ASSERT(end < (std::uint64_t{1} << 32));
    pop.cluster_begin[c + 1] = static_cast<std::uint32_t>(end);
  }
  pop.resize(pop.cluster_begin.back());

  const SmeParams& sme = params.sme;
  const ClassDraws draws(sme);
  const PhiloxKey key = make_key(params.seed, params.replication);
  for (std::size_t c = 0; c < clusters; ++c) {
    const ClusterParams& cluster = params.clusters[c];
    for (std::uint32_t i = pop.cluster_begin[c]; i < pop.cluster_begin[c + 1]; ++i) {
      PhiloxStream s(key, Purpose::population, cluster.stream, i - pop.cluster_begin[c]);
      const SizeClass drawn = draw_size_class(s.uniform(), sme.size_mix);
      const auto k = static_cast<std::size_t>(drawn);
      const ClassBounds b = class_bounds(cluster.sector, drawn);
      const std::size_t column = ClassDraws::column(cluster.sector);
      const double revenue = draws.revenue[column][k](s.uniform());
      const int employees = std::clamp(static_cast<int>(std::lround(draws.staff[column][k](s.uniform()))),
                                       b.employees_min, b.employees_max);
      double mean_capability = 0;
      for (int d = 0; d < kDimensions; ++d) {
        const auto dd = static_cast<std::size_t>(d);
        const double kappa = beta_draw(s, sme.capability_a[dd], sme.capability_b[dd]);
        pop.capability[dd][i] = static_cast<Capability>(kappa);
        mean_capability += kappa / kDimensions;
      }
      // Cohen–Levinthal: absorptive capacity grows with what the firm already knows (§3).
      pop.absorptive[i] =
          static_cast<Capability>(std::min(1.0, sme.absorptive_capacity * (0.5 + mean_capability)));
      pop.initial_process_management[i] =
          (static_cast<double>(pop.capability[kProcess][i]) + pop.capability[kManagement][i]) / 2;
      pop.base_revenue_thb[i] = static_cast<float>(revenue);
      pop.base_cost_thb[i] = static_cast<double>(pop.base_revenue_thb[i]) * (1 - sme.margin);
      pop.employees[i] = static_cast<std::uint16_t>(employees);
      pop.size_class[i] = size_class_2019(cluster.sector, employees, revenue);
    }
  }
}

}  // namespace smesim::detail
