#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "io/experiment_store.hpp"
#include "io/report/results_folder.hpp"
#include "scenario/input_file.hpp"
#include "scenario/text_match.hpp"
#include "smesim/error.hpp"
#include "smesim/study/study_kinds.hpp"
#include "smesim/version.hpp"

namespace {

// CLI11 answers a mistyped command with "A subcommand is required", which reads as if none was
// given; name the word it did not know and the commands it would.
int refuse_unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return smesim::cli::kExitOk;
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(command->get_name());
  const std::string word = argv[1];
  if (std::find(names.begin(), names.end(), word) != names.end()) return smesim::cli::kExitOk;
  std::cerr << smesim::detail::printable(
                   fmt::format("smesim: error: unknown command `{}`{}; expected one of: {}\n", word,
                               smesim::detail::did_you_mean(word, names), fmt::join(names, ", ")))
            << "Run with --help for more information.\n";
  return smesim::cli::kExitBadInput;
}

// Exit 2 for what the user gave (a report folder, a destination, a run too big for memory, a
// folder of another experiment); 1 for failures of output or of smesim itself.
bool is_bad_input(const smesim::Error& e) {
  return dynamic_cast<const smesim::detail::report::ReportInputError*>(&e) != nullptr ||
         dynamic_cast<const smesim::ResourceError*>(&e) != nullptr ||
         dynamic_cast<const smesim::DestinationError*>(&e) != nullptr ||
         dynamic_cast<const smesim::ResumeError*>(&e) != nullptr ||
         dynamic_cast<const smesim::ShardError*>(&e) != nullptr ||
         dynamic_cast<const smesim::StoredFileError*>(&e) != nullptr;
}

// The command line of rank 0 (of the only process, without MPI), or of a worker rank: it
// builds the same study as rank 0 and serves with it (study_command.cpp), runs no other command.
int run_command_line(int argc, char** argv, smesim::cli::CommandContext& context) {
  // Past a file size limit (ulimit -f) a write must fail with EFBIG and be reported like a
  // full disk, not kill the process half-way through its outputs.
  std::signal(SIGXFSZ, SIG_IGN);
  for (int i = 0; i < argc; ++i) context.command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"smesim: Monte Carlo forecasts of SME cluster-development programmes"};
  app.set_version_flag("--version", std::string("smesim ") + std::string(smesim::version()) + " (" +
                                        std::string(smesim::git_revision()) + ")");
  app.require_subcommand(1);
  std::map<std::string, smesim::cli::Action, std::less<>> actions;
  for (const smesim::StudyKind& kind : smesim::study_kinds())
    actions.emplace(kind.name, smesim::cli::add_study_command(app, kind, context));
  actions.emplace("merge", smesim::cli::add_merge_command(app, context.command_line));
  actions.emplace("validate", smesim::cli::add_validate_command(app));
  actions.emplace("init", smesim::cli::add_init_command(app));
  actions.emplace("report", smesim::cli::add_report_command(app));
  if (const int code = refuse_unknown_command(app, argc, argv); code != smesim::cli::kExitOk) return code;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? smesim::cli::kExitOk : smesim::cli::kExitBadInput;
  }
  const std::string chosen = app.get_subcommands().front()->get_name();
  if (context.mpi.rank() > 0 && smesim::find_study_kind(chosen) == nullptr) return smesim::cli::kExitOk;
  try {
    return actions.at(chosen)();
  } catch (const smesim::ScenarioError& e) {
    std::cerr << smesim::detail::printable(e.what()) << '\n';
    return smesim::cli::kExitBadInput;
  } catch (const smesim::Error& e) {
    std::cerr << "smesim: error: " << smesim::detail::printable(e.what()) << '\n';
    return is_bad_input(e) ? smesim::cli::kExitBadInput : smesim::cli::kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "smesim: internal error: " << smesim::detail::printable(e.what()) << '\n';
    return smesim::cli::kExitFailure;
  }
}

// A worker rank builds the study of the command line, silently (rank 0 says what there is to
// say), to reduce whole variants where they ran; with no study (another command, or one it
// could not build) it serves blocks only.
int serve_as_worker(const smesim::MpiSession& mpi, int argc, char** argv) {
  std::cout.rdbuf(nullptr);
  std::cerr.rdbuf(nullptr);
  smesim::cli::CommandContext context{mpi, {}, false};
  static_cast<void>(run_command_line(argc, argv, context));
  if (!context.served) return mpi.serve({});
  return smesim::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun or srun every rank starts here; ranks other than 0 only run the tasks rank 0
  // hands out (docs/cluster.md). The session stops them when rank 0's command returns.
  smesim::MpiSession mpi(argc, argv);
  if (mpi.rank() > 0) return serve_as_worker(mpi, argc, argv);
  smesim::cli::CommandContext context{mpi, {}, false};
  return run_command_line(argc, argv, context);
}
