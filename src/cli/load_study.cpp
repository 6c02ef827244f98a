// The study of each kind from its file, with --reps and --seed: what the study commands and
// `smesim merge` (which learns the kind from the shards' folders) build.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "smesim/error.hpp"
#include "smesim/study/load_study.hpp"

namespace smesim::cli {

std::unique_ptr<Study> load_study(const std::string& kind, const StudyArgs& args) {
  if (kind != "sweep" && kind != "compare" && kind != "sensitivity" && kind != "solve" && kind != "optimise")
    throw ShardError(
        fmt::format("`{}` is not a kind of study smesim can merge (sweep, compare, sensitivity)", kind));
  return load_study_file(
      kind, args.file,
      args.replications > 0 ? std::optional<int>(static_cast<int>(args.replications)) : std::nullopt,
      args.seed_given ? std::optional<std::uint32_t>(args.seed) : std::nullopt);
}

}  // namespace smesim::cli
