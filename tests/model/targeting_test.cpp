// select_targets chooses the k smallest (key, index) pairs (docs/model.md §4): checked against a
// full sort for every rule, every k, and keys with many ties and values at the bucket edges.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <functional>
#include <numeric>

#include "model/targeting.hpp"
#include "support/test_support.hpp"

using namespace smesim;
using namespace smesim::detail;

namespace {

// The key select_targets orders firm i by, as docs/model.md §4 defines it.
std::uint32_t reference_key(Targeting rule, std::uint32_t i, const TargetingContext& ctx) {
  const auto& cap = ctx.pop.capability;
  const float mean = (cap[kProcess][i] + cap[kManagement][i] + cap[kMarket][i]) / 3.0f;
  switch (rule) {
    case Targeting::broad:
      return std::bit_cast<std::uint32_t>(
          static_cast<float>(to_unit_open(ctx.sample_words[i - ctx.cluster_begin])));
    case Targeting::laggards:
      return std::bit_cast<std::uint32_t>(mean);
    case Targeting::leaders:
      return std::bit_cast<std::uint32_t>(1.0f - mean);
    case Targeting::hubs:
      return ~ctx.graph.degree(i);
    case Targeting::largest:
      return 0;  // ordered by revenue_rank instead
  }
  return 0;
}

// `largest`: rank of R(0) from the highest (0) down, ties sharing a rank, so that (rank, index)
// orders as docs/model.md §5 step 2 says: highest initial revenue first, ties by lower index.
std::vector<std::uint32_t> revenue_rank(const Population& pop, std::uint32_t begin, std::uint32_t n) {
  std::vector<double> values;
  for (std::uint32_t i = begin; i < begin + n; ++i) values.push_back(pop.base_revenue_thb[i]);
  std::vector<double> distinct = values;
  std::sort(distinct.begin(), distinct.end(), std::greater<>());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<std::uint32_t> rank;
  for (const double v : values)
    rank.push_back(static_cast<std::uint32_t>(
        std::lower_bound(distinct.begin(), distinct.end(), v, std::greater<>()) - distinct.begin()));
  return rank;
}

}  // namespace

TEST_CASE("select_targets picks the k smallest keys, ties to the lower index, for every rule and k",
          "[model][targeting]") {
  test::Harness harness(
      test::scenario_from_yaml(test::quiet_scenario_yaml(150, "{kind: small_world, degree: 6, rewire: 0.3}")),
      0);
  auto& s = harness.state();
  const std::uint32_t n = s.pop.end(0) - s.pop.begin(0);
  REQUIRE(n == 150);
  // Capabilities with many ties, some at 1 (laggards' key 1.0, leaders' key 0) and 0; words
  // with ties and at both ends.
  PhiloxStream stream(make_key(7, 0), Purpose::population, 99, 0);
  std::vector<std::uint32_t> words(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (int d = 0; d < kDimensions; ++d)
      s.pop.capability[static_cast<std::size_t>(d)][i] = static_cast<float>(stream.below(11)) / 10.0f;
    const auto pick = static_cast<std::uint32_t>(stream.below(4));
    const auto even_word = static_cast<std::uint32_t>(stream.below(1u << 31)) * 2;
    // Revenues with ties, from micro to medium sizes.
    s.pop.base_revenue_thb[i] = static_cast<float>(1e5 * static_cast<double>(1 + stream.below(40)));
    words[i] = pick == 0 ? 0u : pick == 1 ? 0xffffffffu : pick == 2 ? 0x80000000u : even_word;
  }
  const TargetingContext ctx{s.pop, s.graph, words.data(), s.pop.begin(0)};
  std::vector<std::uint64_t> keyed;
  const std::vector<std::uint32_t> rank = revenue_rank(s.pop, s.pop.begin(0), n);
  for (const Targeting rule :
       {Targeting::broad, Targeting::laggards, Targeting::leaders, Targeting::hubs, Targeting::largest}) {
    std::vector<std::uint32_t> all(n);
    std::iota(all.begin(), all.end(), s.pop.begin(0));
    std::vector<std::uint64_t> sorted;
    for (const std::uint32_t i : all) {
      const std::uint32_t key =
          rule == Targeting::largest ? rank[i - s.pop.begin(0)] : reference_key(rule, i, ctx);
      sorted.push_back(std::uint64_t{key} << 32 | i);
    }
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 1; k < n; ++k) {
      std::vector<std::uint32_t> candidates = all;
      select_targets(rule, k, candidates, ctx, keyed);
      std::vector<std::uint32_t> chosen(candidates.begin(),
                                        candidates.begin() + static_cast<std::ptrdiff_t>(k));
      std::sort(chosen.begin(), chosen.end());
      std::vector<std::uint32_t> expected;
      for (std::size_t j = 0; j < k; ++j) expected.push_back(static_cast<std::uint32_t>(sorted[j]));
      std::sort(expected.begin(), expected.end());
      REQUIRE(chosen == expected);
    }
  }
}
