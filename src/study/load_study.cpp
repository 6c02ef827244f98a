#include "smesim/study/load_study.hpp"

#include <stdexcept>

#include "smesim/study/compare_study.hpp"
#include "smesim/study/optimise_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/solve_study.hpp"
#include "smesim/study/sweep_study.hpp"

namespace smesim {
namespace {

template <class StudyType, class Def>
std::unique_ptr<Study> with_overrides(Def def, std::optional<int> replications,
                                      std::optional<std::uint32_t> seed) {
  if (replications) def.base.replications = *replications;
  if (seed) def.base.seed = *seed;
  return std::make_unique<StudyType>(std::move(def));
}

}  // namespace

std::unique_ptr<Study> load_study_file(const std::string& kind, const std::string& file,
                                       std::optional<int> replications, std::optional<std::uint32_t> seed) {
  if (kind == "sweep") return with_overrides<SweepStudy>(load_sweep_file(file), replications, seed);
  if (kind == "compare") return with_overrides<CompareStudy>(load_compare_file(file), replications, seed);
  if (kind == "sensitivity")
    return with_overrides<SensitivityStudy>(load_sensitivity_file(file), replications, seed);
  if (kind == "solve") return with_overrides<SolveStudy>(load_solve_file(file), replications, seed);
  if (kind == "optimise") return with_overrides<OptimiseStudy>(load_optimise_file(file), replications, seed);
  throw std::invalid_argument("no study kind `" + kind + "` (sweep, compare, sensitivity, solve, optimise)");
}

}  // namespace smesim
