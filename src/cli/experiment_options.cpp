// Options several commands share: --report, and the command line of the experiment commands.

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "engine/memory_estimate.hpp"

namespace smesim::cli {

void add_report_flag(CLI::App& command, bool& report) {
  command.add_flag("--report", report, "also write report.html (charts and tables) into the results folder");
}

void add_experiment_options(CLI::App& command, ExperimentArgs& args, const ExperimentHelp& help) {
  command.add_option(help.file_name, args.file, help.file_what)->required();
  command.add_option("--out", args.out, help.folder + "; re-running resumes it")->check(non_empty());
  command.add_option("--threads", args.threads, "worker threads (0 = all cores)")
      ->check(whole_number_in(0, 4096));
  command.add_flag(help.restart, args.restart, help.restart_what);
  command.add_flag("--quiet", args.quiet, "no progress");
  command
      .add_option("--max-memory", args.max_memory,
                  "refuse a variant estimated to need more (e.g. 8G; default: the memory available)")
      ->check(byte_size());
  add_report_flag(command, args.report);
}

std::size_t max_memory_bytes(const ExperimentArgs& args) {
  return args.max_memory.empty() ? 0 : detail::parse_byte_size(args.max_memory);
}

ExperimentOptions memory_options(const ExperimentArgs& args) {
  ExperimentOptions options;
  options.threads = args.threads;
  options.max_memory_bytes = max_memory_bytes(args);
  return options;
}

}  // namespace smesim::cli
