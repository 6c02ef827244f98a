#pragma once
// Results are written into a hidden staging folder beside their destination and renamed into
// place only when complete (DESIGN.md): an interrupted run never leaves a folder that looks
// finished, and a failed one leaves nothing.

#include <filesystem>
#include <string>

namespace smesim::detail {

class ResultsDir {
 public:
  /// @param destination  the folder the results will have when complete
  /// @param replace  allow replacing an existing non-empty destination
  /// @throws OutputError if the destination exists and is not empty (unless replace), or
  /// the staging folder cannot be made
  ResultsDir(std::filesystem::path destination, bool replace);
  ResultsDir(const ResultsDir&) = delete;
  ResultsDir& operator=(const ResultsDir&) = delete;
  /// Removes the staging folder unless committed.
  ~ResultsDir();

  [[nodiscard]] std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  [[nodiscard]] const std::filesystem::path& destination() const { return destination_; }
  /// Renames the staging folder to the destination. @throws OutputError
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool replace_ = false;
  bool committed_ = false;
};

/// `results/<name>/<UTC timestamp>` under `root`, with `-2`, `-3`, ... if already taken.
std::filesystem::path default_results_path(const std::filesystem::path& root,
                                           const std::string& scenario_name);

}  // namespace smesim::detail
