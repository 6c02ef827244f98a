#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "smesim/error.hpp"
#include "smesim/study/merge_shards.hpp"

namespace smesim::cli {

Action add_merge_command(CLI::App& app, const std::string& command_line) {
  auto* cmd = app.add_subcommand(
      "merge", "Combine the folders of a study's shards (--shard i/N) into the study's results");
  auto args = std::make_shared<StudyArgs>();
  auto shards = std::make_shared<std::vector<std::string>>();
  cmd->add_option("STUDY", args->file, "the study file the shards ran (YAML)")->required();
  cmd->add_option("SHARDS", *shards, "the shards' folders, every one of the N")->required();
  // The identity check needs the study exactly as the shards ran it.
  add_reps_and_seed(*cmd, *args);
  cmd->add_option("--out", args->out, "the study's folder (default: results/<name>/)")->check(non_empty());
  cmd->add_flag("--restart", args->restart, "discard the records of an earlier study in --out");
  cmd->add_flag("--quiet", args->quiet, "no notices");
  add_report_flag(*cmd, args->report);
  add_workbook_flag(*cmd, args->no_workbook);
  add_accept_foreign_flag(*cmd, args->accept_foreign);
  return [args, shards, command_line] {
    const std::vector<std::filesystem::path> folders(shards->begin(), shards->end());
    // The kind of study is the shards' to say; a wrong one is refused by the identity check.
    const ShardFolder first = read_shard_folder(folders.front());
    const StudyKind& kind = mergeable_kind(first.kind);
    std::unique_ptr<Study> study;
    try {
      study = load_study(kind, *args);
    } catch (const ScenarioError& e) {
      throw ShardError(fmt::format("{} holds a shard of a {}, so {} must be a {} file: {}",
                                   first.folder.string(), first.kind, args->file, first.kind, e.what()));
    }
    RunStudyOptions options;
    if (!args->quiet) options.on_notice = [](const std::string& line) { std::cerr << line << '\n'; };
    options.command_line = command_line;
    options.report = args->report;
    options.workbook = !args->no_workbook;
    options.accept_foreign_records = args->accept_foreign;
    return print_complete_study(merge_shards(*study, folders, study_folder(kind, *args), options), *args);
  };
}

}  // namespace smesim::cli
