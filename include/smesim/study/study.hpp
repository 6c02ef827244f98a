#pragma once
/// @file study.hpp
/// @brief A study (docs/architecture.md "The one idea"): it proposes variants, reduces each
/// finished variant's replications to a record, may propose more from the records it has (a solve
/// is sequential), and turns all records into outputs. run_study drives every study.
///
/// Adding a kind of study is one class implementing this interface (src/study/, one file) and
/// one line in the registry of kinds (study_kinds.hpp; docs/architecture.md).

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smesim/analysis/trajectory.hpp"
#include "smesim/engine/executor.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/io/study_results.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// How a study ran, for its manifest.
struct StudyRun {
  std::string command_line;
  std::string started_utc;
  std::string finished_utc;
  std::size_t records_resumed = 0;  ///< records read back from the folder instead of run
  int threads = 0;                  ///< as asked for (0 = all cores)
  bool workbook = true;             ///< results.xlsx beside the CSV files (`--no-xlsx`: false)
  /// Why each stored record used although this smesim did not write it was so
  /// (`--accept-foreign-records`); the manifest lists them.
  std::vector<std::string> foreign_records;
};

/// What a finished study says besides its files.
struct StudyReport {
  std::string console;                ///< the summary for standard output
  std::vector<std::string> warnings;  ///< one line each, for standard error
};

class Study {
 public:
  virtual ~Study() = default;

  /// What identifies the study in its folder (resuming refuses another study).
  [[nodiscard]] virtual StudyIdentity identity() const = 0;
  /// What one record is called in messages: `point`, `variant`, `row`, `evaluation`, …
  [[nodiscard]] virtual std::string_view record_noun() const = 0;
  /// Variants whose memory is checked before anything is written, beside the first ones (a
  /// sequential study's extremes); none by default.
  [[nodiscard]] virtual std::vector<ScenarioDef> memory_bounds() const { return {}; }
  /// How the study's reducers hold replications.
  [[nodiscard]] virtual MemoryUse memory_use() const { return MemoryUse::held_per_variant; }
  /// Whether the study chooses variants from the records of earlier ones (a solve), so that
  /// it cannot be split into shards.
  [[nodiscard]] virtual bool sequential() const { return false; }
  /// Whether reduce() makes the record (reducer() is the default) from nothing but what the
  /// constructor set up, so that the same study built from the same files in another process
  /// makes the same record there (portable_reduction).
  [[nodiscard]] virtual bool reduces_anywhere() const { return !sequential(); }

  /// @brief The variants to run next, given every record so far (record i is variant i's);
  /// none when the study is complete. A study that knows all its variants up front returns
  /// them all on the first call (with no records).
  virtual std::vector<ScenarioDef> next_variants(std::span<const Record> records) = 0;
  /// @brief Refuses a stored record that this study would not have made as record `index`
  /// (the folder was changed, or written by another version). @throws ResumeError
  virtual void check_stored(std::size_t /*index*/, const Record& /*record*/) const {}

  /// @brief The reducer of variant `index`: by default one that keeps the replications and
  /// calls reduce() at the end. Called on the executing side; `store` is where streamed
  /// outputs may go.
  virtual std::unique_ptr<VariantReducer> reducer(std::size_t index, const ScenarioDef& variant,
                                                  ResultsStore& store);
  /// @brief Variant `index`'s record from its replications, in replication order. Pure and
  /// thread-safe: it may run on any worker.
  [[nodiscard]] virtual Record reduce(std::size_t index, const ScenarioDef& variant,
                                      std::span<const ReplicationResult> results) const = 0;

  /// @brief The results from all records (and nothing else, so a resumed study gives the same
  /// bytes): tables, documents and the console summary as data, which the writers
  /// (src/study/results_writers.hpp) turn into the folder's files and standard output.
  [[nodiscard]] virtual StudyResults finish(std::span<const Record> records, const StudyRun& run) = 0;
};

/// @brief The study's reduce for executors that reduce where replications run; not available
/// unless study.reduces_anywhere(). The study must outlive it. With `with_variants`, it also
/// holds the study's variants (next_variants of no records), for a process that serves tasks
/// by record index; the study must not have proposed variants before.
PortableReduction portable_reduction(Study& study, bool with_variants = false);

}  // namespace smesim
