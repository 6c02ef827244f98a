#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "io/report/report.hpp"

namespace smesim::cli {
namespace {

struct ReportArgs {
  std::string folder;
  std::string out;
};

int report(const ReportArgs& args) {
  const auto path = detail::report::write_report(args.folder, args.out);
  std::cout << fmt::format("Report: {}\n", path.string());
  return kExitOk;
}

}  // namespace

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report", "Write report.html (charts and tables, one self-contained file) for a results folder of any command");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("RESULTS_DIR", args->folder, "a finished results folder of run, sweep, compare, sensitivity or solve")
      ->required();
  cmd->add_option("--out", args->out, "write the report here instead of RESULTS_DIR/report.html")
      ->check(non_empty());
  return [args] { return report(*args); };
}

}  // namespace smesim::cli
