#include "smesim/analysis/paired_difference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/statistic_constants.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/random/philox.hpp"

namespace smesim {
namespace {}  // namespace

Estimate paired_mean_difference(std::span<const double> a, std::span<const double> b) {
  std::vector<double> d;
  d.reserve(a.size());
  for (std::size_t r = 0; r < a.size() && r < b.size(); ++r)
    if (!std::isnan(a[r]) && !std::isnan(b[r])) d.push_back(a[r] - b[r]);
  const Summary s = summarise(d);
  return {s.mean, s.ci95};
}

Estimate paired_quantile_difference(std::span<const double> a, std::span<const double> b, double q,
                                    std::uint32_t seed, std::size_t resamples) {
  const std::size_t n = std::min(a.size(), b.size());
  const double value = quantile({a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n)}, q) -
                       quantile({b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)}, q);
  if (n == 0 || resamples == 0) return {value, {kNaN, kNaN}};
  std::vector<double> ra(n);
  std::vector<double> rb(n);
  std::vector<double> differences;
  differences.reserve(resamples);
  for (std::size_t draw = 0; draw < resamples; ++draw) {
    PhiloxStream stream(make_key(seed, 0), Purpose::bootstrap, entity_key("paired_quantile"),
                        static_cast<std::uint32_t>(draw));
    for (std::size_t i = 0; i < n; ++i) {
      // Both of a pair are drawn together: the resample keeps what they share.
      const auto r = std::min(n - 1, static_cast<std::size_t>(stream.uniform() * static_cast<double>(n)));
      ra[i] = a[r];
      rb[i] = b[r];
    }
    differences.push_back(quantile(ra, q) - quantile(rb, q));
  }
  return {value, {quantile(differences, 0.025), quantile(differences, 0.975)}};
}

Estimate quantile_interval(std::span<const double> sample, double q) {
  std::vector<double> x;
  x.reserve(sample.size());
  for (const double v : sample)
    if (!std::isnan(v)) x.push_back(v);
  std::sort(x.begin(), x.end());
  if (x.empty()) return {kNaN, {kNaN, kNaN}};
  const auto n = static_cast<double>(x.size());
  const double half = kZ95 * std::sqrt(n * q * (1 - q));
  const auto rank = [&](double r) { return static_cast<std::size_t>(std::clamp(r, 0.0, n - 1)); };
  return {quantile(x, q), {x[rank(std::floor(n * q - half) - 1)], x[rank(std::ceil(n * q + half))]}};
}

}  // namespace smesim
