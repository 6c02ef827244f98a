#pragma once
// The ledger of a study folder: the outputs smesim wrote there (`.smesim-outputs`, one path in
// the folder per line, sorted), so that `--restart` discards what smesim wrote and nothing
// else. A user's notes beside the results, or in points/, are not smesim's: a restart that would
// have to delete them is refused, naming them.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace smesim::detail {

inline constexpr const char* kLedgerName = ".smesim-outputs";

/// Adds `name` (a path in `folder`) to its ledger, rewritten atomically. Called before the file
/// is written, so a listed file may be missing but a written one is never unlisted.
/// @throws OutputError
void record_output(const std::filesystem::path& folder, const std::string& name);

/// The paths the ledger of `folder` lists; none without a ledger. @throws OutputError
std::vector<std::string> recorded_outputs(const std::filesystem::path& folder);

/// @brief Discards what an earlier study wrote in `folder` — its records points/NNNNNN.json
/// (index below `records`), the outputs its ledger lists, the ledger, and the folders of those
/// outputs left empty — keeping experiment.json and points/ for the new study.
/// @throws ResumeError naming the files smesim did not write (nothing is removed then)
void discard_earlier_study(const std::filesystem::path& folder, std::size_t records);

}  // namespace smesim::detail
