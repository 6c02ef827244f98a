#pragma once
// report.html of the results of any kind in the registry (smesim/study/study_kinds.hpp), or of
// their folder: the io layer's report, told the kinds it may meet.

#include <filesystem>
#include <string>

#include "smesim/io/study_results.hpp"

namespace smesim::detail {

/// The report of `folder` as HTML text. @throws report::ReportInputError when the folder is
/// not a finished results folder of a kind in the registry, or one of its files is malformed
std::string render_study_report(const std::filesystem::path& folder);

/// The report of `results` as a study of theirs returned them (the same page as of their folder
/// later). @throws Error when their kind has no report, report::ReportInputError when a table
/// or document of theirs is missing or malformed
std::string render_study_report(const StudyResults& results);

/// Writes render_study_report(folder) to `folder`/report.html (or `output`), atomically.
/// @return the path written. @throws report::ReportInputError, OutputError
std::filesystem::path write_study_report(const std::filesystem::path& folder,
                                         const std::filesystem::path& output = {});

}  // namespace smesim::detail
