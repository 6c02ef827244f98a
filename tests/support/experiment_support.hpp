#pragma once
// Helpers for the end-to-end tests of the experiment commands (sweep, compare, sensitivity,
// solve), which all work in a scratch folder and inspect the files an experiment stores.

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace smesim::test {

/// A fresh temporary folder, removed with everything in it at the end of the scope.
struct TempFolder {
  explicit TempFolder(const std::string& tag);
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder();
  std::string path;
};

void write_text(const std::filesystem::path& path, const std::string& text);
/// Writes a stored record and the seal this smesim gives it (src/io/record_seal.hpp): a record
/// changed on disk that the seal check lets through, for tests of the checks behind it.
void write_sealed_record(const std::filesystem::path& path, const std::string& text);
std::string read_text(const std::filesystem::path& path);

/// Runs `smesim ARGS` in `dir`.
CommandResult smesim_in(const std::string& dir, const std::string& args);

/// Finished points (points/*.json) stored in an experiment folder.
std::size_t stored_points(const std::filesystem::path& experiment_folder);

/// The cells of one CSV line (RFC 4180 quoting; a line break inside a field is not handled).
std::vector<std::string> split_csv(const std::string& line);

}  // namespace smesim::test
