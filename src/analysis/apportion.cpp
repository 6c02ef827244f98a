#include "analysis/apportion.hpp"

#include <algorithm>
#include <numeric>

namespace smesim::detail {

void apportion(std::int64_t total, std::span<const std::int64_t> weights, std::span<std::int64_t> quotas,
               std::vector<std::uint32_t>& order) {
  __extension__ typedef __int128 Wide;  // total * weight: up to 2^126, exact (a GNU type)
  const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  std::fill(quotas.begin(), quotas.end(), 0);
  if (sum <= 0 || total <= 0) return;
  std::int64_t given = 0;
  order.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    quotas[i] = static_cast<std::int64_t>(Wide{total} * weights[i] / sum);
    given += quotas[i];
    order[i] = static_cast<std::uint32_t>(i);
  }
  auto remainder = [&](std::uint32_t i) { return static_cast<std::int64_t>(Wide{total} * weights[i] % sum); };
  std::int64_t left = total - given;
  // Largest remainder first, ties to the lower index: a strict order, so std::sort (which,
  // unlike std::stable_sort, never allocates) gives the same result.
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::int64_t ra = remainder(a);
    const std::int64_t rb = remainder(b);
    return ra != rb ? ra > rb : a < b;
  });
  for (std::size_t k = 0; left > 0 && k < order.size(); ++k, --left) ++quotas[order[k]];
}

void largest_remainder(std::int64_t total, std::span<const std::int64_t> weights,
                       std::span<std::int64_t> quotas, std::vector<std::uint32_t>& order) {
  const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  // More units than total weight cannot change any outcome (each unit serves one unit of
  // weight).
  apportion(std::min(total, sum), weights, quotas, order);
}

}  // namespace smesim::detail
