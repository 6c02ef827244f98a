#pragma once
/// @file results_store.hpp
/// @brief Where a study's records and outputs go (docs/architecture.md "Data flow"). A study folder
/// is resumable: each finished variant's record is written atomically as soon as it is made,
/// a re-run of the same study reads them back instead of running them again, and a different
/// study in the same folder is refused. A run folder (`smesim run`) is staged beside its
/// destination and renamed into place only when complete.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace smesim {

/// What identifies a study in its folder.
struct StudyIdentity {
  std::string kind;  ///< `sweep`, `compare`, `sensitivity`, `solve`, `run`, …
  std::string name;
  std::string identity;     ///< canonical text of everything that determines the results
  std::size_t records = 0;  ///< the most records the study can make
};

class ResultsStore {
 public:
  virtual ~ResultsStore() = default;
  [[nodiscard]] virtual bool has_record(std::size_t index) const = 0;
  /// Records already stored (those a re-run resumes from).
  [[nodiscard]] virtual std::size_t stored_records() const = 0;
  /// @throws OutputError
  [[nodiscard]] virtual std::string read_record(std::size_t index) const = 0;
  /// Keeps a finished variant's record (atomically). @throws OutputError
  virtual void write_record(std::size_t index, const std::string& record) = 0;
  /// Why stored record `index`, read back as `record`, is not one this smesim wrote (no seal, a
  /// changed checksum, another version or revision), or "" (also for a store in memory).
  [[nodiscard]] virtual std::string foreign_reason(std::size_t /*index*/,
                                                   const std::string& /*record*/) const {
    return "";
  }
  /// Writes output file `name` (a path in the folder: `variants/a/summary.json`) of the working
  /// folder, atomically: `write` writes the whole file to the path it is given. @throws OutputError
  virtual void write_output_file(const std::string& name,
                                 const std::function<void(const std::filesystem::path&)>& write) = 0;
  /// write_output_file of `content`. @throws OutputError
  void write_output(const std::string& name, const std::string& content);
  /// Where outputs are written until commit: the staging folder of a run, the folder itself
  /// for a study.
  [[nodiscard]] virtual std::filesystem::path working_folder() const = 0;
  /// The folder the results have when complete.
  [[nodiscard]] virtual const std::filesystem::path& folder() const = 0;
  /// Makes the outputs appear complete (a run folder is renamed into place).
  /// @throws DestinationError, OutputError
  virtual void commit() = 0;
  /// Whether a re-run continues from what an interrupted one kept.
  [[nodiscard]] virtual bool resumable() const = 0;
};

struct Shard;

/// @brief Opens or creates the resumable folder of a study, or of one shard of it
/// (io/shard.hpp; a whole study when `shard` is null). With `restart`, the records of an
/// earlier study there are discarded (never a folder smesim did not make).
/// @throws ResumeError when the folder holds a different study, another part of it, or is
///   not a study folder; DestinationError, OutputError
std::unique_ptr<ResultsStore> open_study_folder(const std::filesystem::path& folder,
                                                const StudyIdentity& study, bool restart, const Shard& shard);
/// The whole study's folder.
std::unique_ptr<ResultsStore> open_study_folder(const std::filesystem::path& folder,
                                                const StudyIdentity& study, bool restart);

/// @brief A run's results folder: staged, committed by renaming; records are kept in memory.
/// @param replace  allow replacing a results folder smesim wrote (--force)
/// @throws DestinationError, OutputError
std::unique_ptr<ResultsStore> open_run_folder(const std::filesystem::path& destination, bool replace);

}  // namespace smesim
