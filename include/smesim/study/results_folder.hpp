#pragma once
/// @file study/results_folder.hpp
/// @brief Where a study of each kind writes, the same for the CLI and the Python module.

#include <filesystem>

#include "smesim/io/shard.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/study_kinds.hpp"

namespace smesim {

/// @brief Opens the store of a study of `kind`: `out`, else results/<study name>/ (a run's
/// results/<name>/<UTC time>/; a shard's results/<name>-shard-<i>-of-<N>/). A resumable kind's
/// folder is resumed, or started over with `restart`; a run's is staged and replaces an
/// existing `out` only with `restart`.
StoreOpener results_folder(const StudyKind& kind, std::filesystem::path out, bool restart, Shard shard = {});

}  // namespace smesim
