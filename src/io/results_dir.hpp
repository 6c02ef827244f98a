#pragma once
// Results are written into a hidden staging folder beside their destination and renamed into
// place only when complete (docs/architecture.md): an interrupted run never leaves a folder that
// looks finished, and a failed one leaves nothing. smesim only ever deletes or replaces what it
// wrote itself: --force replaces a results folder whose manifest.json names every file in it, and
// nothing else.

#include <filesystem>
#include <string>

namespace smesim::detail {

class ResultsDir {
 public:
  /// @param destination  the folder the results will have when complete
  /// @param replace  allow replacing an existing results folder that smesim wrote (--force)
  /// Removes staging folders beside the destination whose process on this host is gone.
  /// @throws DestinationError if the destination exists and is not an empty folder (without
  /// replace), or is not a results folder of smesim's (with replace); OutputError if the
  /// staging folder cannot be made
  ResultsDir(std::filesystem::path destination, bool replace);
  ResultsDir(const ResultsDir&) = delete;
  ResultsDir& operator=(const ResultsDir&) = delete;
  /// Removes the staging folder unless committed.
  ~ResultsDir();

  [[nodiscard]] std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  [[nodiscard]] const std::filesystem::path& destination() const { return destination_; }
  /// Renames the staging folder to the destination, checking the destination again first.
  /// @throws DestinationError, OutputError
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool replace_ = false;
  bool committed_ = false;
};

/// @brief Why --force may not replace `path`, or "" when it is a results folder smesim wrote:
/// a real folder (not a symbolic link) holding a manifest.json of smesim's and otherwise only
/// regular files that the manifest's `files` lists (or report.html).
std::string replace_refusal(const std::filesystem::path& path);

/// @brief Why --force may not overwrite the file `path` with a report, or "" when it is a
/// report smesim wrote (or does not exist).
std::string report_replace_refusal(const std::filesystem::path& path);

/// @brief The name of this process's staging folder for `destination`:
/// `.<name>.partial-<host>-<pid>` beside it.
std::filesystem::path staging_path(const std::filesystem::path& destination);

/// The file inside a staging folder that says smesim made it (removed before the folder is
/// renamed into place).
inline constexpr const char* kStagingMarker = ".smesim-staging";

/// @brief Removes, in `folder`, the staging folders (`.X.partial-…`, holding kStagingMarker),
/// set-aside old results (`.X.old-…`, a results folder smesim wrote) and temporary files
/// (`.X.tmp-…`) that smesim processes on this host left when they were killed or crashed:
/// those whose process no longer exists. Others, a user's folder of that name included, are
/// left alone.
/// @returns how many were removed
std::size_t remove_stale_staging(const std::filesystem::path& folder);

/// @brief The type of `path` (of a final symbolic link itself unless `follow_links`),
/// file_type::not_found when it does not exist.
/// @throws DestinationError when it cannot be known: a name too long, a parent that is not a
/// folder, a folder that may not be searched
std::filesystem::file_type destination_type(const std::filesystem::path& path, bool follow_links);

/// The bytes of a file of a results folder. @throws OutputError when it cannot be read
std::string read_results_file(const std::filesystem::path& path);

/// `results/<name>/<UTC timestamp>` under `root`, with `-2`, `-3`, ... if already taken.
std::filesystem::path default_results_path(const std::filesystem::path& root,
                                           const std::string& scenario_name);

}  // namespace smesim::detail
