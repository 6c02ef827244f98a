// A discrete-event simulation of studies over MPI ranks (bench/RESULTS.md "Studies over MPI
// ranks: the scheduler at 64 to 4,096 ranks"). Rank 0's choices come from the very policy
// the ranks run (engine/task_planner.hpp); the costs come from measurements
// (bench/task_costs.cpp) and a stated network:
//
//   smesim_scheduler_sim --costs budget_costs.csv --variants 50 --replications 200 --ranks 64,512,4096
//
// The model:
//  - every rank runs its tasks on --threads threads (replications scheduled greedily), holds
//    at most two tasks and starts the next as soon as one ends; a task costs the replications'
//    measured seconds, plus reading the variants' texts the first time and, for a group, the
//    reduce of each variant;
//  - a message costs --latency-us plus its bytes at --bandwidth-gbps, and the messages into
//    rank 0 share its one link;
//  - rank 0's dispatcher is one thread that handles one answer at a time: decoding a block's
//    results, reducing a variant run in blocks when its last block is in, writing records,
//    and sending tasks (record indices; a variant's text only to rank 0's own worker, as the
//    other ranks build the study themselves);
//  - rank 0's own worker is one of the ranks; the dispatcher is a thread beside it;
//  - start-up (mpirun, reading the study) and the outputs at the end are not simulated.
// Efficiency = replication seconds / (ranks x threads x makespan).
//
// A simulated variant v takes its replications' costs from measured variant
// floor(v * measured / simulated), drawn with replacement (fixed seed): a sweep's cost trend
// along its points is kept.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/task_planner.hpp"
#include "smesim/random/philox.hpp"

namespace {

using smesim::detail::PlannedKind;
using smesim::detail::PlannedTask;
using smesim::detail::TaskPlanner;

struct Measured {
  std::vector<std::vector<double>> seconds;  ///< per measured variant, per replication
  double result_bytes = 0;                   ///< per replication
  double reduce_seconds = 0;                 ///< per replication
  double record_bytes = 0;
  double text_bytes = 0;
  double text_seconds = 0;
  double parse_seconds = 0;
};

double figure(const std::string& line, const std::string& name) {
  const std::size_t at = line.find(name + " ");
  return at == std::string::npos ? 0 : std::atof(line.c_str() + at + name.size() + 1);
}

// Per-variant figures are averaged over the measured variants.
Measured read_costs(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  Measured m;
  std::string line;
  std::getline(in, line);  // header
  int figures = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      m.result_bytes += figure(line, "result_bytes_per_replication");
      m.reduce_seconds += figure(line, "reduce_seconds_per_replication");
      m.record_bytes += figure(line, "record_bytes");
      m.text_bytes += figure(line, "text_bytes");
      m.text_seconds += figure(line, "text_seconds");
      m.parse_seconds += figure(line, "parse_seconds");
      ++figures;
      continue;
    }
    std::istringstream cells(line);
    std::string variant, replication, seconds;
    std::getline(cells, variant, ',');
    std::getline(cells, replication, ',');
    std::getline(cells, seconds, ',');
    const auto v = static_cast<std::size_t>(std::stoul(variant));
    if (m.seconds.size() <= v) m.seconds.resize(v + 1);
    m.seconds[v].push_back(std::stod(seconds));
  }
  if (figures > 0)
    for (double* f : {&m.result_bytes, &m.reduce_seconds, &m.record_bytes, &m.text_bytes, &m.text_seconds,
                      &m.parse_seconds})
      *f /= figures;
  return m;
}

struct Network {
  double latency_seconds = 5e-6;
  double bytes_per_second = 10e9 / 8;
};

struct Options {
  std::size_t variants = 50;
  std::size_t replications = 200;
  int threads = 1;
  Network network;
  double decode_seconds_per_byte = 41e-6 / 501504;  // BM_ResultCodec: a 32-replication block
  double record_write_seconds = 100e-6;             // a record written atomically
  double task_seconds = 20e-6;                      // building and posting a task
  std::uint64_t seed = 1;
  double window_bytes = TaskPlanner::kWindowResultBytes;
};

struct Outcome {
  double makespan = 0;
  double work = 0;  ///< replication seconds
  double dispatcher_busy = 0;
  std::size_t groups = 0;
  std::size_t blocks = 0;
  double bytes_in = 0;
  double bytes_out = 0;
};

// One simulated request: the study's variants over `ranks` ranks.
class Simulation {
 public:
  Simulation(const Measured& measured, const Options& options, int ranks)
      : m_(measured),
        o_(options),
        ranks_(ranks),
        rank_state_(static_cast<std::size_t>(ranks)),
        texts_(static_cast<std::size_t>(ranks)) {
    // Philox, as every draw in smesim: the resampling is a function of the seed alone.
    smesim::PhiloxStream random(smesim::make_key(static_cast<std::uint32_t>(options.seed), 0),
                                smesim::Purpose::bootstrap, smesim::entity_key("scheduler_sim"), 0);
    std::vector<TaskPlanner::Variant> planned;
    for (std::size_t v = 0; v < options.variants; ++v) {
      const auto& pool = measured.seconds[v * measured.seconds.size() / options.variants];
      std::vector<double> costs(options.replications);
      for (double& c : costs) {
        c = pool[random.below(pool.size())];
        outcome_.work += c;
      }
      costs_.push_back(std::move(costs));
      planned.push_back({options.replications, measured.result_bytes});
    }
    fed_.assign(options.variants, 0);
    planner_.emplace(std::move(planned), ranks, options.threads, options.window_bytes);
  }

  Outcome run() {
    give_tasks(0);
    while (!events_.empty()) {
      const Event e = events_.top();
      events_.pop();
      if (e.kind == Event::task_arrives)
        arrive(e);
      else
        answer(e);
    }
    outcome_.makespan = std::max(outcome_.makespan, dispatcher_free_);
    return outcome_;
  }

 private:
  struct Event {
    enum Kind { task_arrives, answer_arrives } kind;
    double time;
    int rank;
    PlannedTask task;
    double compute;  ///< the task's seconds on its rank
    bool operator>(const Event& other) const { return time > other.time; }
  };
  struct RankState {
    double free_at = 0;
    int held = 0;  ///< tasks sent and not answered
  };

  double message_seconds(double bytes) const {
    return o_.network.latency_seconds + bytes / o_.network.bytes_per_second;
  }

  // The task's seconds on T threads: its replications greedily on the earliest free thread.
  double compute_seconds(const PlannedTask& t, int rank) {
    std::priority_queue<double, std::vector<double>, std::greater<>> threads;
    for (int i = 0; i < o_.threads; ++i) threads.push(0);
    const std::size_t first = t.kind == PlannedKind::group ? 0 : t.first_replication;
    const std::size_t count = t.kind == PlannedKind::group ? o_.replications : t.replications;
    for (std::size_t r = first; r < first + count; ++r) {
      double cost = 0;
      for (std::size_t v = t.first_variant; v < t.first_variant + t.variants; ++v) cost += costs_[v][r];
      const double start = threads.top();
      threads.pop();
      threads.push(start + cost);
    }
    double seconds = 0;
    while (!threads.empty()) {
      seconds = threads.top();
      threads.pop();
    }
    // Only rank 0's own worker reads texts: the other ranks built the study (ranks that could
    // not would read them too, and get blocks only).
    if (rank == 0)
      for (std::size_t v = t.first_variant; v < t.first_variant + t.variants; ++v)
        if (texts_[0].insert(v).second) seconds += m_.parse_seconds;
    if (t.kind == PlannedKind::group)
      seconds += m_.reduce_seconds * static_cast<double>(t.replications) / o_.threads;
    return seconds;
  }

  void arrive(const Event& e) {
    RankState& rank = rank_state_[static_cast<std::size_t>(e.rank)];
    const double start = std::max(e.time, rank.free_at);
    rank.free_at = start + e.compute;
    const bool group = e.task.kind == PlannedKind::group;
    const double bytes = group ? m_.record_bytes * static_cast<double>(e.task.variants)
                               : m_.result_bytes * static_cast<double>(e.task.replications * e.task.variants);
    // Answers share rank 0's link.
    const double sent = rank.free_at + o_.network.latency_seconds;
    link_free_ = std::max(link_free_, sent) + bytes / o_.network.bytes_per_second;
    outcome_.bytes_in += bytes;
    events_.push({Event::answer_arrives, link_free_, e.rank, e.task, e.compute});
  }

  void answer(const Event& e) {
    double now = std::max(e.time, dispatcher_free_);
    const double busy_from = now;
    const PlannedTask& t = e.task;
    --rank_state_[static_cast<std::size_t>(e.rank)].held;
    const std::size_t width = t.kind == PlannedKind::group ? 1 : t.variants;
    planner_->learn_cost(e.compute, t.replications * width);
    for (std::size_t v = t.first_variant; v < t.first_variant + t.variants; ++v) {
      if (t.kind == PlannedKind::group) {
        fed_[v] = o_.replications;
      } else {
        now += m_.result_bytes * static_cast<double>(t.replications) * o_.decode_seconds_per_byte;
        fed_[v] += t.replications;
        if (fed_[v] == o_.replications) now += m_.reduce_seconds * static_cast<double>(o_.replications);
      }
      if (fed_[v] == o_.replications) planner_->variant_done(v);
    }
    while (next_record_ < fed_.size() && fed_[next_record_] == o_.replications) {
      now += o_.record_write_seconds;
      ++next_record_;
    }
    planner_->handed_over(next_record_);
    outcome_.makespan = std::max(outcome_.makespan, now);
    dispatcher_free_ = now;
    give_tasks(now);
    outcome_.dispatcher_busy += dispatcher_free_ - busy_from;
  }

  // As the executor does after each answer: every rank topped up to two tasks, in two rounds.
  void give_tasks(double now) {
    for (int round = 0; round < TaskPlanner::kTasksPerRank; ++round)
      for (int rank = 0; rank < ranks_; ++rank) {
        RankState& state = rank_state_[static_cast<std::size_t>(rank)];
        if (state.held >= TaskPlanner::kTasksPerRank) continue;
        const std::optional<PlannedTask> task = planner_->next(true);
        if (!task) {
          dispatcher_free_ = now;
          return;
        }
        now += o_.task_seconds;
        double bytes = 64 + 12.0 * static_cast<double>(task->variants);  // head, record indices
        if (rank == 0)
          for (std::size_t v = task->first_variant; v < task->first_variant + task->variants; ++v)
            if (sent_texts_.insert(v).second) {
              now += m_.text_seconds;
              bytes += m_.text_bytes;
            }
        outcome_.bytes_out += bytes;
        ++(task->kind == PlannedKind::group ? outcome_.groups : outcome_.blocks);
        ++state.held;
        events_.push(
            {Event::task_arrives, now + message_seconds(bytes), rank, *task, compute_seconds(*task, rank)});
      }
    dispatcher_free_ = now;
  }

  const Measured& m_;
  const Options& o_;
  int ranks_;
  std::vector<RankState> rank_state_;
  std::vector<std::vector<double>> costs_;
  std::vector<std::size_t> fed_;
  std::optional<TaskPlanner> planner_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::vector<std::set<std::size_t>> texts_;  ///< per rank: variants it has read (rank 0 only)
  std::set<std::size_t> sent_texts_;          ///< variants whose text rank 0's own worker has
  std::size_t next_record_ = 0;
  double dispatcher_free_ = 0;
  double link_free_ = 0;
  Outcome outcome_;
};

std::vector<int> parse_ranks(const std::string& text) {
  std::vector<int> ranks;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) ranks.push_back(std::stoi(item));
  return ranks;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string costs_path;
  std::vector<int> ranks{64, 512, 4096};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--costs")
      costs_path = value;
    else if (key == "--variants")
      options.variants = std::stoul(value);
    else if (key == "--replications")
      options.replications = std::stoul(value);
    else if (key == "--ranks")
      ranks = parse_ranks(value);
    else if (key == "--threads")
      options.threads = std::stoi(value);
    else if (key == "--latency-us")
      options.network.latency_seconds = std::stod(value) * 1e-6;
    else if (key == "--bandwidth-gbps")
      options.network.bytes_per_second = std::stod(value) * 1e9 / 8;
    else if (key == "--seed")
      options.seed = std::stoull(value);
    else if (key == "--window-mb")
      options.window_bytes = std::stod(value) * 1024 * 1024;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }
  if (costs_path.empty()) {
    std::fputs(
        "usage: smesim_scheduler_sim --costs FILE [--variants N] [--replications R] [--ranks K,K,…] "
        "[--threads T] [--latency-us L] [--bandwidth-gbps B] [--seed S] [--window-mb W]\n",
        stderr);
    return 2;
  }
  const Measured measured = read_costs(costs_path);
  std::printf(
      "%zu variants x %zu replications, %d thread(s) a rank; measured: %.4f s a replication (mean), "
      "%.0f result bytes a replication, reduce %.2e s a replication, record %.0f bytes; network %.1f us, "
      "%.1f Gbit/s\n",
      options.variants, options.replications, options.threads,
      [&] {
        double sum = 0;
        std::size_t n = 0;
        for (const auto& v : measured.seconds)
          for (const double s : v) sum += s, ++n;
        return sum / static_cast<double>(n);
      }(),
      measured.result_bytes, measured.reduce_seconds, measured.record_bytes,
      options.network.latency_seconds * 1e6, options.network.bytes_per_second * 8 / 1e9);
  std::printf("%8s %12s %12s %10s %10s %8s %8s %12s %12s\n", "ranks", "makespan_s", "ideal_s", "efficiency",
              "rank0_busy", "groups", "blocks", "MB_to_rank0", "MB_from_rank0");
  for (const int k : ranks) {
    Simulation simulation(measured, options, k);
    const Outcome o = simulation.run();
    const double ideal = o.work / (k * options.threads);
    std::printf("%8d %12.3f %12.3f %10.3f %10.3f %8zu %8zu %12.1f %12.1f\n", k, o.makespan, ideal,
                ideal / o.makespan, o.dispatcher_busy / o.makespan, o.groups, o.blocks, o.bytes_in / 1e6,
                o.bytes_out / 1e6);
  }
  return 0;
}
