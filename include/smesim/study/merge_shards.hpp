#pragma once
/// @file study/merge_shards.hpp
/// @brief `smesim merge` (docs/cluster.md "Shards"): the folders of a study's N shards
/// (`--shard i/N`) combined into the study's outputs, the same bytes as the study run in one
/// process. Nothing is simulated: every record comes from the shard that holds it.

#include <filesystem>
#include <span>

#include "smesim/study/run_study.hpp"

namespace smesim {

/// @brief Checks that `shard_folders` are the N finished shards of `study`, each once, copies
/// their records into the store `open_store` opens (the study's folder) and writes the
/// study's outputs there. The manifest counts as resumed the records the shards resumed, so a
/// merge of uninterrupted shards has the manifest of an uninterrupted run; its `threads` is
/// the first shard's.
/// @throws ShardError naming every shard that is missing, unfinished, given twice or of
///   another study; ResumeError for a stored record the study would not make, or a folder
///   `open_store` cannot reuse; OutputError
StudyResult merge_shards(Study& study, std::span<const std::filesystem::path> shard_folders,
                         const StoreOpener& open_store, const RunStudyOptions& options);

}  // namespace smesim
