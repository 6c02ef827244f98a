// Rank 0's dispatcher (engine/mpi_dispatcher.hpp, docs/cluster.md).
//
// Rank 0 hands out tasks, each rank holding at most two so that it never waits for the next;
// it waits for answers with blocking matched receives, and sends the rank that answered its
// next tasks. What a task covers is engine/task_planner.hpp's to say; a task is either
//  - a group of whole variants, while variants are plenty, reduced where they ran: records
//    come back;
//  - or a block: replications [a, b) of one or more variants, for the last variants (so that
//    the end of a request is shared finely among ranks) and for ranks without the study; the
//    block's results come back and rank 0 feeds them to the reducers in replication order.
// Either way a record is the reduce of all its variant's replications in order: nothing a
// study sees depends on the ranks, threads, groups or blocks. Workers are addressed by rank
// alone: rank 0's own worker (src/engine/mpi_session.cpp) receives its tasks like any other
// rank. Rank 0's own worker (and a rank without the study) gets each variant's scenario_yaml
// text once.
#include "engine/mpi_dispatcher.hpp"

#include <mpi.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tbb/info.h>

#include "engine/memory_estimate.hpp"
#include "engine/mpi_protocol.hpp"
#include "engine/result_codec.hpp"
#include "engine/task_planner.hpp"
#include "smesim/engine/mpi_executor.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace detail::mpi {
namespace {

// Numbers every request of the process, whichever executor makes it: a worker keeps the
// variants of the latest request it saw, so two requests must never share a number.
std::atomic<std::uint64_t> g_requests{0};

// The reduction of the request rank 0 is dispatching, for rank 0's own worker thread (the
// other ranks have their own study). Set before the request's first task and cleared after
// its last answer, so the worker never sees another request's.
std::atomic<const PortableReduction*> g_local_reduction{nullptr};

// One request's dispatch.
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
    MPI_Isend(s.bytes.data(), static_cast<int>(s.bytes.size()), MPI_BYTE, rank, kTaskTag, communicator(),
              &s.request);
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

const PortableReduction* local_reduction() { return g_local_reduction.load(); }

}  // namespace detail::mpi

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
  detail::mpi::Dispatch dispatch(request, ++detail::mpi::g_requests, ranks_, threads_option_,
                                 session_.study_keys());
  return dispatch.run();
}

void MpiExecutor::check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                               std::size_t limit_bytes) const {
  // Every rank holds its threads' workspaces and two blocks of results; rank 0 besides holds
  // what the reducers of its window keep, as one process' executor does.
  ThreadExecutor(threads_).check_memory(variants, use, limit_bytes);
}

}  // namespace smesim
