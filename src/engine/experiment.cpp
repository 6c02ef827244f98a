#include "smesim/experiment.hpp"

#include "smesim/forecast.hpp"

namespace smesim {

bool run_experiment(std::span<const ScenarioDef> variants, const ExperimentOptions& options,
                    const std::function<void(std::size_t, std::vector<ReplicationResult>&&)>& on_variant_done) {
  // One variant at a time, its replications over every thread: memory stays at one
  // variant's results, and a finished variant can be written out (and resumed from) at once.
  for (std::size_t v = 0; v < variants.size(); ++v) {
    if (options.already_done && options.already_done(v)) continue;
    ForecastOptions forecast;
    forecast.replications = static_cast<std::uint32_t>(variants[v].replications);
    forecast.threads = options.threads;
    forecast.cancel = options.cancel;
    auto results = run_forecast(variants[v], forecast);
    if (results.size() != forecast.replications) return false;
    if (options.cancel != nullptr && options.cancel->load()) return false;
    on_variant_done(v, std::move(results));
  }
  return true;
}

}  // namespace smesim
