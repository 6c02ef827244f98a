#pragma once
// `report.html`: one self-contained page of charts and tables for a results folder of any
// command (run, sweep, compare, sensitivity, solve), built from the files in the folder.

#include <filesystem>
#include <string>

namespace smesim::detail::report {

/// The report of `folder` as HTML text. @throws ReportInputError when the folder is not a
/// finished results folder of smesim or one of its files is malformed
std::string render_report(const std::filesystem::path& folder);

/// Writes render_report(folder) to `folder`/report.html (or `output`), atomically.
/// @return the path written. @throws ReportInputError, OutputError
std::filesystem::path write_report(const std::filesystem::path& folder,
                                   const std::filesystem::path& output = {});

}  // namespace smesim::detail::report
