// The scheduling policy of studies over MPI ranks (engine/task_planner.hpp), driven as rank 0
// drives it: every replication handed out exactly once and in order per variant, groups of
// whole variants only to ranks that can reduce and only while enough are left, the end shared
// in blocks, and rank 0's window of held results respected.
#include <catch2/catch.hpp>

#include <deque>
#include <vector>

#include "engine/task_planner.hpp"

using smesim::detail::PlannedKind;
using smesim::detail::PlannedTask;
using smesim::detail::TaskPlanner;

namespace {

struct Outcome {
  std::vector<PlannedTask> tasks;
  std::size_t most_open_block_variants = 0;  ///< block variants handed out and not done, at most
};

// Hands tasks to `ranks` ranks round robin (each holding at most two), answering the oldest
// first at a fixed cost per replication, as the executor would.
Outcome drive(TaskPlanner& planner, const std::vector<std::size_t>& replications, int ranks, bool reduce,
              double seconds_per_replication = 0.01) {
  Outcome outcome;
  std::deque<PlannedTask> running;
  std::vector<std::size_t> fed(replications.size(), 0);
  std::size_t next_record = 0;
  for (;;) {
    for (int r = 0; r < ranks && running.size() < static_cast<std::size_t>(2 * ranks); ++r)
      if (auto task = planner.next(reduce)) {
        outcome.tasks.push_back(*task);
        running.push_back(*task);
      }
    std::size_t open = 0;
    for (std::size_t v = next_record; v < replications.size(); ++v)
      open += planner.in_blocks(v) && fed[v] < replications[v] ? 1 : 0;
    outcome.most_open_block_variants = std::max(outcome.most_open_block_variants, open);
    if (running.empty()) break;
    const PlannedTask done = running.front();
    running.pop_front();
    const std::size_t width = done.kind == PlannedKind::group ? 1 : done.variants;
    planner.learn_cost(seconds_per_replication * static_cast<double>(done.replications * width),
                       done.replications * width);
    for (std::size_t v = done.first_variant; v < done.first_variant + done.variants; ++v) {
      fed[v] = done.kind == PlannedKind::group ? replications[v] : fed[v] + done.replications;
      if (fed[v] == replications[v]) planner.variant_done(v);
    }
    while (next_record < replications.size() && fed[next_record] == replications[next_record]) ++next_record;
    planner.handed_over(next_record);
  }
  return outcome;
}

std::vector<TaskPlanner::Variant> alike(const std::vector<std::size_t>& replications, double bytes = 16e3) {
  std::vector<TaskPlanner::Variant> variants;
  for (const std::size_t n : replications) variants.push_back({n, bytes});
  return variants;
}

// Every replication of every variant handed out once: a group covers a variant whole, blocks
// cover it in order from replication 0.
void check_coverage(const Outcome& outcome, const std::vector<std::size_t>& replications) {
  std::vector<std::size_t> next(replications.size(), 0);
  for (const PlannedTask& t : outcome.tasks)
    for (std::size_t v = t.first_variant; v < t.first_variant + t.variants; ++v) {
      INFO("variant " << v);
      if (t.kind == PlannedKind::group) {
        CHECK(next[v] == 0);
        next[v] = replications[v];
      } else {
        CHECK(t.first_replication == next[v]);
        CHECK(t.replications > 0);
        next[v] += t.replications;
      }
    }
  CHECK(next == replications);
}

}  // namespace

TEST_CASE("task planner: groups while variants are plenty, then blocks share the end", "[engine][planner]") {
  const std::vector<std::size_t> replications(100, 200);
  for (const int ranks : {1, 2, 4, 16, 64}) {
    INFO(ranks << " ranks");
    // A window of eight variants' results (200 replications of 16 kB each).
    TaskPlanner planner(alike(replications), ranks, 1, 8 * 200 * 16e3);
    const Outcome outcome = drive(planner, replications, ranks, true);
    check_coverage(outcome, replications);
    CHECK(planner.undispatched() == 0);
    std::size_t group_variants = 0;
    bool block_seen = false;
    for (const PlannedTask& t : outcome.tasks) {
      CHECK(t.variants >= 1);
      CHECK(t.variants <= TaskPlanner::kGroupVariants);
      if (t.kind == PlannedKind::group) {
        CHECK_FALSE(block_seen);  // groups first, blocks for the end
        group_variants += t.variants;
      } else {
        block_seen = true;
      }
    }
    // Groups stop once fewer than two per rank are left: the last 2K - 1 variants at most
    // (and at least one) go out in blocks.
    const auto per_round = static_cast<std::size_t>(2 * ranks);
    CHECK(100 - group_variants >= 1);
    CHECK(100 - group_variants <= std::min<std::size_t>(100, per_round - 1));
    CHECK(outcome.most_open_block_variants <= 8);
  }
}

TEST_CASE("task planner: a rank that cannot reduce gets blocks only", "[engine][planner]") {
  const std::vector<std::size_t> replications{50, 50, 0, 50, 7, 50, 50, 50, 50, 50, 50, 50};
  TaskPlanner planner(alike(replications), 3, 2, 5 * 50 * 16e3);  // five variants' results
  const Outcome outcome = drive(planner, replications, 3, false);
  check_coverage(outcome, replications);
  for (const PlannedTask& t : outcome.tasks) {
    CHECK(t.kind == PlannedKind::block);
    // A block's variants are at the same replication and have as many replications.
    for (std::size_t v = t.first_variant; v < t.first_variant + t.variants; ++v)
      CHECK(replications[v] == replications[t.first_variant]);
  }
  CHECK(outcome.most_open_block_variants <= 5);
}

TEST_CASE("task planner: a block's results fit in one message and blocks shrink toward the end",
          "[engine][planner]") {
  const std::vector<std::size_t> replications(3, 100'000);
  // 10 MB a replication: a message of 64 MB holds 6 replications of one variant.
  TaskPlanner planner(alike(replications, 10e6), 2, 8);
  const Outcome outcome = drive(planner, replications, 2, false, 1e-4);
  check_coverage(outcome, replications);
  for (const PlannedTask& t : outcome.tasks)
    CHECK(static_cast<double>(t.replications * t.variants) * 10e6 <= TaskPlanner::kMessageBytes);

  // Cheap replications: about kTaskSeconds of work a task, then an even share of what is left.
  const std::vector<std::size_t> many(2, 20'000);
  TaskPlanner guided(alike(many), 4, 1);
  const Outcome shares = drive(guided, many, 4, false, 1e-3);
  check_coverage(shares, many);
  CHECK(shares.tasks.front().replications == 1);  // no cost known yet: a replication per thread
  std::size_t largest = 0;
  for (const PlannedTask& t : shares.tasks) largest = std::max(largest, t.replications * t.variants);
  CHECK(largest <= 2000 + 1);                    // 2 s at 1 ms a replication
  CHECK(shares.tasks.back().replications == 1);  // the end in single replications
}
