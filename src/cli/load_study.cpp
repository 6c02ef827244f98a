// The study of each kind from its file: what the study commands and `smesim merge` (which
// learns the kind from the shards' folders) build.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "smesim/error.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/optimise_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/solve_study.hpp"
#include "smesim/study/sweep_study.hpp"

namespace smesim::cli {
namespace {

template <class StudyType, class Def>
std::unique_ptr<Study> with_overrides(Def def, const StudyArgs& args) {
  apply_overrides(args, def.base);
  return std::make_unique<StudyType>(std::move(def));
}

}  // namespace

std::unique_ptr<Study> load_study(const std::string& kind, const StudyArgs& args) {
  if (kind == "sweep") return with_overrides<SweepStudy>(load_sweep_file(args.file), args);
  if (kind == "compare") return with_overrides<CompareStudy>(load_compare_file(args.file), args);
  if (kind == "sensitivity") return with_overrides<SensitivityStudy>(load_sensitivity_file(args.file), args);
  if (kind == "solve") return with_overrides<SolveStudy>(load_solve_file(args.file), args);
  if (kind == "optimise") return with_overrides<OptimiseStudy>(load_optimise_file(args.file), args);
  throw ShardError(
      fmt::format("`{}` is not a kind of study smesim can merge (sweep, compare, sensitivity)", kind));
}

}  // namespace smesim::cli
