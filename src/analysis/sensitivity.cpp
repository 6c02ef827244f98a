#include "smesim/analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "analysis/statistic_constants.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/random/philox.hpp"

namespace smesim {
namespace {

std::size_t check_matrix(const std::vector<std::vector<double>>& m, const char* name) {
  if (m.empty()) throw std::invalid_argument(std::string("saltelli_design: ") + name + " has no rows");
  const std::size_t k = m.front().size();
  if (k == 0) throw std::invalid_argument(std::string("saltelli_design: ") + name + " has no columns");
  for (const auto& row : m)
    if (row.size() != k)
      throw std::invalid_argument(std::string("saltelli_design: ") + name + " has rows of different lengths");
  return k;
}

/// The sums behind both estimators for one set of row numbers (all rows, or a bootstrap
/// resample), so the point estimate and the replicates are computed by the same code.
struct SobolSums {
  std::vector<double> first;  ///< S_i
  std::vector<double> total;  ///< ST_i
  double variance = 0;
};

template <typename RowOf>
SobolSums sobol_from_rows(std::span<const double> f_a, std::span<const double> f_b,
                          const std::vector<std::vector<double>>& f_ab, std::size_t n, RowOf row_of) {
  const std::size_t k = f_ab.size();
  // Two-pass variance over [f_A; f_B] (mean first, then squared deviations): the outputs may
  // have a large mean relative to their spread, where the one-pass formula cancels badly.
  double sum = 0;
  for (std::size_t j = 0; j < n; ++j) sum += f_a[row_of(j)] + f_b[row_of(j)];
  const double mean = sum / static_cast<double>(2 * n);
  double ss = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double da = f_a[row_of(j)] - mean;
    const double db = f_b[row_of(j)] - mean;
    ss += da * da + db * db;
  }
  SobolSums out;
  out.variance = ss / static_cast<double>(2 * n - 1);
  out.first.assign(k, kNaN);
  out.total.assign(k, kNaN);
  if (!(out.variance > 0)) return out;
  for (std::size_t i = 0; i < k; ++i) {
    double vi = 0;
    double vti = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t r = row_of(j);
      const double diff = f_ab[i][r] - f_a[r];
      vi += f_b[r] * diff;  // Saltelli et al. (2010), Table 2 (b)
      vti += diff * diff;   // Jansen (1999), Saltelli et al. (2010) Table 2 (f)
    }
    out.first[i] = vi / static_cast<double>(n) / out.variance;
    out.total[i] = vti / static_cast<double>(2 * n) / out.variance;
  }
  return out;
}

double sample_sd(const std::vector<double>& x) {
  if (x.size() < 2) return kNaN;
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double ss = 0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

}  // namespace

SaltelliDesign saltelli_design(const std::vector<std::vector<double>>& a,
                               const std::vector<std::vector<double>>& b) {
  const std::size_t k = check_matrix(a, "A");
  if (check_matrix(b, "B") != k || b.size() != a.size())
    throw std::invalid_argument("saltelli_design: A and B must have the same shape");
  const std::size_t n = a.size();
  SaltelliDesign d;
  d.base_points = n;
  d.dimensions = k;
  d.rows.reserve(n * (k + 2));
  d.rows.insert(d.rows.end(), a.begin(), a.end());
  d.rows.insert(d.rows.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      d.rows.push_back(a[j]);
      d.rows.back()[i] = b[j][i];
    }
  return d;
}

SobolIndices sobol_indices(std::span<const double> f_a, std::span<const double> f_b,
                           const std::vector<std::vector<double>>& f_ab, const SobolOptions& options) {
  const std::size_t n = f_a.size();
  const std::size_t k = f_ab.size();
  if (n < 2) throw std::invalid_argument("sobol_indices: need at least 2 base points");
  if (f_b.size() != n) throw std::invalid_argument("sobol_indices: f_a and f_b differ in length");
  if (k == 0) throw std::invalid_argument("sobol_indices: no AB_i outputs");
  for (const auto& col : f_ab)
    if (col.size() != n) throw std::invalid_argument("sobol_indices: an f_ab[i] differs in length from f_a");
  if (!(options.confidence > 0 && options.confidence < 1))
    throw std::invalid_argument("sobol_indices: confidence must be in (0, 1)");

  SobolSums point = sobol_from_rows(f_a, f_b, f_ab, n, [](std::size_t j) { return j; });
  SobolIndices out;
  out.first_order = std::move(point.first);
  out.total_order = std::move(point.total);
  out.variance = point.variance;
  out.first_order_ci.assign(k, {kNaN, kNaN});
  out.total_order_ci.assign(k, {kNaN, kNaN});
  out.first_order_se.assign(k, kNaN);
  out.total_order_se.assign(k, kNaN);
  const std::size_t reps = options.bootstrap_samples;
  if (reps == 0) return out;

  // replicates[i][r]: replicate r of S_i (first) and ST_i (total).
  std::vector<std::vector<double>> first(k, std::vector<double>(reps));
  std::vector<std::vector<double>> total(k, std::vector<double>(reps));
  std::vector<std::size_t> rows(n);
  for (std::size_t r = 0; r < reps; ++r) {
    PhiloxStream stream(make_key(options.seed, 0), Purpose::bootstrap, 0, static_cast<std::uint32_t>(r));
    for (auto& row : rows) row = static_cast<std::size_t>(stream.below(n));
    const SobolSums rep = sobol_from_rows(f_a, f_b, f_ab, n, [&rows](std::size_t j) { return rows[j]; });
    for (std::size_t i = 0; i < k; ++i) {
      first[i][r] = rep.first[i];
      total[i][r] = rep.total[i];
    }
  }
  const double lo = (1 - options.confidence) / 2;
  const double hi = 1 - lo;
  for (std::size_t i = 0; i < k; ++i) {
    out.first_order_ci[i] = {quantile(first[i], lo), quantile(first[i], hi)};
    out.total_order_ci[i] = {quantile(total[i], lo), quantile(total[i], hi)};
    out.first_order_se[i] = sample_sd(first[i]);
    out.total_order_se[i] = sample_sd(total[i]);
  }
  return out;
}

SobolIndices sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                           const SobolOptions& options) {
  const std::size_t n = design.base_points;
  const std::size_t k = design.dimensions;
  if (outputs.size() != n * (k + 2))
    throw std::invalid_argument("sobol_indices: expected N (k + 2) outputs in SaltelliDesign::rows order");
  std::vector<std::vector<double>> f_ab(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto col = outputs.subspan((2 + i) * n, n);
    f_ab[i].assign(col.begin(), col.end());
  }
  return sobol_indices(outputs.subspan(0, n), outputs.subspan(n, n), f_ab, options);
}

SobolIndices centred_sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                                   const SobolOptions& options) {
  const std::size_t ab = std::min(outputs.size(), 2 * design.base_points);
  std::vector<double> centred(outputs.begin(), outputs.end());
  const double f0 = std::accumulate(centred.begin(), centred.begin() + static_cast<std::ptrdiff_t>(ab), 0.0) /
                    static_cast<double>(ab);
  for (double& v : centred) v -= f0;
  return sobol_indices(design, centred, options);
}

MorrisDesign morris_design(std::size_t trajectories, std::size_t dimensions, int levels, std::uint32_t seed) {
  if (trajectories == 0) throw std::invalid_argument("morris_design: need at least one trajectory");
  if (dimensions == 0) throw std::invalid_argument("morris_design: need at least one input");
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris_design: levels must be even and at least 2 (Morris 1991)");
  MorrisDesign d;
  d.trajectories = trajectories;
  d.dimensions = dimensions;
  d.levels = levels;
  const double spacing = 1.0 / (levels - 1);
  const auto delta_steps = static_cast<std::uint64_t>(levels / 2);  // Delta = (p / 2) grid steps
  d.delta = static_cast<double>(delta_steps) * spacing;             // = p / (2 (p - 1))
  const std::size_t k = dimensions;
  d.points.reserve(trajectories * (k + 1));
  d.changed.reserve(trajectories * k);
  d.step.reserve(trajectories * k);

  std::vector<std::uint64_t> level(k);  // current grid index of every coordinate
  std::vector<int> direction(k);
  std::vector<std::size_t> order(k);
  const auto as_point = [&] {
    std::vector<double> x(k);
    // Grid index times spacing, not accumulated +/- Delta: the points stay exactly on the grid.
    for (std::size_t i = 0; i < k; ++i) x[i] = static_cast<double>(level[i]) * spacing;
    return x;
  };
  for (std::size_t t = 0; t < trajectories; ++t) {
    PhiloxStream stream(make_key(seed, 0), Purpose::design, entity_key("morris"),
                        static_cast<std::uint32_t>(t));
    // The lower grid index of each coordinate's move is uniform on {0, ..., p - 1 - p/2}, and
    // the direction decides whether the trajectory starts there (up) or p/2 steps above (down).
    for (std::size_t i = 0; i < k; ++i) {
      const std::uint64_t lower = stream.below(static_cast<std::uint64_t>(levels) - delta_steps);
      direction[i] = stream.below(2) == 0 ? 1 : -1;
      level[i] = direction[i] > 0 ? lower : lower + delta_steps;
    }
    // Fisher-Yates: a uniform order in which the coordinates move.
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[stream.below(i)]);
    d.points.push_back(as_point());
    for (const std::size_t i : order) {
      level[i] = direction[i] > 0 ? level[i] + delta_steps : level[i] - delta_steps;
      d.points.push_back(as_point());
      d.changed.push_back(i);
      d.step.push_back(direction[i] * d.delta);
    }
  }
  return d;
}

MorrisIndices morris_indices(const MorrisDesign& design, std::span<const double> outputs) {
  const std::size_t r = design.trajectories;
  const std::size_t k = design.dimensions;
  if (outputs.size() != design.points.size() || outputs.size() != r * (k + 1))
    throw std::invalid_argument("morris_indices: expected one output per design point");
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t p = t * (k + 1) + j;
      const std::size_t s = t * k + j;
      effects[design.changed[s]].push_back((outputs[p + 1] - outputs[p]) / design.step[s]);
    }
  MorrisIndices out;
  out.mu.resize(k);
  out.mu_star.resize(k);
  out.sigma.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto& ee = effects[i];
    double sum = 0;
    double abs_sum = 0;
    for (const double e : ee) {
      sum += e;
      abs_sum += std::abs(e);
    }
    out.mu[i] = sum / static_cast<double>(ee.size());
    out.mu_star[i] = abs_sum / static_cast<double>(ee.size());
    out.sigma[i] = sample_sd(ee);
  }
  return out;
}

}  // namespace smesim

namespace smesim {
namespace {

constexpr double kTargetHalfWidth = 0.05;

std::size_t power_of_two_at_least(double n) {
  std::size_t p = 1;
  while (static_cast<double>(p) < n && p < (std::size_t{1} << 24)) p <<= 1;
  return p;
}

}  // namespace

std::vector<std::string> sobol_diagnostics(const std::string& kpi, const std::vector<std::string>& parameters,
                                           const SobolIndices& s, std::size_t base_points) {
  std::vector<std::string> out;
  if (!(s.variance > 0) || !std::isfinite(s.variance)) {
    out.push_back(
        fmt::format("{} does not vary over the sample (variance {}): its indices are undefined; no "
                    "parameter in these ranges moves it",
                    kpi, s.variance));
    return out;
  }
  const std::size_t k = parameters.size();
  bool outside = false;
  double widest = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const auto check = [&](const char* name, double value, std::pair<double, double> ci) {
      if (ci.first > 1 || ci.second < 0) {
        outside = true;
        out.push_back(
            fmt::format("{} of {} for {} is {:.3f} [{:.3f}, {:.3f}], outside [0, 1] beyond its 95% CI: "
                        "the estimate is not reliable at N = {}",
                        name, parameters[i], kpi, value, ci.first, ci.second, base_points));
      }
    };
    check("S1", s.first_order[i], s.first_order_ci[i]);
    check("ST", s.total_order[i], s.total_order_ci[i]);
    const double half_width = (s.total_order_ci[i].second - s.total_order_ci[i].first) / 2;
    if (std::isfinite(half_width)) widest = std::max(widest, half_width);
  }
  const std::size_t small = std::max<std::size_t>(64, 16 * k);
  const bool too_small = base_points < small;
  if (too_small)
    out.push_back(fmt::format("base_points N = {} is small for {} parameters (at least {} is advised)",
                              base_points, k, small));
  if (outside || too_small || widest > kTargetHalfWidth) {
    const double scale = widest > 0 ? (widest / kTargetHalfWidth) * (widest / kTargetHalfWidth) : 1;
    const std::size_t advised =
        power_of_two_at_least(std::max(static_cast<double>(small), static_cast<double>(base_points) * scale));
    if (advised > base_points)
      out.push_back(
          fmt::format("for {}, base_points: {} would bring the widest ST interval (now ±{:.3f}) to about "
                      "±{:.2f}",
                      kpi, advised, widest, kTargetHalfWidth));
  }
  return out;
}

std::vector<std::string> morris_diagnostics(const std::string& kpi, const MorrisIndices& m) {
  bool moved = false;
  for (const double mu_star : m.mu_star) moved = moved || (std::isfinite(mu_star) && mu_star > 0);
  if (moved) return {};
  return {fmt::format("{} does not vary over the trajectories: no parameter in these ranges moves it", kpi)};
}

}  // namespace smesim
