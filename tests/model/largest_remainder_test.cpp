// Hamilton (largest remainder) apportionment, used to split slots over an agency's clusters.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include "model/budget.hpp"
#include "smesim/random/philox.hpp"

namespace {

__extension__ typedef __int128 I128;  // exact products of 64-bit values

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> quotas(weights.size(), -1);
  std::vector<std::uint32_t> order;
  smesim::detail::largest_remainder(total, weights, quotas, order);
  return quotas;
}

using V = std::vector<std::int64_t>;

// An independent reference: exact quotas as fractions total * w / sum, floors, then one more
// unit to the largest fractional parts in order (remainder descending, index ascending).
V reference(std::int64_t total, const V& w) {
  const std::int64_t sum = std::accumulate(w.begin(), w.end(), std::int64_t{0});
  V q(w.size(), 0);
  if (sum <= 0 || total <= 0) return q;
  const auto t = static_cast<I128>(std::min(total, sum));
  std::vector<std::size_t> idx(w.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  I128 given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    q[i] = static_cast<std::int64_t>(t * w[i] / sum);
    given += q[i];
  }
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    const I128 ra = t * w[a] % sum;
    const I128 rb = t * w[b] % sum;
    return ra != rb ? ra > rb : a < b;
  });
  for (std::size_t k = 0; given < t; ++k, ++given) ++q[idx[k]];
  return q;
}

}  // namespace

TEST_CASE("largest_remainder: known apportionments", "[model]") {
  CHECK(apportion(10, {5, 3, 2}) == V{5, 3, 2});
  // Hamilton's textbook case: quotas 5.3, 2.4, 2.3 -> floors 5, 2, 2; the spare unit to .4.
  CHECK(apportion(10, {53, 24, 23}) == V{5, 3, 2});
  // 4/7, 8/7, 16/7 -> floors 0, 1, 2; remainders 4/7, 1/7, 2/7 -> the spare unit to index 0.
  CHECK(apportion(4, {1, 2, 4}) == V{1, 1, 2});
  // The Alabama paradox (Hamilton's known flaw): weights 6, 6, 2 get 4, 4, 2 of 10 units
  // (4.29, 4.29, 1.43) but 5, 5, 1 of 11 (4.71, 4.71, 1.57).
  CHECK(apportion(10, {6, 6, 2}) == V{4, 4, 2});
  CHECK(apportion(11, {6, 6, 2}) == V{5, 5, 1});
}

TEST_CASE("largest_remainder: equal remainders go to the lower index", "[model]") {
  // 7 over three equal weights: 2 1/3 each -> floors 2, 2, 2, the spare unit to index 0.
  CHECK(apportion(7, {10, 10, 10}) == V{3, 2, 2});
  CHECK(apportion(8, {10, 10, 10}) == V{3, 3, 2});
  CHECK(apportion(1, {1, 1, 1}) == V{1, 0, 0});
  CHECK(apportion(2, {1, 1, 1}) == V{1, 1, 0});
  // 2.5, 1.5, 1 -> floors 2, 1, 1; remainders .5, .5, 0 -> index 0.
  CHECK(apportion(5, {5, 3, 2}) == V{3, 1, 1});
  // .5, .5, 1 -> floors 0, 0, 1; the spare unit to index 0, not to index 2 (remainder 0).
  CHECK(apportion(2, {1, 1, 2}) == V{1, 0, 1});
  // Ties later in the list: 1/3 each for indices 1, 3, 4 -> indices 1 and 3.
  CHECK(apportion(2, {0, 1, 0, 1, 1}) == V{0, 1, 0, 1, 0});
}

TEST_CASE("largest_remainder: zero weights, zero total, total above the weights", "[model]") {
  CHECK(apportion(5, {0, 0, 0}) == V{0, 0, 0});
  CHECK(apportion(0, {5, 3, 2}) == V{0, 0, 0});
  CHECK(apportion(-4, {5, 3, 2}) == V{0, 0, 0});
  CHECK(apportion(3, {0, 2, 0, 1}) == V{0, 2, 0, 1});
  CHECK(apportion(5, {}).empty());
  // Total capped at the sum of the weights: each unit of weight serves at most one unit.
  CHECK(apportion(100, {1, 2, 3}) == V{1, 2, 3});
  CHECK(apportion(7, {1, 1, 1}) == V{1, 1, 1});
  CHECK(apportion(7, {0, 4, 0}) == V{0, 4, 0});
}

TEST_CASE("largest_remainder: invariants on random cases, against an exact reference", "[model]") {
  smesim::PhiloxStream s(smesim::make_key(1, 0), smesim::Purpose::priors, 77, 0);
  std::vector<std::uint32_t> order;  // shared scratch, dirty between calls as in the model
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + s.below(12);
    V w(n);
    const std::uint64_t scale = trial % 3 == 0 ? 5 : trial % 3 == 1 ? 1000 : 10'000'000;
    for (auto& x : w) x = s.uniform() < 0.2 ? 0 : static_cast<std::int64_t>(s.below(scale));
    const std::int64_t sum = std::accumulate(w.begin(), w.end(), std::int64_t{0});
    const auto total = static_cast<std::int64_t>(s.below(static_cast<std::uint64_t>(sum) + 20));
    V q(n, -1);
    smesim::detail::largest_remainder(total, w, q, order);
    INFO("trial " << trial << ", total " << total << ", sum " << sum);
    REQUIRE(q == reference(total, w));

    const std::int64_t t = std::min(total, sum);
    CHECK(std::accumulate(q.begin(), q.end(), std::int64_t{0}) == std::max<std::int64_t>(0, t));
    for (std::size_t i = 0; i < n; ++i) {
      if (w[i] == 0 || sum == 0) {
        CHECK(q[i] == 0);
        continue;
      }
      // Strictly within one unit of the exact share t w / sum, i.e. its floor or ceiling:
      // -sum < q sum - t w < sum, in exact integer arithmetic.
      const I128 diff = static_cast<I128>(q[i]) * sum - static_cast<I128>(t) * w[i];
      const bool within_one = -static_cast<I128>(sum) < diff && diff < static_cast<I128>(sum);
      CHECK(within_one);
      CHECK(q[i] <= w[i]);
    }
  }
}
