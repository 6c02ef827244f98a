#pragma once
/// @file error.hpp
/// @brief The exceptions smesim throws for bad input, and the invariant check.

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace smesim {

/// @brief Where a value came from in a scenario file (1-based line and column).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  [[nodiscard]] bool known() const { return line > 0; }
};

/// @brief Base of every error caused by the user's input (as opposed to a bug).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// @brief A scenario (or any YAML input) that cannot be used: syntax, unknown key, wrong type,
/// out-of-range or inconsistent values. The CLI prints what() and exits with code 2.
class ScenarioError : public Error {
 public:
  /// @param where  the file position, if known
  /// @param key_path  the dotted key path (e.g. `agencies.DIP.budget_thb`), may be empty
  /// @param message  what was expected
  ScenarioError(SourceLocation where, std::string key_path, std::string message);

  [[nodiscard]] const SourceLocation& where() const { return where_; }
  [[nodiscard]] const std::string& key_path() const { return key_path_; }
  [[nodiscard]] const std::string& message() const { return message_; }

 protected:
  /// For ScenarioErrors: this error's position and message, with `text` as what().
  ScenarioError(const ScenarioError& first, const std::string& text);

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string message_;
};

/// @brief Several problems of one input found in one pass, in file order (file, line,
/// column). where(), key_path() and message() are the first's; what() is every error's
/// what(), a line each, so the CLI prints them all.
class ScenarioErrors : public ScenarioError {
 public:
  /// @param errors  at least two; sorted here
  explicit ScenarioErrors(std::vector<ScenarioError> errors);
  [[nodiscard]] const std::vector<ScenarioError>& all() const { return all_; }

 private:
  std::vector<ScenarioError> all_;
};

/// @brief A parameter path that names nothing; what() lists the nearest valid paths.
class UnknownParameterError : public ScenarioError {
 public:
  using ScenarioError::ScenarioError;
};

/// @brief Output could not be written (disk full, permissions, a folder that vanished).
class OutputError : public Error {
 public:
  using Error::Error;
};

/// @brief The output destination the user named cannot be used without destroying what is
/// there (a non-empty folder without --force; with --force, anything but a results folder
/// smesim wrote: a file, a device, a symbolic link, a folder holding other files). Bad input:
/// the CLI exits with code 2.
class DestinationError : public OutputError {
 public:
  using OutputError::OutputError;
};

/// @brief A run that would need more memory than is available or allowed (--max-memory),
/// refused before anything is allocated; what() gives the estimate. The CLI exits with 2.
class ResourceError : public Error {
 public:
  using Error::Error;
};

/// @brief A results folder that holds a different study (its file or scenario changed), or
/// records that this study would not make: nothing in it can be resumed. The CLI exits with 2.
class ResumeError : public Error {
 public:
  using Error::Error;
};

/// @brief Shards (docs/cluster.md "Shards") that cannot be run or merged: a sequential study
/// split into shards, or shard folders that are missing, unfinished, given twice or of
/// another study. The CLI exits with code 2.
class ShardError : public Error {
 public:
  using Error::Error;
};

/// @brief A file smesim reads back from a results folder (a stored record, an experiment or
/// shard header, a manifest, a table a report reads) that it cannot have written as it is: not
/// a regular file, larger or nested deeper than smesim writes, not JSON, or a member of another
/// type or out of range. what() names the file. The CLI exits with code 2.
class StoredFileError : public Error {
 public:
  using Error::Error;
};

namespace detail {
[[noreturn]] inline void invariant_failed(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "smesim: internal error: invariant `%s` failed at %s:%d\n", expression, file, line);
  std::abort();
}
}  // namespace detail

}  // namespace smesim

/// Internal invariants: stays on in every build type (docs/architecture.md "Errors and bad input").
#define SMESIM_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::smesim::detail::invariant_failed(#expr, __FILE__, __LINE__))
