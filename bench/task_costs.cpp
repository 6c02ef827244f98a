// The measured inputs of bench/scheduler_sim (bench/RESULTS.md "Studies over MPI ranks"):
// what each replication of a study costs on one thread, and what rank 0 pays per variant run
// in blocks (its reduce) and per message (the bytes that travel).
//
//   smesim_task_costs sweep scenarios/budget_sweep.yaml > budget_costs.csv
//   smesim_task_costs run scenarios/national_3_2m.yaml --reps 6 > national_costs.csv
//
// Writes `variant,replication,seconds` rows, then `#`-lines with the per-variant figures:
// result bytes per replication (as they travel in a block), the reduce's seconds per
// replication, the record's bytes and the variant text's bytes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/memory_estimate.hpp"
#include "engine/replication.hpp"
#include "engine/result_codec.hpp"
#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/sweep_study.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::unique_ptr<smesim::Study> study_of(const std::string& kind, const std::string& file, int reps) {
  auto with_reps = [reps](auto def) {
    if (reps > 0) def.base.replications = reps;
    return def;
  };
  if (kind == "sweep") return std::make_unique<smesim::SweepStudy>(with_reps(smesim::load_sweep_file(file)));
  if (kind == "compare")
    return std::make_unique<smesim::CompareStudy>(with_reps(smesim::load_compare_file(file)));
  if (kind == "sensitivity")
    return std::make_unique<smesim::SensitivityStudy>(with_reps(smesim::load_sensitivity_file(file)));
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: smesim_task_costs run|sweep|compare|sensitivity FILE [--reps N]\n", stderr);
    return 2;
  }
  const std::string kind = argv[1];
  const std::string file = argv[2];
  const int reps = argc >= 5 && std::string(argv[3]) == "--reps" ? std::atoi(argv[4]) : 0;
  std::unique_ptr<smesim::Study> study;
  std::vector<smesim::ScenarioDef> variants;
  if (kind == "run") {
    variants.push_back(smesim::load_scenario_file(file).def);
    if (reps > 0) variants.back().replications = reps;
  } else {
    study = study_of(kind, file, reps);
    if (!study) return 2;
    variants = study->next_variants({});
  }
  std::printf("variant,replication,seconds\n");
  smesim::detail::ReplicationState state;
  std::vector<std::string> figures;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const smesim::ScenarioDef& def = variants[v];
    std::vector<smesim::ReplicationResult> results(static_cast<std::size_t>(def.replications));
    for (std::size_t r = 0; r < results.size(); ++r) {
      const auto start = Clock::now();
      smesim::detail::run_replication(def, static_cast<std::uint32_t>(r), state, results[r]);
      std::printf("%zu,%zu,%.6f\n", v, r, seconds_since(start));
      std::fflush(stdout);
    }
    std::string encoded;
    smesim::detail::encode_results(results, encoded);
    const auto start = Clock::now();
    const std::size_t record_bytes = study ? study->reduce(v, def, results).size() : 0;
    if (!study) static_cast<void>(smesim::summarise_forecast(def.targets, def.agencies.size(), results));
    const double reduce_seconds = seconds_since(start);
    const double n = static_cast<double>(std::max<std::size_t>(1, results.size()));
    // What a variant's text costs rank 0 to write and a rank to read.
    const auto text_start = Clock::now();
    const std::string text = smesim::scenario_yaml(def);
    const double text_seconds = seconds_since(text_start);
    const auto parse_start = Clock::now();
    static_cast<void>(smesim::load_scenario_text(text, "measured"));
    const double parse_seconds = seconds_since(parse_start);
    figures.push_back(
        fmt::format("# variant {}: result_bytes_per_replication {:.0f}, reduce_seconds_per_replication "
                    "{:.3e}, record_bytes {}, text_bytes {}, text_seconds {:.3e}, parse_seconds {:.3e}\n",
                    v, static_cast<double>(encoded.size()) / n, reduce_seconds / n, record_bytes, text.size(),
                    text_seconds, parse_seconds));
  }
  for (const std::string& line : figures) std::printf("%s", line.c_str());
  return 0;
}
