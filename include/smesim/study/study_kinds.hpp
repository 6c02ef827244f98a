#pragma once
/// @file study_kinds.hpp
/// @brief The one registry of the kinds of study (docs/architecture.md "Adding a kind of
/// study"): each kind's name, what its command says in --help, how its study is made from its
/// file and its report. The CLI's commands, `smesim merge`, `smesim report`, the report a study
/// writes and the Python module all read it, so no other file names a kind.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "smesim/scenario/scenario_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

namespace detail::report {
struct KindReport;  // the io layer's (src/io/report/kind_report.hpp)
}

/// What a caller puts over a study file's settings (the CLI's --reps and --seed).
struct StudyOverrides {
  std::optional<int> replications;
  std::optional<std::uint32_t> seed;
};

/// The one place the overrides reach a study: its base scenario (a run's only scenario).
void apply_overrides(const StudyOverrides& overrides, ScenarioDef& base);

/// One kind of study.
struct StudyKind {
  std::string_view name;          ///< the command, and the `kind` in its folder's experiment.json
  std::string_view help;          ///< the command's line in `smesim --help`
  std::string_view file_name;     ///< the file's placeholder in the command's --help: `SWEEP`
  std::string_view file_what;     ///< `sweep file (YAML)`
  std::string_view folder_what;   ///< what --out names, with its default
  std::string_view restart;       ///< the flag that starts over: `--restart`, with any aliases
  std::string_view restart_what;  ///< what it discards
  /// Its folder is resumable (experiment.json, records kept, shards); false: a run's folder,
  /// staged and renamed into place, whose scenario file may be omitted for the built-in one.
  bool resumable;
  /// @brief The study of `file` with `overrides` applied. @throws ScenarioError
  std::unique_ptr<Study> (*load)(const std::string& file, const StudyOverrides& overrides);
  /// What `smesim report` shows of its folder.
  const detail::report::KindReport* report;
};

/// Every kind, in the order of the CLI's commands.
std::span<const StudyKind> study_kinds();

/// The kind named `name`; nullptr for none.
const StudyKind* find_study_kind(std::string_view name);

/// The kinds' names for messages, `a, b or c`; with `resumable_only`, of the kinds whose
/// folders resume (the ones a study file names).
std::string study_kind_names(bool resumable_only);

}  // namespace smesim
