#pragma once
// In-process runs of the studies for tests/study/: what `smesim <kind> FILE --out OUT` does,
// without the shell (tests/cli/ checks the shell: options, exit codes, files).

#include <filesystem>
#include <string>
#include <vector>

#include "smesim/scenario/scenario_def.hpp"
#include "smesim/study/run_study.hpp"

namespace smesim::test {

struct StudyFileOptions {
  bool restart = false;  ///< as --restart
  int threads = 2;       ///< threads of the ThreadExecutor
  Shard shard{};         ///< as --shard (the whole study by default)
  bool report = false;   ///< as --report
};

/// @brief Runs the study file `file` of `kind` (sweep, compare, sensitivity, solve or optimise) into
/// `out` on a ThreadExecutor. The console text is the result's report.console.
/// @throws what run_study and the file's loader throw
StudyResult run_study_file(const std::string& kind, const std::filesystem::path& file,
                           const std::filesystem::path& out, StudyFileOptions options = {});

/// @brief Merges the shard folders of the study file `file` of `kind` into `out` (as
/// `smesim merge FILE SHARDS… --out OUT`). @throws what merge_shards throws
StudyResult merge_study_file(const std::string& kind, const std::filesystem::path& file,
                             const std::vector<std::filesystem::path>& shards,
                             const std::filesystem::path& out);

/// @brief Runs the forecast of `def` into the run folder `out` (as `smesim run --out OUT`).
StudyResult run_forecast_into(const ScenarioDef& def, const std::filesystem::path& out, int threads = 2,
                              bool report = false);

}  // namespace smesim::test
