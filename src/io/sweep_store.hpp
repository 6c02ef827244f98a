#pragma once
// The folder of a sweep, which is also what makes it resumable: sweep.json names the sweep
// (a hash of everything that determines its results), each finished point is written to
// points/NNNNNN.json atomically as soon as it completes, and points.csv is assembled from them
// at the end. A re-run of the same sweep skips the points on disk; a different sweep is refused.

#include <filesystem>
#include <string>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/sweep.hpp"

namespace smesim::detail {

/// The folder holds a different sweep (changed sweep file or scenario): not resumable.
class ResumeError : public Error {
 public:
  using Error::Error;
};

class SweepStore {
 public:
  /// Opens or creates `folder` for `sweep`. With `restart`, points of any earlier sweep there
  /// are discarded. @throws ResumeError, OutputError
  SweepStore(std::filesystem::path folder, const SweepDef& sweep, bool restart);

  [[nodiscard]] bool has_point(std::size_t index) const;
  [[nodiscard]] std::size_t finished_points() const;
  /// Records a finished point (atomically). @throws OutputError
  void write_point(std::size_t index, const std::string& json) const;
  [[nodiscard]] std::string read_point(std::size_t index) const;
  /// Writes a final output file (atomically). @throws OutputError
  void write_output(const std::string& name, const std::string& content) const;
  [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }

 private:
  [[nodiscard]] std::filesystem::path point_path(std::size_t index) const;
  std::filesystem::path folder_;
  std::size_t points_ = 0;
};

/// points.csv from the finished points' JSON: one row per point with its parameter values,
/// the statistics of every final KPI and P(each target met) with its Wilson interval.
std::string points_csv(const SweepDef& sweep, const std::vector<std::string>& point_json);

}  // namespace smesim::detail
