// Studies over MPI ranks (include/smesim/engine/mpi_executor.hpp, docs/cluster.md).
//
// Rank 0 hands out tasks, each rank holding at most two so that it never waits for the next;
// it waits for answers with blocking matched receives, and sends the rank that answered its
// next tasks. What a task covers is engine/task_planner.hpp's to say; a task is either
//  - a group of whole variants, while variants are plenty: the rank runs them as one
//    process's ThreadExecutor does (a replication's set-up shared across the group), reduces
//    each with the study it built from the same command line, and sends back records only;
//  - or a block: replications [a, b) of one or more variants, for the last variants (so that
//    the end of a request is shared finely among ranks) and for ranks without the study; the
//    block's results travel as bytes (engine/result_codec.hpp) and rank 0 feeds them to the
//    reducers in replication order.
// Either way a record is the reduce of all its variant's replications in order: nothing a
// study sees depends on the ranks, threads, groups or blocks. Workers are addressed by rank
// alone: rank 0's own worker is a thread of rank 0 that receives its tasks like any other
// rank, which needs MPI_THREAD_MULTIPLE. A rank that built the study takes a task's variants
// from it by record number; rank 0's own worker (and a rank without the study) gets each
// variant's scenario_yaml text once.
#include "smesim/engine/mpi_executor.hpp"

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "engine/result_codec.hpp"
#include "engine/task_planner.hpp"
#include "smesim/engine/keeping_reducer.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

constexpr int kTaskTag = 7301;    // rank 0 -> worker: a task, or stop
constexpr int kResultTag = 7302;  // worker -> rank 0: a task's results or records, or a failure
constexpr int kHelloTag = 7303;   // worker -> rank 0, once: the study key it can reduce with

// smesim's own communicator (a duplicate of MPI_COMM_WORLD), so that its messages never meet
// another library's.
MPI_Comm g_comm = MPI_COMM_NULL;

// Numbers every request of the process, whichever executor makes it: a worker keeps the
// variants of the latest request it saw, so two requests must never share a number.
std::atomic<std::uint64_t> g_requests{0};

enum class TaskKind : std::uint32_t {
  stop = 0,   ///< no more tasks
  block = 1,  ///< replications [first, first + count) of each variant; results come back
  group = 2,  ///< whole variants, each reduced where it ran; records come back
};

// A task names `variants` consecutive variants from the keyed one on. Its tail: for a group,
// and for a block sent to a rank that built the study, their record indices (u64 each); then
// their text lengths (u32 each; 0: the rank has the variant already, or builds it from its
// study by record index) and the texts (scenario_yaml), each sent once per rank.
struct TaskHead {
  std::uint64_t variant_key = 0;  ///< request << 32 | first variant index
  std::uint64_t first = 0;        ///< first replication of a block
  std::uint64_t count = 0;        ///< replications of a block, of each of its variants
  std::int32_t threads = 1;       ///< oneTBB threads to run the task on
  std::uint32_t variants = 0;
  TaskKind kind = TaskKind::stop;
  std::uint32_t with_records = 0;  ///< 1: record indices lead the tail (always for a group)
};

// A block's answer carries its results, variant by variant; a group's, one record length
// (u64) per variant, then the records.
struct ResultHead {
  std::uint64_t variant_key = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  double seconds = 0;             ///< how long the task took on its rank
  std::uint32_t error_bytes = 0;  ///< > 0: the rank failed; its message follows instead
  std::uint32_t variants = 0;
  TaskKind kind = TaskKind::stop;
  std::uint32_t reserved = 0;
};

// Appends / reads the raw bytes of trivially copyable values: the tails of the messages.
template <class T>
void append_values(std::string& bytes, const std::vector<T>& values) {
  if (values.empty()) return;  // data() may be null
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

template <class T>
std::vector<T> take_values(std::string_view& bytes, std::size_t count) {
  if (bytes.size() / sizeof(T) < count) throw Error("MPI: a message shorter than its contents");
  std::vector<T> values(count);
  if (count > 0) std::memcpy(values.data(), bytes.data(), count * sizeof(T));
  bytes.remove_prefix(count * sizeof(T));
  return values;
}

std::string_view take_text(std::string_view& bytes, std::size_t size) {
  if (bytes.size() < size) throw Error("MPI: a message shorter than its contents");
  const std::string_view text = bytes.substr(0, size);
  bytes.remove_prefix(size);
  return text;
}

// The reduction of the request rank 0 is dispatching, for rank 0's own worker thread (the
// other ranks have their own study). Set before the request's first task and cleared after
// its last answer, so the worker never sees another request's.
std::atomic<const PortableReduction*> g_local_reduction{nullptr};

template <class Head>
std::string with_head(const Head& head, std::string_view tail = {}) {
  std::string bytes(sizeof(Head), '\0');
  std::memcpy(bytes.data(), &head, sizeof(Head));
  bytes.append(tail);
  return bytes;
}

template <class Head>
Head head_of(const std::string& bytes) {
  if (bytes.size() < sizeof(Head)) throw Error("MPI: a message shorter than its header");
  Head head;
  std::memcpy(&head, bytes.data(), sizeof(Head));
  return head;
}

void send(const std::string& bytes, int rank, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
    throw Error(fmt::format("MPI: a message of {} bytes is more than one send takes", bytes.size()));
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, rank, tag, g_comm);
}

// The next message with `tag` from `source` (MPI_ANY_SOURCE: any rank), blocking.
std::string receive(int source, int tag, int* from = nullptr) {
  MPI_Message message;
  MPI_Status status;
  MPI_Mprobe(source, tag, g_comm, &message, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Mrecv(bytes.data(), count, MPI_BYTE, &message, MPI_STATUS_IGNORE);
  if (from != nullptr) *from = status.MPI_SOURCE;
  return bytes;
}

// A rank's worker: runs the tasks it is sent on its own oneTBB threads and workspaces.
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

bool launched_by_mpi() {
  // Open MPI's mpirun, and PMI/PMIx launchers such as Slurm's srun.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

// One request's dispatch on rank 0.
class Dispatch {
 public:
  Dispatch(const ExecutionRequest& request, std::uint64_t id, int ranks, int threads_option,
           const std::vector<std::uint64_t>& study_keys)
      : request_(request),
        id_(id),
        ranks_(ranks),
        threads_option_(threads_option),
        threads_(threads_option > 0 ? threads_option : tbb::info::default_concurrency()),
        variants_(request.variants.size()),
        texts_sent_(static_cast<std::size_t>(ranks)),
        in_flight_(static_cast<std::size_t>(ranks), 0),
        reduces_(static_cast<std::size_t>(ranks), false),
        own_variants_(static_cast<std::size_t>(ranks), false),
        planner_(planned_variants(request.variants), ranks, threads_) {
    // Rank 0's own worker reduces with the request's study; another rank with the study it
    // built, when it is the same study.
    const bool portable = request.reduction.available() && request.record_index;
    for (std::size_t rank = 0; rank < reduces_.size(); ++rank)
      reduces_[rank] = portable && (rank == 0 || (rank < study_keys.size() && study_keys[rank] != 0 &&
                                                  study_keys[rank] == request.reduction.study_key));
    // A worker rank with the study has its variants too (main.cpp builds them with it); rank
    // 0's own worker reads texts, written once.
    for (std::size_t rank = 1; rank < reduces_.size(); ++rank) own_variants_[rank] = reduces_[rank];
    g_local_reduction.store(portable ? &request.reduction : nullptr);
  }
  ~Dispatch() { g_local_reduction.store(nullptr); }
  Dispatch(const Dispatch&) = delete;
  Dispatch& operator=(const Dispatch&) = delete;

  // Every task handed out is answered before this returns, whatever happens (a rank left
  // sending would never reach the stop message): after a failure or a cancel no task is given,
  // and what comes back is still received.
  bool run() {
    try {
      hand_over_records();  // variants of no replications
      give_tasks();
    } catch (...) {
      failure_ = std::current_exception();
    }
    while (outstanding_ > 0) {
      int from = 0;
      const std::string bytes = receive(MPI_ANY_SOURCE, kResultTag, &from);
      stats_.bytes_back += bytes.size();
      --outstanding_;
      --in_flight_[static_cast<std::size_t>(from)];
      if (failure_) continue;
      try {
        accept(bytes);
        hand_over_records();
        give_tasks();
      } catch (...) {
        failure_ = std::current_exception();
      }
    }
    finish_sends();
    if (std::getenv("SMESIM_MPI_STATS") != nullptr) stats_.print();
    if (failure_) std::rethrow_exception(failure_);
    return next_record_ == variants_.size();
  }

 private:
  struct VariantState {
    std::size_t fed = 0;  ///< replications fed to the reducer, in order
    std::unique_ptr<VariantReducer> reducer;
    std::map<std::size_t, std::vector<ReplicationResult>> waiting;  ///< blocks that came early
    std::optional<Record> record;
  };

  [[nodiscard]] bool stopping() const {
    return request_.cancel != nullptr && request_.cancel->load(std::memory_order_relaxed);
  }

  [[nodiscard]] std::size_t replications(std::size_t v) const {
    return static_cast<std::size_t>(request_.variants[v].replications);
  }

  static std::vector<detail::TaskPlanner::Variant> planned_variants(std::span<const ScenarioDef> variants) {
    std::vector<detail::TaskPlanner::Variant> planned;
    for (const ScenarioDef& v : variants)
      planned.push_back({static_cast<std::size_t>(v.replications), detail::result_bytes(v)});
    return planned;
  }

  // Tops every rank up to kTasksPerRank tasks.
  void give_tasks() {
    constexpr int kTasksPerRank = detail::TaskPlanner::kTasksPerRank;
    for (int round = 0; round < kTasksPerRank; ++round)
      for (int rank = 0; rank < ranks_; ++rank)
        if (in_flight_[static_cast<std::size_t>(rank)] < kTasksPerRank && !give_task(rank)) return;
  }

  // Tasks are sent without waiting (MPI_Isend): a rank busy with its first task takes the
  // second only when done, and rank 0 must go on receiving meanwhile.
  void post(std::string bytes, int rank) {
    stats_.bytes_out += bytes.size();
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
      throw Error(fmt::format("MPI: a message of {} bytes is more than one send takes", bytes.size()));
    sends_.push_back({MPI_REQUEST_NULL, std::move(bytes)});
    PendingSend& s = sends_.back();
    MPI_Isend(s.bytes.data(), static_cast<int>(s.bytes.size()), MPI_BYTE, rank, kTaskTag, g_comm, &s.request);
    // Drop the sends that completed (their buffers may go).
    while (!sends_.empty()) {
      int done = 0;
      MPI_Test(&sends_.front().request, &done, MPI_STATUS_IGNORE);
      if (done == 0) break;
      sends_.pop_front();
    }
  }

  void finish_sends() {
    for (PendingSend& s : sends_) MPI_Wait(&s.request, MPI_STATUS_IGNORE);
    sends_.clear();
  }

  bool give_task(int rank) {
    if (stopping()) return false;
    const std::optional<detail::PlannedTask> task = planner_.next(reduces_[static_cast<std::size_t>(rank)]);
    if (!task) return false;
    TaskHead head;
    head.variant_key = (id_ << 32) | task->first_variant;
    head.threads = threads_option_;
    head.variants = static_cast<std::uint32_t>(task->variants);
    std::vector<std::uint64_t> records;
    std::vector<std::uint32_t> text_bytes;
    std::string texts;
    const bool own = own_variants_[static_cast<std::size_t>(rank)];
    head.with_records = task->kind == detail::PlannedKind::group || own ? 1 : 0;
    for (std::size_t v = task->first_variant; v < task->first_variant + task->variants; ++v) {
      if (head.with_records != 0) records.push_back(request_.record_index(v));
      const std::string text = own ? std::string() : text_for(rank, v);
      text_bytes.push_back(static_cast<std::uint32_t>(text.size()));
      texts += text;
    }
    if (task->kind == detail::PlannedKind::group) {
      head.kind = TaskKind::group;
      ++stats_.groups;
      stats_.group_variants += task->variants;
    } else {
      head.kind = TaskKind::block;
      head.first = task->first_replication;
      head.count = task->replications;
      ++stats_.blocks;
      stats_.block_replications += task->replications * task->variants;
    }
    std::string tail;
    append_values(tail, records);
    append_values(tail, text_bytes);
    post(with_head(head, tail + texts), rank);
    ++outstanding_;
    ++in_flight_[static_cast<std::size_t>(rank)];
    return true;
  }

  // The variant's text, the first time `rank` gets a task of it; empty after. Written once
  // for all ranks (bench/RESULTS.md: 0.4 ms a text, per rank it would cost 10 s at 512 ranks).
  std::string text_for(int rank, std::size_t v) {
    if (!texts_sent_[static_cast<std::size_t>(rank)].insert(v).second) return {};
    if (texts_.size() <= v) texts_.resize(variants_.size());
    if (!texts_[v]) texts_[v] = scenario_yaml(request_.variants[v]);
    return *texts_[v];
  }

  void accept(const std::string& bytes) {
    const ResultHead head = head_of<ResultHead>(bytes);
    if (head.error_bytes > 0) throw Error(bytes.substr(sizeof(ResultHead), head.error_bytes));
    const std::size_t v = head.variant_key & 0xffffffffu;
    if ((head.variant_key >> 32) != id_ || v >= variants_.size() || head.variants > variants_.size() - v)
      throw Error("MPI: an answer to a task this request never handed out");
    std::string_view tail = std::string_view(bytes).substr(sizeof(ResultHead));
    if (head.kind == TaskKind::group)
      accept_records(v, head, tail);
    else
      accept_block(v, head, tail);
  }

  void accept_records(std::size_t first, const ResultHead& head, std::string_view tail) {
    const auto lengths = take_values<std::uint64_t>(tail, head.variants);
    std::size_t done = 0;
    for (std::size_t i = 0; i < head.variants; ++i) {
      VariantState& state = variants_[first + i];
      if (!planner_.in_group(first + i) || state.record)
        throw Error("MPI: records of variants not asked for");
      state.record = Record(take_text(tail, lengths[i]));
      state.fed = replications(first + i);
      planner_.variant_done(first + i);
      done += state.fed;
    }
    planner_.learn_cost(head.seconds, done);
    if (request_.on_replications) request_.on_replications(done);
  }

  // A block's results, variant by variant, each fed in replication order.
  void accept_block(std::size_t first, const ResultHead& head, std::string_view tail) {
    std::vector<ReplicationResult> results = detail::decode_results(tail);
    if (results.size() != head.count * head.variants)
      throw Error("MPI: a block with another number of results than asked for");
    planner_.learn_cost(head.seconds, results.size());
    if (request_.on_replications) request_.on_replications(results.size());
    for (std::size_t i = 0; i < head.variants; ++i) {
      VariantState& state = variants_[first + i];
      if (!planner_.in_blocks(first + i)) throw Error("MPI: results of variants not asked for");
      const auto begin = results.begin() + static_cast<std::ptrdiff_t>(i * head.count);
      state.waiting.emplace(head.first,
                            std::vector<ReplicationResult>(
                                std::make_move_iterator(begin),
                                std::make_move_iterator(begin + static_cast<std::ptrdiff_t>(head.count))));
      feed(first + i);
    }
  }

  // Every block of variant v that continues the replications fed so far, in order.
  void feed(std::size_t v) {
    VariantState& state = variants_[v];
    for (auto it = state.waiting.find(state.fed); it != state.waiting.end();
         it = state.waiting.find(state.fed)) {
      if (!state.reducer) state.reducer = request_.make_reducer(v);
      state.reducer->add(it->second);
      state.fed += it->second.size();
      state.waiting.erase(it);
    }
    if (state.fed == replications(v) && !state.record) {
      if (!state.reducer) state.reducer = request_.make_reducer(v);  // a variant of no replications
      state.record = state.reducer->finish();
      state.reducer.reset();
      planner_.variant_done(v);
    }
  }

  void hand_over_records() {
    while (next_record_ < variants_.size()) {
      if (replications(next_record_) == 0) feed(next_record_);
      VariantState& state = variants_[next_record_];
      if (!state.record) return;
      request_.on_record(next_record_, std::move(*state.record));
      state.record.reset();
      ++next_record_;
      planner_.handed_over(next_record_);
    }
  }

  const ExecutionRequest& request_;
  std::uint64_t id_;
  int ranks_;
  int threads_option_;  ///< --threads as given: 0 lets each rank use all its cores
  int threads_;         ///< rank 0's threads, for sizing blocks
  std::vector<VariantState> variants_;
  std::vector<std::set<std::size_t>> texts_sent_;  ///< per rank: variants whose text it has
  std::vector<std::optional<std::string>> texts_;  ///< each variant's, once written
  std::vector<int> in_flight_;                     ///< per rank: tasks not yet answered
  std::vector<bool> reduces_;                      ///< per rank: it can run group tasks
  std::vector<bool> own_variants_;                 ///< per rank: it builds variants from its study
  detail::TaskPlanner planner_;
  int outstanding_ = 0;
  // What a request sent and received (SMESIM_MPI_STATS=1 prints it: docs/cluster.md).
  struct Stats {
    std::size_t groups = 0;
    std::size_t group_variants = 0;
    std::size_t blocks = 0;
    std::size_t block_replications = 0;
    std::size_t bytes_out = 0;   ///< tasks, their variants' texts included
    std::size_t bytes_back = 0;  ///< records and results
    void print() const {
      std::fprintf(stderr,
                   "smesim: MPI request: %zu group tasks (%zu variants), %zu block tasks (%zu replications); "
                   "%zu bytes of tasks sent, %zu bytes of answers received\n",
                   groups, group_variants, blocks, block_replications, bytes_out, bytes_back);
    }
  } stats_;
  std::size_t next_record_ = 0;
  std::exception_ptr failure_;
  struct PendingSend {
    MPI_Request request;
    std::string bytes;
  };
  std::list<PendingSend> sends_;  ///< a list: a pending send's buffer must not move
};

}  // namespace

bool mpi_available() { return true; }

struct MpiSession::Local {
  std::thread worker;
};

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  // Open MPI waits in a blocking receive by spinning; rank 0's receiving thread shares its cores
  // with its worker, so it should give them up while it waits (measured: the 2-rank sweep of
  // bench/RESULTS.md takes 15.3 s spinning, 11.6 s yielding). A user's own setting stands.
  setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  if (provided < MPI_THREAD_MULTIPLE) {
    std::fputs(
        "smesim: error: this MPI library gives no MPI_THREAD_MULTIPLE, which rank 0's own worker needs\n",
        stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_dup(MPI_COMM_WORLD, &g_comm);
  MPI_Comm_rank(g_comm, &rank_);
  MPI_Comm_size(g_comm, &size_);
  if (rank_ > 0) {
    // An interrupt is rank 0's to handle: it stops handing out tasks, collects what is
    // running and then stops every rank (mpirun forwards SIGINT and SIGTERM to all of them).
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  } else if (size_ > 1) {
    local_ = std::make_unique<Local>();
    local_->worker = std::thread([] { Worker(0, [] { return g_local_reduction.load(); }).serve(); });
  }
}

MpiSession::~MpiSession() {
  if (g_comm == MPI_COMM_NULL) return;
  if (rank_ == 0) {
    // Every announcement is received before the stop (none is left unmatched at MPI_Finalize).
    if (size_ > 1) static_cast<void>(study_keys());
    const std::string stop = with_head(TaskHead{});
    for (int rank = 0; rank < size_; ++rank)
      if (rank > 0 || local_) send(stop, rank, kTaskTag);
    if (local_) local_->worker.join();
  }
  MPI_Comm_free(&g_comm);
  MPI_Finalize();
}

int MpiSession::serve(const PortableReduction& reduction) const {
  const std::uint64_t key = reduction.available() ? reduction.study_key : 0;
  send(std::string(reinterpret_cast<const char*>(&key), sizeof key), 0, kHelloTag);
  Worker(rank_, [&reduction] { return &reduction; }).serve();
  return 0;
}

const std::vector<std::uint64_t>& MpiSession::study_keys() const {
  if (keys_received_) return study_keys_;
  study_keys_.assign(static_cast<std::size_t>(size_), 0);
  for (int i = 1; i < size_; ++i) {
    int from = 0;
    const std::string bytes = receive(MPI_ANY_SOURCE, kHelloTag, &from);
    std::uint64_t key = 0;
    if (bytes.size() == sizeof key) std::memcpy(&key, bytes.data(), sizeof key);
    study_keys_[static_cast<std::size_t>(from)] = key;
  }
  keys_received_ = true;
  return study_keys_;
}

MpiExecutor::MpiExecutor(const MpiSession& session, int threads)
    : session_(session),
      ranks_(session.size()),
      threads_option_(threads),
      threads_(threads > 0 ? threads : tbb::info::default_concurrency()) {
  if (!session.distributed() || session.rank() != 0)
    throw Error("MpiExecutor: only rank 0 of more than one rank hands out tasks");
}

MpiExecutor::~MpiExecutor() = default;

bool MpiExecutor::execute(const ExecutionRequest& request) {
  Dispatch dispatch(request, ++g_requests, ranks_, threads_option_, session_.study_keys());
  return dispatch.run();
}

void MpiExecutor::check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                               std::size_t limit_bytes) const {
  // Every rank holds its threads' workspaces and two blocks of results; rank 0 besides holds
  // what the reducers of its window keep, as one process' executor does.
  ThreadExecutor(threads_).check_memory(variants, use, limit_bytes);
}

}  // namespace smesim
