#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "io/results_dir.hpp"
#include "smesim/error.hpp"
#include "study/study_report.hpp"

namespace smesim::cli {
namespace {

struct ReportArgs {
  std::string folder;
  std::string out;
  bool force = false;
};

// A report replaces only a report: RESULTS_DIR/report.html is smesim's own place for one, and
// any other existing file needs --force and must be a report smesim wrote (never a file, a
// folder or a device that happens to be named).
void check_destination(const ReportArgs& args) {
  const std::filesystem::path path =
      args.out.empty() ? std::filesystem::path(args.folder) / "report.html" : std::filesystem::path(args.out);
  std::error_code ec;
  const bool exists =
      std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found;
  if (!exists) return;
  if (!args.out.empty() && !args.force)
    throw DestinationError(
        fmt::format("{} already exists; choose another --out, or add --force to replace a "
                    "report smesim wrote",
                    path.string()));
  if (const std::string refusal = detail::report_replace_refusal(path); !refusal.empty())
    throw DestinationError(fmt::format("{} cannot be replaced by a report: {}", path.string(), refusal));
}

int report(const ReportArgs& args) {
  check_destination(args);
  const auto path = detail::write_study_report(args.folder, args.out);
  std::cout << fmt::format("Report: {}\n", path.string());
  return kExitOk;
}

}  // namespace

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report",
      "Write report.html (charts and tables, one self-contained file) for a results folder of any command");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("RESULTS_DIR", args->folder,
                  fmt::format("a finished results folder of {}", study_kind_names(false)))
      ->required();
  cmd->add_option("--out", args->out, "write the report here instead of RESULTS_DIR/report.html")
      ->check(non_empty());
  cmd->add_flag("--force", args->force, "replace the --out file if it is a report smesim wrote");
  return [args] { return report(*args); };
}

}  // namespace smesim::cli
