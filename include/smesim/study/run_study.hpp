#pragma once
/// @file run_study.hpp
/// @brief The one loop every study runs through (docs/architecture.md "The one idea"): it alone
/// checks memory, opens the results folder, resumes stored records, batches the variants to run on
/// an executor, reports progress and honours cancellation.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "smesim/engine/executor.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/io/shard.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

/// Where a study is, for a progress bar.
struct StudyProgress {
  std::size_t replications_done = 0;   ///< in this process, since it started
  std::size_t replications_total = 0;  ///< of the variants proposed so far and not stored
  std::size_t records_done = 0;        ///< stored or finished
  std::size_t records_total = 0;       ///< proposed so far (a sequential study proposes more)
  std::string_view record_noun;
};

/// Opens the study's results store, once the memory check has passed.
using StoreOpener = std::function<std::unique_ptr<ResultsStore>(const StudyIdentity&)>;

struct RunStudyOptions {
  std::size_t max_memory_bytes = 0;                       ///< 0 = the memory available
  const std::atomic<bool>* cancel = nullptr;              ///< stop between replications when set
  std::function<void(const StudyProgress&)> on_progress;  ///< serialised, from any thread
  std::function<void(const std::string&)> on_notice;      ///< e.g. "resuming …"
  std::string command_line;                               ///< for the manifest
  int threads = 0;                                        ///< for the manifest, as asked for
  bool report = false;                                    ///< also write report.html
  bool workbook = true;                                   ///< write results.xlsx (StudyRun::workbook)
  /// Use stored records this smesim did not write (edited, or made by another version or
  /// revision) instead of refusing them; the manifest lists each (`--accept-foreign-records`).
  bool accept_foreign_records = false;
  /// Only this shard's records (io/shard.hpp); the store must be the shard's folder.
  Shard shard;
};

struct StudyResult {
  bool complete = false;            ///< false: cancelled
  std::filesystem::path folder;     ///< where the results are (or what was kept is)
  bool resumable = false;           ///< whether a re-run continues from what was kept
  std::size_t records_resumed = 0;  ///< read back from the folder
  std::size_t records_kept = 0;     ///< records in the folder when it stopped
  std::string_view record_noun;
  StudyReport report;                 ///< the study's summary (complete studies only)
  std::filesystem::path report_html;  ///< report.html, when asked for and written
  std::string report_error;           ///< why report.html was not written (results kept)
};

/// @brief Runs `study` on `executor` to the end (or until cancelled), its records and outputs
/// in the store `open_store` opens. Outputs depend only on the records, which depend only on
/// (variant, seed, replication): the same bytes for any executor, any thread count, and
/// whether or not the study was interrupted and resumed.
/// With options.shard, runs only the shard's records and, when they are all stored, marks
/// the folder finished (shard.json) instead of writing the outputs: merge_shards writes them.
/// @throws ScenarioError for a variant the study cannot make; ResourceError before anything
///   is written when the first variants would not fit in memory; ShardError for a sequential
///   study in shards; ResumeError, OutputError
StudyResult run_study(Study& study, Executor& executor, const StoreOpener& open_store,
                      const RunStudyOptions& options);

}  // namespace smesim
