// Results as bytes (engine/result_codec.hpp), as MPI ranks send them: a block decodes to exactly
// the results encoded, field by field and bit by bit (NaN included), and bytes that are not a
// whole encoding are refused rather than read past their end.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "engine/result_codec.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

using namespace smesim;

namespace {

bool same_kpis(const Kpis& a, const Kpis& b) {
  const double x[] = {a.developed,         a.expanded,  a.cost_reduction_thb,
                      a.added_revenue_thb, a.spent_thb, a.unspent_thb};
  const double y[] = {b.developed,         b.expanded,  b.cost_reduction_thb,
                      b.added_revenue_thb, b.spent_thb, b.unspent_thb};
  return std::memcmp(x, y, sizeof x) == 0;
}

}  // namespace

TEST_CASE("Encoded replication results decode to the same results, bit for bit", "[engine]") {
  const ScenarioDef def =
      load_scenario_file(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/priors.yaml").def;
  std::vector<ReplicationResult> block;
  for (std::uint32_t r = 0; r < 3; ++r) block.push_back(run_single_replication(def, r));
  block[1].kpis.added_revenue_thb = std::numeric_limits<double>::quiet_NaN();  // NaN travels as NaN
  block.push_back({});                                                         // an empty result too
  std::string bytes = "prefix";                                                // appended to what is there
  detail::encode_results(block, bytes);
  REQUIRE(bytes.starts_with("prefix"));
  const std::vector<ReplicationResult> back = detail::decode_results(std::string_view(bytes).substr(6));
  REQUIRE(back.size() == block.size());
  for (std::size_t i = 0; i < block.size(); ++i) {
    INFO("result " << i);
    const ReplicationResult& a = block[i];
    const ReplicationResult& b = back[i];
    CHECK(a.replication == b.replication);
    CHECK(a.firms == b.firms);
    CHECK(same_kpis(a.kpis, b.kpis));
    CHECK(std::memcmp(&a.allocation_thb, &b.allocation_thb, sizeof(double)) == 0);
    CHECK(std::memcmp(&a.overhead_thb, &b.overhead_thb, sizeof(double)) == 0);
    CHECK(std::memcmp(&a.unallocated_thb, &b.unallocated_thb, sizeof(double)) == 0);
    REQUIRE(a.months.size() == b.months.size());
    for (std::size_t m = 0; m < a.months.size(); ++m) {
      CHECK(a.months[m].developed == b.months[m].developed);
      CHECK(a.months[m].mean_trust == b.months[m].mean_trust);
      CHECK(a.months[m].cost_reduction_cum_thb == b.months[m].cost_reduction_cum_thb);
      CHECK(a.months[m].spent.total_thb() == b.months[m].spent.total_thb());
    }
    REQUIRE(a.agencies.size() == b.agencies.size());
    for (std::size_t g = 0; g < a.agencies.size(); ++g) {
      CHECK(same_kpis(a.agencies[g].kpis, b.agencies[g].kpis));
      CHECK(a.agencies[g].allocation_thb == b.agencies[g].allocation_thb);
    }
    REQUIRE(a.clusters.size() == b.clusters.size());
    for (std::size_t c = 0; c < a.clusters.size(); ++c) {
      CHECK(same_kpis(a.clusters[c].kpis, b.clusters[c].kpis));
      CHECK(a.clusters[c].members == b.clusters[c].members);
      CHECK(a.clusters[c].trust_end == b.clusters[c].trust_end);
    }
    REQUIRE(a.agency_month_spend.size() == b.agency_month_spend.size());
    for (std::size_t s = 0; s < a.agency_month_spend.size(); ++s)
      CHECK(a.agency_month_spend[s].total_thb() == b.agency_month_spend[s].total_thb());
  }
  CHECK(std::isnan(back[1].kpis.added_revenue_thb));
}

TEST_CASE("Bytes that are not a whole encoding of results are refused", "[engine]") {
  const ScenarioDef def =
      load_scenario_file(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/two_firms.yaml").def;
  const std::vector<ReplicationResult> block{run_single_replication(def, 0)};
  std::string bytes;
  detail::encode_results(block, bytes);
  CHECK(detail::decode_results("").empty());
  for (const std::size_t keep : {std::size_t{1}, std::size_t{16}, bytes.size() / 2, bytes.size() - 1}) {
    INFO("first " << keep << " of " << bytes.size() << " bytes");
    CHECK_THROWS_AS(detail::decode_results(std::string_view(bytes).substr(0, keep)), Error);
  }
  std::string other_build = bytes;
  other_build[0] = static_cast<char>(other_build[0] ^ 0x5a);  // another layout word
  CHECK_THROWS_WITH(detail::decode_results(other_build), Catch::Matchers::Contains("another build"));
}
