#pragma once
// What the next task of a distributed request is (engine/mpi_dispatcher.cpp; docs/cluster.md
// "How it works"): the scheduling policy alone, without MPI, so that bench/scheduler_sim
// simulates the very policy the ranks run. It decides which variants and replications a task
// covers; the executor moves the bytes, feeds the reducers and reports what came back.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace smesim::detail {

enum class PlannedKind : std::uint8_t {
  group,  ///< whole variants, each reduced where it ran: records come back
  block,  ///< replications [first_replication, + replications) of each variant: results come back
};

struct PlannedTask {
  PlannedKind kind = PlannedKind::block;
  std::size_t first_variant = 0;
  std::size_t variants = 0;           ///< consecutive, from first_variant
  std::size_t first_replication = 0;  ///< of a block
  std::size_t replications = 0;       ///< of a block, per variant; of a group, all of them
};

class TaskPlanner {
 public:
  struct Variant {
    std::size_t replications = 0;
    double result_bytes = 0;  ///< one replication's results, as they travel
  };
  // Tasks are sized to take about this long, so that rank 0 answers a few messages a second
  // per rank however cheap a replication is.
  static constexpr double kTaskSeconds = 2.0;
  // The results of variants run in blocks that rank 0 may hold until their reduce, at most
  // (at least one variant's): rank 0's memory beyond one process's. Large enough that the
  // blocks of a sweep's last points keep hundreds of ranks busy (bench/RESULTS.md: a window
  // of 8 variants held 512 ranks of a 50-point sweep to 4% efficiency).
  static constexpr double kWindowResultBytes = 256.0 * 1024 * 1024;
  // A block's results travel in one message.
  static constexpr double kMessageBytes = 64e6;
  // Tasks a rank holds at once (one running, one waiting), and so the groups per rank that
  // must be left for the end to be shared in blocks.
  static constexpr int kTasksPerRank = 2;
  // Variants in a task, at most: as one process's batches, eight variants share a
  // replication's set-up for 7/8 of their replications.
  static constexpr std::size_t kGroupVariants = 8;
  // A group of variants is kept to about this much of a rank's time (bench/RESULTS.md: larger
  // groups of dear variants left 512 ranks of a national study uneven at the end).
  static constexpr double kGroupSeconds = 30.0;

  /// @param threads  each rank's threads (rank 0's, as the ranks are alike)
  TaskPlanner(std::vector<Variant> variants, int ranks, int threads,
              double window_result_bytes = kWindowResultBytes);

  /// @brief The next task for a rank, marked handed out; none while the window is full or
  /// every replication is handed out. Groups go only to ranks that can reduce, while at least
  /// kTasksPerRank groups per rank are left; after that the end is shared in blocks.
  std::optional<PlannedTask> next(bool rank_reduces);
  /// Variant v's record is made: what rank 0 held of it is gone.
  void variant_done(std::size_t v);
  /// Records before `next_record` are handed over: the window starts there.
  void handed_over(std::size_t next_record);
  /// A task of `replications` replications took `seconds` on a rank's threads.
  void learn_cost(double seconds, std::size_t replications);

  [[nodiscard]] bool in_group(std::size_t v) const { return states_[v].mode == Mode::group; }
  [[nodiscard]] bool in_blocks(std::size_t v) const { return states_[v].mode == Mode::blocks; }
  [[nodiscard]] std::size_t undispatched() const { return undispatched_; }

 private:
  enum class Mode : std::uint8_t { unstarted, blocks, group };
  struct State {
    Mode mode = Mode::unstarted;
    bool done = false;
    std::size_t dispatched = 0;
  };

  [[nodiscard]] std::optional<PlannedTask> next_group();
  [[nodiscard]] std::optional<PlannedTask> next_block();
  [[nodiscard]] std::size_t block_size(std::size_t v, std::size_t variants) const;

  std::vector<Variant> variants_;
  std::vector<State> states_;
  int ranks_;
  int threads_;
  double window_result_bytes_;
  std::size_t next_record_ = 0;
  std::size_t first_unstarted_ = 0;     ///< no variant before it is unstarted
  std::size_t undispatched_ = 0;        ///< replications not yet handed out
  double seconds_per_replication_ = 0;  ///< one thread's, smoothed over the answers so far
};

}  // namespace smesim::detail
