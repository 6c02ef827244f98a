#pragma once
// The folder of a study (sweep, compare, sensitivity analysis, solve, …): experiment.json
// names the study (a hash of everything that determines its results), each finished variant's
// record is points/NNNNNN.json, written atomically as soon as it completes, and the final
// outputs are assembled from those records at the end.

#include <filesystem>
#include <string>

#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/io/shard.hpp"

namespace smesim::detail {

/// Where a study folder keeps record `index`: points/NNNNNN.json.
std::filesystem::path record_file(const std::filesystem::path& folder, std::size_t index);

class ExperimentStore final : public ResultsStore {
 public:
  /// Opens or creates `folder` for the study, or for one shard of it. With `restart`, points
  /// of any earlier study there are discarded. @throws ResumeError, OutputError
  ExperimentStore(std::filesystem::path folder, const StudyIdentity& study, bool restart, const Shard& shard);

  [[nodiscard]] bool has_record(std::size_t index) const override;
  [[nodiscard]] std::size_t stored_records() const override;
  [[nodiscard]] std::string read_record(std::size_t index) const override;
  void write_record(std::size_t index, const std::string& record) override;
  [[nodiscard]] std::string foreign_reason(std::size_t index, const std::string& record) const override;
  void write_output_file(const std::string& name,
                         const std::function<void(const std::filesystem::path&)>& write) override;
  [[nodiscard]] std::filesystem::path working_folder() const override { return folder_; }
  [[nodiscard]] const std::filesystem::path& folder() const override { return folder_; }
  void commit() override {}
  [[nodiscard]] bool resumable() const override { return true; }

 private:
  [[nodiscard]] std::filesystem::path point_path(std::size_t index) const;
  /// @throws DestinationError when a folder of `relative` (below the study folder) is a
  /// symbolic link
  void require_own_folders(const std::filesystem::path& relative) const;
  std::filesystem::path folder_;
  std::size_t points_ = 0;
};

}  // namespace smesim::detail
