#include "support/study_support.hpp"

#include <memory>
#include <stdexcept>

#include "smesim/engine/thread_executor.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/load_study.hpp"
#include "smesim/study/merge_shards.hpp"

namespace smesim::test {

namespace fs = std::filesystem;

StudyResult run_study_file(const std::string& kind, const fs::path& file, const fs::path& out,
                           StudyFileOptions options) {
  const std::unique_ptr<Study> study = load_study_file(kind, file.string());
  ThreadExecutor executor(options.threads);
  RunStudyOptions run;
  run.threads = options.threads;
  run.shard = options.shard;
  run.report = options.report;
  return run_study(
      *study, executor,
      [&](const StudyIdentity& id) { return open_study_folder(out, id, options.restart, options.shard); },
      run);
}

StudyResult merge_study_file(const std::string& kind, const fs::path& file,
                             const std::vector<fs::path>& shards, const fs::path& out) {
  const std::unique_ptr<Study> study = load_study_file(kind, file.string());
  return merge_shards(*study, shards,
                      [&](const StudyIdentity& id) { return open_study_folder(out, id, false); }, {});
}

StudyResult run_forecast_into(const ScenarioDef& def, const fs::path& out, int threads, bool report) {
  ForecastStudy study(def, "test");
  ThreadExecutor executor(threads);
  RunStudyOptions run;
  run.threads = threads;
  run.report = report;
  return run_study(
      study, executor, [&](const StudyIdentity&) { return open_run_folder(out, false); }, run);
}

}  // namespace smesim::test
