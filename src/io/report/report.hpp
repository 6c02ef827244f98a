#pragma once
// `report.html`: one self-contained page of charts and tables for a results folder of any
// kind of study, built from the files in the folder.

#include <filesystem>
#include <span>
#include <string>

#include "io/report/kind_report.hpp"

namespace smesim::detail::report {

/// The report of `folder`, of one of `kinds`, as HTML text. @throws ReportInputError when the
/// folder is not a finished results folder of one of them or one of its files is malformed
std::string render_report(const std::filesystem::path& folder, std::span<const NamedReport> kinds);

/// Writes render_report(folder, kinds) to `folder`/report.html (or `output`), atomically.
/// @return the path written. @throws ReportInputError, OutputError
std::filesystem::path write_report(const std::filesystem::path& folder, std::span<const NamedReport> kinds,
                                   const std::filesystem::path& output = {});

}  // namespace smesim::detail::report
