#pragma once
/// @file io/shard.hpp
/// @brief Shards, for schedulers without MPI (docs/cluster.md "Shards"): `--shard i/N` runs
/// a fixed part of a study's records into a folder of its own, and `smesim merge` combines
/// the N folders into the study's outputs, the same bytes as one run. Shard i of N holds the
/// records k with k mod N = i - 1: round robin, so that a sweep whose cost grows along its
/// points still gives every shard a like share.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "smesim/io/results_store.hpp"

namespace smesim {

struct Shard {
  std::size_t index = 1;  ///< 1 .. count
  std::size_t count = 1;

  /// The whole study (no --shard).
  [[nodiscard]] bool whole() const { return count == 1; }
  [[nodiscard]] bool holds(std::size_t record) const { return record % count == index - 1; }
  /// Records a study of `records` records puts in this shard.
  [[nodiscard]] std::size_t records_of(std::size_t records) const {
    return index <= records ? (records - index) / count + 1 : 0;
  }
  friend bool operator==(const Shard&, const Shard&) = default;
};

/// @brief `i/N` as --shard takes it (1 <= i <= N <= 100,000).
/// @throws ShardError saying what was expected
Shard parse_shard(std::string_view text);

/// `3 of 16`, for messages.
std::string shard_label(const Shard& shard);

/// The folder a shard writes when --out is not given: `results/<study name>-shard-<i>-of-<N>`.
std::filesystem::path default_shard_folder(const std::string& study_name, const Shard& shard);

/// How a finished shard ran, kept in its folder's shard.json (the mark that it finished).
struct ShardRun {
  std::size_t records_resumed = 0;  ///< read back from the folder instead of run
  int threads = 0;                  ///< --threads as given
  std::string command_line;
  std::string started_utc;
  std::string finished_utc;
};

/// shard.json of a finished shard of `study`.
std::string shard_mark_json(const StudyIdentity& study, const Shard& shard, const ShardRun& run);

/// A shard's folder, as `smesim merge` reads it.
struct ShardFolder {
  std::filesystem::path folder;
  std::string kind;
  std::string name;
  std::string identity_hash;  ///< the study's (scenario_hash of StudyIdentity::identity)
  std::size_t records = 0;    ///< of the whole study
  Shard shard;
  bool finished = false;  ///< shard.json is there
  ShardRun run;           ///< from shard.json, when finished
};

/// @brief Reads a shard folder's experiment.json and shard.json.
/// @throws ShardError when `folder` is not the folder of a shard smesim wrote
ShardFolder read_shard_folder(const std::filesystem::path& folder);

/// @brief Record `index` of the study from the shard that holds it.
/// @throws ShardError when the record is missing
std::string read_shard_record(const ShardFolder& shard, std::size_t index);

}  // namespace smesim
