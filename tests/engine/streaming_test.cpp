// run_forecast_streaming (issue 9 item 5): replications reach the sink in order, a block at
// a time, identical for any block size and thread count; cancelling delivers the leading
// finished ones; a sink that throws stops the forecast.
#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

#include <tbb/global_control.h>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/engine/forecast.hpp"
#include "support/test_support.hpp"

using namespace smesim;

namespace {

const ScenarioDef& small_scenario() {
  static const ScenarioDef def = test::scenario_from_yaml(
      "extends: default\nname: stream\ntime: {horizon_months: 18}\n"
      "networks: {generate: {members: 6}}\n");
  return def;
}

// Every value the run writes of a replication, as in kpis.csv and the summary columns.
std::vector<double> fingerprint(const ReplicationResult& r) {
  std::vector<double> row(ForecastShape::of(r).columns());
  summary_row(r, ForecastShape::of(r), row);
  for (const MonthRecord& m : r.months) row.push_back(m.spent.total_thb());
  for (const TrackSpend& s : r.agency_month_spend) row.push_back(s.total_thb());
  row.push_back(r.firms);
  return row;
}

struct Delivery {
  std::vector<std::size_t> block_sizes;
  std::vector<std::uint32_t> replications;
  std::vector<std::vector<double>> values;
};

Delivery stream(std::uint32_t reps, int threads, std::size_t block,
                const std::atomic<bool>* cancel = nullptr) {
  ForecastOptions options = test::forecast_options(reps, threads, cancel);
  options.block_replications = block;
  Delivery d;
  const std::size_t delivered =
      run_forecast_streaming(small_scenario(), options, [&](std::span<const ReplicationResult> b) {
        d.block_sizes.push_back(b.size());
        for (const ReplicationResult& r : b) {
          d.replications.push_back(r.replication);
          d.values.push_back(fingerprint(r));
        }
      });
  REQUIRE(delivered == d.replications.size());
  return d;
}

}  // namespace

TEST_CASE("Streamed replications arrive in order, in blocks, identical for any block size and thread count",
          "[engine][streaming]") {
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  constexpr std::uint32_t kReps = 23;  // not a multiple of any block size below
  const Delivery reference = stream(kReps, 1, kReps);
  REQUIRE(reference.replications.size() == kReps);
  for (std::uint32_t r = 0; r < kReps; ++r) CHECK(reference.replications[r] == r);
  for (const std::size_t block : {1, 3, 7, 64}) {
    for (const int threads : {1, 2, 4}) {
      INFO("block " << block << ", threads " << threads);
      const Delivery d = stream(kReps, threads, block);
      CHECK(d.replications == reference.replications);
      CHECK(d.values == reference.values);  // exact: the same doubles
      // Full blocks, then the remainder.
      const std::size_t expected_blocks = (kReps + block - 1) / block;
      REQUIRE(d.block_sizes.size() == expected_blocks);
      for (std::size_t b = 0; b + 1 < expected_blocks; ++b) CHECK(d.block_sizes[b] == block);
      CHECK(d.block_sizes.back() == kReps - (expected_blocks - 1) * block);
    }
  }
  // run_forecast is the same stream, collected.
  const auto collected = run_forecast(small_scenario(), test::forecast_options(kReps, 2));
  REQUIRE(collected.size() == kReps);
  for (std::uint32_t r = 0; r < kReps; ++r) CHECK(fingerprint(collected[r]) == reference.values[r]);
}

TEST_CASE("A stream holds two blocks of results, however many replications run", "[engine][streaming]") {
  // Before streaming, run held every replication (a million of two firms died at 3 GB):
  // here 60 blocks are delivered from the same two buffers.
  ForecastOptions options = test::forecast_options(120, 2);
  options.block_replications = 2;
  std::set<const ReplicationResult*> buffers;
  std::size_t blocks = 0;
  run_forecast_streaming(small_scenario(), options, [&](std::span<const ReplicationResult> b) {
    buffers.insert(b.data());
    ++blocks;
  });
  CHECK(blocks == 60);
  CHECK(buffers.size() == 2);
}

TEST_CASE("The automatic block keeps every thread busy and two blocks small", "[engine][streaming]") {
  ForecastOptions options = test::forecast_options(1000, 4);
  const std::size_t block = forecast_block_replications(small_scenario(), options);
  CHECK(block >= 4);
  CHECK(block <= 64 * 4);
  options.block_replications = 5;
  CHECK(forecast_block_replications(small_scenario(), options) == 5);
}

TEST_CASE("A cancelled stream delivers the leading finished replications and stops", "[engine][streaming]") {
  std::atomic<bool> cancel{false};
  ForecastOptions options = test::forecast_options(40, 2, &cancel);
  options.block_replications = 4;
  std::vector<std::uint32_t> seen;
  const std::size_t delivered =
      run_forecast_streaming(small_scenario(), options, [&](std::span<const ReplicationResult> b) {
        for (const ReplicationResult& r : b) seen.push_back(r.replication);
        if (seen.size() >= 8) cancel = true;  // as Ctrl-C would, between two blocks
      });
  CHECK(delivered == seen.size());
  CHECK(delivered >= 8);
  CHECK(delivered < 40);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);

  std::atomic<bool> before{true};
  std::size_t calls = 0;
  CHECK(run_forecast_streaming(small_scenario(), test::forecast_options(10, 2, &before),
                               [&](std::span<const ReplicationResult>) { ++calls; }) == 0);
  CHECK(calls == 0);
}

TEST_CASE("What the sink throws ends the forecast", "[engine][streaming]") {
  ForecastOptions options = test::forecast_options(30, 2);
  options.block_replications = 3;
  std::size_t calls = 0;
  CHECK_THROWS_WITH(run_forecast_streaming(small_scenario(), options,
                                           [&](std::span<const ReplicationResult>) {
                                             if (++calls == 2) throw std::runtime_error("disk full");
                                           }),
                    "disk full");
  CHECK(calls == 2);
}
