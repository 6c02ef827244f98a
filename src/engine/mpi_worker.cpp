// A rank's worker (engine/mpi_worker.hpp). A group is run as one process's ThreadExecutor
// runs it (a replication's set-up shared across the group) and reduced here with the study this
// rank built from the same command line; a block's replications run replication-major on this
// rank's threads and travel back as bytes (engine/result_codec.hpp). A rank that built the
// study takes a task's variants from it by record number; otherwise it parses each variant's
// scenario_yaml text, sent once.
#include "engine/mpi_worker.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/mpi_protocol.hpp"
#include "engine/replication.hpp"
#include "engine/result_codec.hpp"
#include "smesim/engine/keeping_reducer.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail::mpi {
namespace {

class Worker {
 public:
  /// `reduction` gives the study to reduce groups with (none: this rank gets blocks only).
  Worker(int rank, std::function<const PortableReduction*()> reduction)
      : rank_(rank), reduction_(std::move(reduction)) {}

  void serve() {
    for (;;) {
      const std::string task = receive(0, kTaskTag);
      const TaskHead head = head_of<TaskHead>(task);
      if (head.kind == TaskKind::stop) return;
      send(run(head, std::string_view(task).substr(sizeof(TaskHead))), 0, kResultTag);
    }
  }

 private:
  std::string run(const TaskHead& task, std::string_view tail) {
    ResultHead head;
    head.variant_key = task.variant_key;
    head.first = task.first;
    head.count = task.count;
    head.variants = task.variants;
    head.kind = task.kind;
    try {
      const auto start = std::chrono::steady_clock::now();
      std::string answer;
      if (task.kind == TaskKind::group)
        answer = run_group(task, tail);
      else
        answer = run_block(task, tail);
      head.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return with_head(head, answer);
    } catch (const std::exception& e) {
      const std::string message = fmt::format("rank {}: {}", rank_, e.what());
      head.error_bytes = static_cast<std::uint32_t>(message.size());
      return with_head(head, message);
    }
  }

  // Replications [first, first + count) of each variant, replication r of every variant in
  // a row on one thread, so that its set-up is built once when the variants agree on it (as
  // one process's batches).
  std::string run_block(const TaskHead& task, std::string_view tail) {
    const auto records = take_values<std::uint64_t>(tail, task.with_records != 0 ? task.variants : 0);
    const std::vector<ScenarioDef> variants = task_variants(task, records, tail);
    std::vector<ReplicationResult> results(variants.size() * task.count);
    run_replications(variants, task, results);
    std::string bytes;
    detail::encode_results(results, bytes);
    return bytes;
  }

  // Whole variants, as one process runs them (ThreadExecutor: set-up shared across the group
  // when the variants agree on it), each reduced here: only the records go back.
  std::string run_group(const TaskHead& task, std::string_view tail) {
    const PortableReduction* reduction = reduction_();
    if (reduction == nullptr || !reduction->available())
      throw Error("rank 0 sent whole variants to a rank without the study to reduce them");
    const auto records = take_values<std::uint64_t>(tail, task.variants);
    const std::vector<ScenarioDef> variants = task_variants(task, records, tail);
    std::vector<Record> made(variants.size());
    ExecutionRequest request;
    request.variants = variants;
    request.make_reducer = [&](std::size_t i) {
      return std::make_unique<KeepingReducer>(
          [&, i](std::span<const ReplicationResult> results) {
            return reduction->reduce(records[i], variants[i], results);
          },
          static_cast<std::size_t>(variants[i].replications));
    };
    request.on_record = [&](std::size_t i, Record&& record) { made[i] = std::move(record); };
    executor(task.threads).execute(request);
    std::vector<std::uint64_t> lengths;
    for (const Record& record : made) lengths.push_back(record.size());
    std::string bytes;
    append_values(bytes, lengths);
    for (const Record& record : made) bytes += record;
    return bytes;
  }

  std::vector<ScenarioDef> task_variants(const TaskHead& task, const std::vector<std::uint64_t>& records,
                                         std::string_view& tail) {
    const auto text_bytes = take_values<std::uint32_t>(tail, task.variants);
    std::vector<ScenarioDef> variants;
    variants.reserve(task.variants);
    for (std::size_t i = 0; i < task.variants; ++i) {
      const std::string_view text = take_text(tail, text_bytes[i]);
      variants.push_back(variant(task.variant_key + i, text, i < records.size() ? &records[i] : nullptr));
    }
    return variants;
  }

  // The variant a task names: parsed from its text the first time, or the study's own by
  // record index on a rank that built the study; kept for the request.
  const ScenarioDef& variant(std::uint64_t key, std::string_view text, const std::uint64_t* record) {
    const std::uint64_t request = key >> 32;
    if (request != request_) {
      variants_.clear();  // a new request: the previous one's variants are done with
      request_ = request;
    }
    if (!text.empty()) {
      variants_.insert_or_assign(key, load_scenario_text(text, "variant sent by rank 0").def);
    } else if (!variants_.contains(key) && record != nullptr) {
      const PortableReduction* reduction = reduction_();
      const ScenarioDef* own =
          reduction != nullptr && reduction->variant ? reduction->variant(*record) : nullptr;
      if (own == nullptr) throw Error("a task by record index for a record this rank's study does not have");
      variants_.emplace(key, *own);
    }
    const auto it = variants_.find(key);
    if (it == variants_.end()) throw Error("a task for a variant this rank was never sent");
    return it->second;
  }

  ThreadExecutor& executor(int threads) {
    if (!executor_ || executor_threads_ != threads) {
      executor_ = std::make_unique<ThreadExecutor>(threads);
      executor_threads_ = threads;
    }
    return *executor_;
  }

  void run_replications(std::span<const ScenarioDef> variants, const TaskHead& task,
                        std::vector<ReplicationResult>& results) {
    const int threads = task.threads > 0 ? task.threads : tbb::info::default_concurrency();
    if (!arena_ || arena_threads_ != threads) {
      arena_ = std::make_unique<tbb::task_arena>(threads);
      arena_threads_ = threads;
    }
    // Fewer replications than threads: the spare threads work inside replications.
    const bool inner_parallel = task.count < static_cast<std::uint64_t>(threads);
    arena_->execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, task.count, 1),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i) {
                            detail::ReplicationState& state = states_.local();
                            state.parallel_clusters = inner_parallel;
                            state.reuse_setup = variants.size() > 1;
                            for (std::size_t v = 0; v < variants.size(); ++v)
                              detail::run_replication(variants[v], static_cast<std::uint32_t>(task.first + i),
                                                      state, results[v * task.count + i]);
                          }
                        });
    });
  }

  int rank_;
  std::function<const PortableReduction*()> reduction_;
  std::uint64_t request_ = 0;
  std::map<std::uint64_t, ScenarioDef> variants_;
  std::unique_ptr<tbb::task_arena> arena_;
  int arena_threads_ = 0;
  tbb::enumerable_thread_specific<detail::ReplicationState> states_;
  std::unique_ptr<ThreadExecutor> executor_;
  int executor_threads_ = -1;
};

}  // namespace

void serve_tasks(int rank, std::function<const PortableReduction*()> reduction) {
  Worker(rank, std::move(reduction)).serve();
}

}  // namespace smesim::detail::mpi
