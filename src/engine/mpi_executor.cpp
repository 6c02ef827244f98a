// Studies over MPI ranks (include/smesim/engine/mpi_executor.hpp, docs/cluster.md).
//
// Rank 0 hands out tasks, (variant, block of replications), each rank holding at most two so
// that it never waits for the next; it waits for results with blocking matched receives, and
// sends the rank that answered its next task. Workers are addressed by rank alone: rank 0's
// own worker is a thread of rank 0 that receives its tasks like any other rank, which needs
// MPI_THREAD_MULTIPLE. A variant travels as its scenario_yaml text, once per rank; results
// travel as bytes (engine/result_codec.hpp) and are fed to the reducers in replication order,
// so nothing a study sees depends on the ranks, threads or blocks.
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
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "engine/result_codec.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

constexpr int kTaskTag = 7301;    // rank 0 -> worker: a task, or stop
constexpr int kResultTag = 7302;  // worker -> rank 0: a block's results, or a failure

// smesim's own communicator (a duplicate of MPI_COMM_WORLD), so that its messages never meet
// another library's.
MPI_Comm g_comm = MPI_COMM_NULL;

// Numbers every request of the process, whichever executor makes it: a worker keeps the
// variants of the latest request it saw, so two requests must never share a number.
std::atomic<std::uint64_t> g_requests{0};

struct TaskHead {
  std::uint64_t variant_key = 0;  ///< request << 32 | variant index
  std::uint64_t first = 0;        ///< first replication of the block
  std::uint64_t count = 0;        ///< replications; 0 = stop
  std::int32_t threads = 1;       ///< oneTBB threads to run the block on
  std::uint32_t text_bytes = 0;   ///< the variant's scenario_yaml follows (the first task of it a rank gets)
};

struct ResultHead {
  std::uint64_t variant_key = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  double seconds = 0;             ///< how long the block took on its rank
  std::uint32_t error_bytes = 0;  ///< > 0: the rank failed; its message follows instead of results
  std::uint32_t reserved = 0;
};

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

// A rank's worker: runs the blocks it is sent on its own oneTBB threads and workspaces.
class Worker {
 public:
  explicit Worker(int rank) : rank_(rank) {}

  void serve() {
    for (;;) {
      const std::string task = receive(0, kTaskTag);
      const TaskHead head = head_of<TaskHead>(task);
      if (head.count == 0) return;
      send(run(head, std::string_view(task).substr(sizeof(TaskHead))), 0, kResultTag);
    }
  }

 private:
  std::string run(const TaskHead& task, std::string_view text) {
    ResultHead head;
    head.variant_key = task.variant_key;
    head.first = task.first;
    head.count = task.count;
    try {
      const ScenarioDef& def = variant(task.variant_key, text.substr(0, task.text_bytes));
      const auto start = std::chrono::steady_clock::now();
      std::vector<ReplicationResult> results(task.count);
      run_block(def, task, results);
      head.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::string bytes = with_head(head);
      detail::encode_results(results, bytes);
      return bytes;
    } catch (const std::exception& e) {
      const std::string message = fmt::format("rank {}: {}", rank_, e.what());
      head.error_bytes = static_cast<std::uint32_t>(message.size());
      return with_head(head, message);
    }
  }

  // The variant a task names: parsed from its text the first time, kept for the request.
  const ScenarioDef& variant(std::uint64_t key, std::string_view text) {
    const std::uint64_t request = key >> 32;
    if (request != request_) {
      variants_.clear();  // a new request: the previous one's variants are done with
      request_ = request;
    }
    if (!text.empty())
      variants_.insert_or_assign(key, load_scenario_text(text, "variant sent by rank 0").def);
    const auto it = variants_.find(key);
    if (it == variants_.end()) throw Error("a task for a variant this rank was never sent");
    return it->second;
  }

  void run_block(const ScenarioDef& def, const TaskHead& task, std::vector<ReplicationResult>& results) {
    const int threads = task.threads > 0 ? task.threads : tbb::info::default_concurrency();
    if (!arena_ || arena_threads_ != threads) {
      arena_ = std::make_unique<tbb::task_arena>(threads);
      arena_threads_ = threads;
    }
    // Fewer replications than threads: the spare threads work inside replications.
    const bool inner_parallel = task.count < static_cast<std::uint64_t>(threads);
    arena_->execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, results.size(), 1),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i) {
                            detail::ReplicationState& state = states_.local();
                            state.parallel_clusters = inner_parallel;
                            state.reuse_setup = false;
                            detail::run_replication(def, static_cast<std::uint32_t>(task.first + i), state,
                                                    results[i]);
                          }
                        });
    });
  }

  int rank_;
  std::uint64_t request_ = 0;
  std::map<std::uint64_t, ScenarioDef> variants_;
  std::unique_ptr<tbb::task_arena> arena_;
  int arena_threads_ = 0;
  tbb::enumerable_thread_specific<detail::ReplicationState> states_;
};

bool launched_by_mpi() {
  // Open MPI's mpirun, and PMI/PMIx launchers such as Slurm's srun.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

// Tasks are sized to take about this long, so that rank 0 answers a few messages a second per
// rank however cheap a replication is (docs/cluster.md "How it works").
constexpr double kTaskSeconds = 2.0;
// Variants whose records are not yet handed over, at most: what their reducers hold is the
// memory rank 0 needs beyond one process' (as ThreadExecutor's batches).
constexpr std::size_t kWindowVariants = 8;
constexpr std::size_t kWindowResultBytes = std::size_t{32} << 20;
// A block's results travel in one message.
constexpr double kMessageBytes = 64e6;
constexpr int kTasksPerRank = 2;

// One request's dispatch on rank 0.
class Dispatch {
 public:
  Dispatch(const ExecutionRequest& request, std::uint64_t id, int ranks, int threads_option)
      : request_(request),
        id_(id),
        ranks_(ranks),
        threads_option_(threads_option),
        threads_(threads_option > 0 ? threads_option : tbb::info::default_concurrency()),
        variants_(request.variants.size()),
        texts_sent_(static_cast<std::size_t>(ranks)),
        in_flight_(static_cast<std::size_t>(ranks), 0) {}

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
    if (failure_) std::rethrow_exception(failure_);
    return next_record_ == variants_.size();
  }

 private:
  struct VariantState {
    std::size_t dispatched = 0;  ///< replications handed out
    std::size_t fed = 0;         ///< replications fed to the reducer, in order
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

  // The variant the next task comes from: the first with replications left to hand out,
  // within the window of variants whose records are not handed over yet.
  std::optional<std::size_t> next_variant() {
    std::size_t bytes = 0;
    for (std::size_t v = next_record_; v < variants_.size() && v < next_record_ + kWindowVariants; ++v) {
      bytes += replications(v) * static_cast<std::size_t>(detail::result_bytes(request_.variants[v]));
      if (v > next_record_ && bytes > kWindowResultBytes) return std::nullopt;
      if (variants_[v].dispatched < replications(v)) return v;
    }
    return std::nullopt;
  }

  // Replications in the next task from variant v: about kTaskSeconds of work for a rank's
  // threads once a cost is measured, a replication per thread before; never more than an
  // even share of what is left, so that the last tasks finish together.
  [[nodiscard]] std::size_t block_size(std::size_t v) const {
    const auto threads = static_cast<std::size_t>(threads_);
    std::size_t count = threads;
    if (seconds_per_replication_ > 0)
      count = threads *
              std::max<std::size_t>(1, static_cast<std::size_t>(kTaskSeconds / seconds_per_replication_));
    std::size_t left = 0;
    for (std::size_t u = v; u < variants_.size(); ++u) left += replications(u) - variants_[u].dispatched;
    count = std::min(count, std::max(threads, left / (2 * static_cast<std::size_t>(ranks_))));
    const double bytes = std::max(1.0, detail::result_bytes(request_.variants[v]));
    count = std::min(count, std::max<std::size_t>(1, static_cast<std::size_t>(kMessageBytes / bytes)));
    return std::min(count, replications(v) - variants_[v].dispatched);
  }

  // Tops every rank up to kTasksPerRank tasks.
  void give_tasks() {
    for (int round = 0; round < kTasksPerRank; ++round)
      for (int rank = 0; rank < ranks_; ++rank)
        if (in_flight_[static_cast<std::size_t>(rank)] < kTasksPerRank && !give_task(rank)) return;
  }

  // Tasks are sent without waiting (MPI_Isend): a rank busy with its first task takes the
  // second only when done, and rank 0 must go on receiving meanwhile.
  void post(std::string bytes, int rank) {
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
    const std::optional<std::size_t> v = next_variant();
    if (!v) return false;
    TaskHead head;
    head.variant_key = (id_ << 32) | *v;
    head.first = variants_[*v].dispatched;
    head.count = block_size(*v);
    head.threads = threads_option_;
    std::string text;
    if (texts_sent_[static_cast<std::size_t>(rank)].insert(*v).second) {
      text = scenario_yaml(request_.variants[*v]);
      head.text_bytes = static_cast<std::uint32_t>(text.size());
    }
    post(with_head(head, text), rank);
    variants_[*v].dispatched += head.count;
    ++outstanding_;
    ++in_flight_[static_cast<std::size_t>(rank)];
    return true;
  }

  void accept(const std::string& bytes) {
    const ResultHead head = head_of<ResultHead>(bytes);
    if (head.error_bytes > 0) throw Error(bytes.substr(sizeof(ResultHead), head.error_bytes));
    const std::size_t v = head.variant_key & 0xffffffffu;
    if ((head.variant_key >> 32) != id_ || v >= variants_.size())
      throw Error("MPI: results of a task this request never handed out");
    std::vector<ReplicationResult> results =
        detail::decode_results(std::string_view(bytes).substr(sizeof(ResultHead)));
    if (results.size() != head.count)
      throw Error("MPI: a block with another number of results than asked for");
    if (head.count > 0) {
      const double per_replication = head.seconds * threads_ / static_cast<double>(head.count);
      seconds_per_replication_ = seconds_per_replication_ > 0
                                     ? 0.7 * seconds_per_replication_ + 0.3 * per_replication
                                     : per_replication;
    }
    if (request_.on_replications) request_.on_replications(results.size());
    VariantState& state = variants_[v];
    state.waiting.emplace(head.first, std::move(results));
    feed(v);
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
    }
  }

  const ExecutionRequest& request_;
  std::uint64_t id_;
  int ranks_;
  int threads_option_;  ///< --threads as given: 0 lets each rank use all its cores
  int threads_;         ///< rank 0's threads, for sizing blocks
  std::vector<VariantState> variants_;
  std::vector<std::set<std::size_t>> texts_sent_;  ///< per rank: variants whose text it has
  std::vector<int> in_flight_;                     ///< per rank: tasks not yet answered
  int outstanding_ = 0;
  std::size_t next_record_ = 0;
  double seconds_per_replication_ = 0;  ///< one thread's, smoothed over the results so far
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
    local_->worker = std::thread([] { Worker(0).serve(); });
  }
}

MpiSession::~MpiSession() {
  if (g_comm == MPI_COMM_NULL) return;
  if (rank_ == 0) {
    const std::string stop = with_head(TaskHead{});
    for (int rank = 0; rank < size_; ++rank)
      if (rank > 0 || local_) send(stop, rank, kTaskTag);
    if (local_) local_->worker.join();
  }
  MPI_Comm_free(&g_comm);
  MPI_Finalize();
}

int MpiSession::serve() const {
  Worker(rank_).serve();
  return 0;
}

MpiExecutor::MpiExecutor(const MpiSession& session, int threads)
    : ranks_(session.size()),
      threads_option_(threads),
      threads_(threads > 0 ? threads : tbb::info::default_concurrency()) {
  if (!session.distributed() || session.rank() != 0)
    throw Error("MpiExecutor: only rank 0 of more than one rank hands out tasks");
}

MpiExecutor::~MpiExecutor() = default;

bool MpiExecutor::execute(const ExecutionRequest& request) {
  Dispatch dispatch(request, ++g_requests, ranks_, threads_option_);
  return dispatch.run();
}

void MpiExecutor::check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                               std::size_t limit_bytes) const {
  // Every rank holds its threads' workspaces and two blocks of results; rank 0 besides holds
  // what the reducers of its window keep, as one process' executor does.
  ThreadExecutor(threads_).check_memory(variants, use, limit_bytes);
}

}  // namespace smesim
