#pragma once
// `report.html`: one self-contained page of charts and tables for the results of any kind of
// study, made from the results' tables and documents (report_input.hpp): those a study has just
// returned, or those of a finished folder read back.

#include <filesystem>
#include <span>
#include <string>

#include "io/report/kind_report.hpp"
#include "io/report/report_input.hpp"

namespace smesim::detail::report {

/// The report of `results`, made by a study of `kind`, as HTML text. @throws ReportInputError
/// when a table or document is missing or malformed
std::string render_report(const ReportInput& results, const NamedReport& kind);

/// The report of `folder`, a finished results folder of one of `kinds`, as HTML text.
/// @throws ReportInputError when it is not one, or one of its files is malformed
std::string render_report(const std::filesystem::path& folder, std::span<const NamedReport> kinds);

/// Writes render_report(folder, kinds) to `folder`/report.html (or `output`), atomically.
/// @return the path written. @throws ReportInputError, OutputError
std::filesystem::path write_report(const std::filesystem::path& folder, std::span<const NamedReport> kinds,
                                   const std::filesystem::path& output = {});

}  // namespace smesim::detail::report
