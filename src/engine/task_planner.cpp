#include "engine/task_planner.hpp"

#include <algorithm>

namespace smesim::detail {

TaskPlanner::TaskPlanner(std::vector<Variant> variants, int ranks, int threads, double window_result_bytes)
    : variants_(std::move(variants)),
      states_(variants_.size()),
      ranks_(ranks),
      threads_(threads),
      window_result_bytes_(window_result_bytes) {
  for (const Variant& v : variants_) undispatched_ += v.replications;
}

std::optional<PlannedTask> TaskPlanner::next(bool rank_reduces) {
  if (rank_reduces)
    if (auto group = next_group()) return group;
  return next_block();
}

void TaskPlanner::variant_done(std::size_t v) { states_[v].done = true; }

void TaskPlanner::handed_over(std::size_t next_record) { next_record_ = next_record; }

void TaskPlanner::learn_cost(double seconds, std::size_t replications) {
  if (replications == 0) return;
  const double per_replication = seconds * threads_ / static_cast<double>(replications);
  seconds_per_replication_ =
      seconds_per_replication_ > 0 ? 0.7 * seconds_per_replication_ + 0.3 * per_replication : per_replication;
}

// Whole variants from the first unstarted one: a group shrinks as the variants left do
// (a quarter of a rank's share, so that the two tasks a rank holds stay a fair share). When
// fewer than two variants per rank are left, the blocks of the last ones share the end among
// all ranks, if rank 0 can hold their results; if it cannot (a national scenario's are a
// megabyte a replication), they stay whole, one a task: the end is then uneven by at most
// one variant (bench/RESULTS.md).
std::optional<PlannedTask> TaskPlanner::next_group() {
  while (first_unstarted_ < states_.size() &&
         (states_[first_unstarted_].mode != Mode::unstarted || variants_[first_unstarted_].replications == 0))
    ++first_unstarted_;
  const std::size_t left = states_.size() - first_unstarted_;
  if (left == 0) return std::nullopt;
  const auto per_round = static_cast<std::size_t>(kTasksPerRank * ranks_);
  if (left < per_round) {
    double tail_bytes = 0;
    for (std::size_t v = first_unstarted_; v < states_.size(); ++v)
      tail_bytes += static_cast<double>(variants_[v].replications) * variants_[v].result_bytes;
    if (tail_bytes <= window_result_bytes_) return std::nullopt;
  }
  std::size_t wanted = std::min(kGroupVariants, std::max<std::size_t>(1, left / (2 * per_round)));
  // Several variants share set-up only when a replication is cheap; a group of dear ones is
  // kept to about kGroupSeconds so that the end stays even. One variant until a cost is known.
  const double variant_seconds =
      static_cast<double>(variants_[first_unstarted_].replications) * seconds_per_replication_ / threads_;
  if (variant_seconds <= 0)
    wanted = 1;
  else
    wanted =
        std::min(wanted, std::max<std::size_t>(1, static_cast<std::size_t>(kGroupSeconds / variant_seconds)));
  wanted = std::min(wanted, left);
  PlannedTask task{PlannedKind::group, first_unstarted_, 0, 0, 0};
  for (std::size_t v = first_unstarted_; task.variants < wanted && v < states_.size() &&
                                         states_[v].mode == Mode::unstarted && variants_[v].replications > 0;
       ++v) {
    states_[v].mode = Mode::group;
    states_[v].dispatched = variants_[v].replications;
    task.replications += variants_[v].replications;
    undispatched_ -= variants_[v].replications;
    ++task.variants;
  }
  return task;
}

// The first variant with replications left among those run in blocks, and the ones after it
// at the same replication (sharing each replication's set-up), within the window of
// variants whose results rank 0 holds (a group's hold nothing there).
std::optional<PlannedTask> TaskPlanner::next_block() {
  double bytes = 0;
  std::size_t open = 0;
  std::optional<std::size_t> first;
  std::size_t count = 0;
  for (std::size_t v = next_record_; v < states_.size(); ++v) {
    const State& state = states_[v];
    if (state.mode == Mode::group || state.done || variants_[v].replications == 0) {
      if (first) break;  // a block's variants are consecutive
      continue;
    }
    bytes += static_cast<double>(variants_[v].replications) * variants_[v].result_bytes;
    if (++open > 1 && bytes > window_result_bytes_) break;
    if (!first) {
      if (state.dispatched < variants_[v].replications) first = v;
    } else if (state.dispatched != states_[*first].dispatched ||
               variants_[v].replications != variants_[*first].replications || count == kGroupVariants) {
      break;
    }
    if (first) ++count;
  }
  if (!first) return std::nullopt;
  PlannedTask task{PlannedKind::block, *first, count, states_[*first].dispatched, block_size(*first, count)};
  for (std::size_t v = *first; v < *first + count; ++v) {
    states_[v].mode = Mode::blocks;
    states_[v].dispatched += task.replications;
    undispatched_ -= task.replications;
  }
  return task;
}

// About kTaskSeconds of work for a rank's threads once a cost is measured, a replication per
// thread before; never more than an even share of what is left (guided self-scheduling), so
// that the last tasks finish together; never more than one message of results.
std::size_t TaskPlanner::block_size(std::size_t v, std::size_t variants) const {
  const auto threads = static_cast<std::size_t>(threads_);
  const auto width = static_cast<double>(variants);
  std::size_t count = threads;
  if (seconds_per_replication_ > 0)
    count = threads * std::max<std::size_t>(
                          1, static_cast<std::size_t>(kTaskSeconds / seconds_per_replication_ / width));
  count =
      std::min(count, std::max(threads, undispatched_ / (2 * static_cast<std::size_t>(ranks_) * variants)));
  const double bytes = std::max(1.0, variants_[v].result_bytes * width);
  count = std::min(count, std::max<std::size_t>(1, static_cast<std::size_t>(kMessageBytes / bytes)));
  return std::min(count, variants_[v].replications - states_[v].dispatched);
}

}  // namespace smesim::detail
