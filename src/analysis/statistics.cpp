#include "smesim/analysis/statistics.hpp"
#include "analysis/statistic_constants.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace smesim {
namespace {

double sorted_quantile(const std::vector<double>& x, double q) {
  if (x.empty()) return kNaN;
  const double h = (static_cast<double>(x.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

std::vector<double> finite_sorted(std::span<const double> sample) {
  std::vector<double> x;
  x.reserve(sample.size());
  for (const double v : sample)
    if (!std::isnan(v)) x.push_back(v);
  std::sort(x.begin(), x.end());
  return x;
}

}  // namespace

double quantile(std::vector<double> sample, double q) { return sorted_quantile(finite_sorted(sample), q); }

Summary summarise(std::span<const double> sample) {
  const std::vector<double> x = finite_sorted(sample);
  Summary s;
  s.n = x.size();
  if (x.empty()) {
    s.mean = s.sd = s.p5 = s.p25 = s.p50 = s.p75 = s.p95 = kNaN;
    s.ci95 = {kNaN, kNaN};
    return s;
  }
  // Welford's update: numerically stable, and the same order (replication order) every run.
  double mean = 0;
  double m2 = 0;
  std::size_t k = 0;
  for (const double v : sample) {
    if (std::isnan(v)) continue;
    ++k;
    const double delta = v - mean;
    mean += delta / static_cast<double>(k);
    m2 += delta * (v - mean);
  }
  s.mean = mean;
  s.sd = s.n > 1 ? std::sqrt(m2 / static_cast<double>(s.n - 1)) : 0;
  const double half = 1.959963984540054 * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ci95 = {mean - half, mean + half};
  s.p5 = sorted_quantile(x, 0.05);
  s.p25 = sorted_quantile(x, 0.25);
  s.p50 = sorted_quantile(x, 0.50);
  s.p75 = sorted_quantile(x, 0.75);
  s.p95 = sorted_quantile(x, 0.95);
  return s;
}

std::pair<double, double> wilson_interval(std::size_t successes, std::size_t trials, double z) {
  if (trials == 0) return {0, 1};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  // Exactly, lo <= p <= hi (lo = 0 at k = 0, hi = 1 at k = n); rounding in centre -/+ half can
  // miss by an ulp, so clamp to [0, p] and [p, 1].
  return {std::clamp(centre - half, 0.0, p), std::clamp(centre + half, p, 1.0)};
}

}  // namespace smesim
