#include "support/study_support.hpp"

#include <memory>
#include <stdexcept>

#include "smesim/engine/thread_executor.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/merge_shards.hpp"
#include "smesim/study/optimise_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/solve_study.hpp"
#include "smesim/study/sweep_study.hpp"

namespace smesim::test {

namespace fs = std::filesystem;

namespace {

std::unique_ptr<Study> study_of(const std::string& kind, const std::string& file) {
  if (kind == "sweep") return std::make_unique<SweepStudy>(load_sweep_file(file));
  if (kind == "compare") return std::make_unique<CompareStudy>(load_compare_file(file));
  if (kind == "sensitivity") return std::make_unique<SensitivityStudy>(load_sensitivity_file(file));
  if (kind == "solve") return std::make_unique<SolveStudy>(load_solve_file(file));
  if (kind == "optimise") return std::make_unique<OptimiseStudy>(load_optimise_file(file));
  throw std::invalid_argument("run_study_file: no study kind " + kind);
}

}  // namespace

StudyResult run_study_file(const std::string& kind, const fs::path& file, const fs::path& out,
                           StudyFileOptions options) {
  const std::unique_ptr<Study> study = study_of(kind, file.string());
  ThreadExecutor executor(options.threads);
  RunStudyOptions run;
  run.threads = options.threads;
  run.shard = options.shard;
  return run_study(
      *study, executor,
      [&](const StudyIdentity& id) { return open_study_folder(out, id, options.restart, options.shard); },
      run);
}

StudyResult merge_study_file(const std::string& kind, const fs::path& file,
                             const std::vector<fs::path>& shards, const fs::path& out) {
  const std::unique_ptr<Study> study = study_of(kind, file.string());
  return merge_shards(*study, shards,
                      [&](const StudyIdentity& id) { return open_study_folder(out, id, false); }, {});
}

StudyResult run_forecast_into(const ScenarioDef& def, const fs::path& out, int threads) {
  ForecastStudy study(def, "test");
  ThreadExecutor executor(threads);
  RunStudyOptions run;
  run.threads = threads;
  return run_study(
      study, executor, [&](const StudyIdentity&) { return open_run_folder(out, false); }, run);
}

}  // namespace smesim::test
