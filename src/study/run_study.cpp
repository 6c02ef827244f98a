// The one study loop (docs/architecture.md "The one idea"). A round is what the study proposes from
// the records so far: variants stored in the folder are read back (and checked) instead of run,
// the others go to the executor, and every record lands at its variant's index, so the
// outputs never depend on what was resumed, on scheduling or on the executor.
#include "smesim/study/run_study.hpp"

#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "smesim/error.hpp"
#include "study/finish_study.hpp"
#include "study/results_writers.hpp"

namespace smesim {
namespace {

// Progress of the whole study, reported from the workers (replications) and from the calling
// thread (records), never two at once.
class ProgressTracker {
 public:
  ProgressTracker(const RunStudyOptions& options, std::string_view noun) : options_(options) {
    state_.record_noun = noun;
  }
  void add_round(std::size_t records, std::size_t stored, std::size_t replications) {
    update([&] {
      state_.records_total += records;
      state_.records_done += stored;
      state_.replications_total += replications;
    });
  }
  void add_replications(std::size_t n) {
    update([&] { state_.replications_done += n; });
  }
  void add_record() {
    update([&] { ++state_.records_done; });
  }

 private:
  template <class Change>
  void update(Change change) {
    const std::lock_guard lock(mutex_);
    change();
    if (options_.on_progress) options_.on_progress(state_);
  }

  const RunStudyOptions& options_;
  StudyProgress state_;
  std::mutex mutex_;
};

std::size_t replications_of(std::span<const ScenarioDef> variants) {
  std::size_t n = 0;
  for (const ScenarioDef& v : variants) n += static_cast<std::size_t>(v.replications);
  return n;
}

// Runs the variants of a round that are not stored; false if cancelled.
bool run_round(Study& study, Executor& executor, ResultsStore& store, std::size_t base,
               std::vector<std::size_t> indices, std::vector<ScenarioDef> variants,
               std::vector<Record>& records, ProgressTracker& progress, const RunStudyOptions& options) {
  ExecutionRequest request;
  request.variants = variants;
  request.make_reducer = [&](std::size_t k) { return study.reducer(base + indices[k], variants[k], store); };
  request.on_record = [&](std::size_t k, Record&& record) {
    const std::size_t index = base + indices[k];
    store.write_record(index, record);
    records[index] = std::move(record);
    progress.add_record();
  };
  request.on_replications = [&](std::size_t n) { progress.add_replications(n); };
  request.cancel = options.cancel;
  request.reduction = portable_reduction(study);
  request.record_index = [&](std::size_t k) { return base + indices[k]; };
  return executor.execute(request);
}

}  // namespace

namespace detail {

void accept_stored(const std::string& foreign, const RunStudyOptions& options, StudyRun& run,
                   std::string_view way_out) {
  if (foreign.empty()) return;
  if (!options.accept_foreign_records)
    throw ResumeError(
        fmt::format("{}; {}, or --accept-foreign-records to use it anyway (the manifest then "
                    "lists it)",
                    foreign, way_out));
  run.foreign_records.push_back(foreign);
}

}  // namespace detail

namespace {

// The shard's part of the study is stored: mark its folder finished.
void finish_shard(const Study& study, StudyRun& run, ResultsStore& store, const Shard& shard,
                  std::size_t records, StudyResult& result) {
  run.finished_utc = detail::utc_now_iso8601();
  const StudyIdentity identity = study.identity();
  store.write_output("shard.json", shard_mark_json(identity, shard,
                                                   {run.records_resumed, run.threads, run.command_line,
                                                    run.started_utc, run.finished_utc}));
  store.commit();
  result.report.console = fmt::format(
      "Shard {} of {} `{}`: {} of its {} {}s stored. When all {} shards are finished, "
      "`smesim merge` their folders (docs/cluster.md).\n",
      shard_label(shard), identity.kind, identity.name, store.stored_records(), shard.records_of(records),
      study.record_noun(), shard.count);
  result.complete = true;
}

}  // namespace

namespace detail {

void finish_study(Study& study, std::span<const Record> records, StudyRun& run, ResultsStore& store,
                  const RunStudyOptions& options, StudyResult& result) {
  run.finished_utc = utc_now_iso8601();
  const StudyResults results = study.finish(records, run);
  const WrittenResults written = write_results(results, store, {run.workbook, options.report});
  result.report = {written.console, results.warnings};
  if (written.report_written) result.report_html = store.folder() / "report.html";
  result.report_error = written.report_error;
  store.commit();
  result.complete = true;
}

}  // namespace detail

StudyResult run_study(Study& study, Executor& executor, const StoreOpener& open_store,
                      const RunStudyOptions& options) {
  const Shard& shard = options.shard;
  if (!shard.whole() && study.sequential())
    throw ShardError(
        fmt::format("a {} chooses each {} from the ones before it, so it cannot be split into "
                    "shards; run it in one process or over MPI ranks (docs/cluster.md)",
                    study.identity().kind, study.record_noun()));
  StudyResult result;
  result.record_noun = study.record_noun();
  std::vector<Record> records;
  std::vector<ScenarioDef> round = study.next_variants(records);
  {
    // Before the folder exists: a study refused for its memory writes nothing.
    std::vector<ScenarioDef> checked = round;
    for (ScenarioDef& v : study.memory_bounds()) checked.push_back(std::move(v));
    executor.check_memory(checked, study.memory_use(), options.max_memory_bytes);
  }
  const std::unique_ptr<ResultsStore> store = open_store(study.identity());
  if (!shard.whole() && !store->resumable())
    throw ShardError("a shard needs a resumable study folder to keep its records in");
  result.folder = store->folder();
  result.resumable = store->resumable();
  StudyRun run;
  run.command_line = options.command_line;
  run.started_utc = detail::utc_now_iso8601();
  run.threads = options.threads;
  run.workbook = options.workbook;
  if (const std::size_t stored = store->stored_records(); stored > 0 && options.on_notice) {
    // "k of n" when the study proposed all its variants at once; a sequential one cannot say n.
    const std::string of =
        round.size() == study.identity().records ? fmt::format(" of {}", shard.records_of(round.size())) : "";
    options.on_notice(fmt::format("smesim: resuming {}: {}{} {}s already done", store->folder().string(),
                                  stored, of, study.record_noun()));
  }
  ProgressTracker progress(options, study.record_noun());
  const std::size_t first_round = round.size();
  for (bool first = true; !round.empty(); first = false) {
    if (!first) executor.check_memory(round, study.memory_use(), options.max_memory_bytes);
    const std::size_t base = records.size();
    records.resize(base + round.size());
    std::vector<std::size_t> indices;
    std::vector<ScenarioDef> to_run;
    std::size_t held = 0;
    for (std::size_t k = 0; k < round.size(); ++k) {
      const std::size_t index = base + k;
      if (!shard.holds(index)) continue;
      ++held;
      if (store->has_record(index)) {
        records[index] = store->read_record(index);
        detail::accept_stored(store->foreign_reason(index, records[index]), options, run,
                              "use --restart to discard the stored records and run them again");
        try {
          study.check_stored(index, records[index]);
        } catch (const ResumeError& e) {
          throw ResumeError(fmt::format("{}: {}", store->folder().string(), e.what()));
        } catch (const nlohmann::json::exception& e) {
          throw StoredFileError(fmt::format("{}: not a record smesim wrote ({}); use --restart",
                                            detail::record_file(store->folder(), index).string(), e.what()));
        }
        ++run.records_resumed;
      } else {
        indices.push_back(k);
        to_run.push_back(std::move(round[k]));
      }
    }
    progress.add_round(held, held - to_run.size(), replications_of(to_run));
    if (!to_run.empty() && !run_round(study, executor, *store, base, std::move(indices), std::move(to_run),
                                      records, progress, options))
      break;
    // A shard's study proposes everything at once (it is not sequential): one round.
    round = shard.whole() ? study.next_variants(records) : std::vector<ScenarioDef>{};
  }
  result.records_resumed = run.records_resumed;
  result.records_kept = store->stored_records();
  // Once every record is made the study finishes, even if a cancel came in meanwhile: the
  // work is done, and a folder must not be left looking finished by a study said interrupted.
  if (!round.empty()) return result;
  if (!shard.whole())
    finish_shard(study, run, *store, shard, first_round, result);
  else
    detail::finish_study(study, records, run, *store, options, result);
  return result;
}

}  // namespace smesim
