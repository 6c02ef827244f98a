#include "smesim/study/results_folder.hpp"

#include "io/results_dir.hpp"

namespace smesim {

StoreOpener results_folder(const StudyKind& kind, std::filesystem::path out, bool restart, Shard shard) {
  if (!kind.resumable)
    return [out = std::move(out), restart](const StudyIdentity& study) {
      return open_run_folder(out.empty() ? detail::default_results_path("results", study.name) : out,
                             restart);
    };
  return [out = std::move(out), restart, shard](const StudyIdentity& study) {
    std::filesystem::path folder = out;
    if (out.empty())
      folder = shard.whole() ? std::filesystem::path("results") / study.name
                             : default_shard_folder(study.name, shard);
    return open_study_folder(folder, study, restart, shard);
  };
}

}  // namespace smesim
