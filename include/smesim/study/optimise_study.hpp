#pragma once
/// @file optimise_study.hpp
/// @brief `smesim optimise`: a sequential study. CMA-ES (cma_es.hpp) proposes a generation of
/// candidates at a time from the values of the generations before; the candidates of one
/// generation share a seed of their own, hence the same replications (common random numbers),
/// so they differ by what they are, not by sampling noise. When the search stops, the search
/// distribution's mean (the recommended candidate) and the base scenario are re-evaluated
/// together on another seed, so the gain reported is not the winner's curse, with their paired
/// difference. Records: one per candidate (and two for the re-evaluation); outputs: best.json,
/// best_scenario.yaml, trace.csv, candidates.csv and the manifest (docs/optimise.md).

#include <cstdint>
#include <string>
#include <vector>

#include "smesim/analysis/cma_es.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/study/study.hpp"

namespace smesim {

/// One generation of the search, as trace.csv reports it (objective in its own sense).
struct OptimiseTraceRow {
  std::size_t generation = 0;
  std::size_t evaluations = 0;  ///< candidates evaluated up to and including this generation
  double best = 0;              ///< the best feasible objective of the generation; NaN if none
  double mean = 0;              ///< the mean objective of the generation's candidates
  double sigma = 0;             ///< CMA-ES' step size after the generation
  std::size_t feasible = 0;     ///< candidates that met every constraint
};

/// The seed the candidates of generation g share (g ≥ 0), and the re-evaluation's: words of
/// Philox (key (seed, 0), Purpose::optimiser, entity_key("replication_seed"), index g, or
/// 2^32 − 1 for the re-evaluation), so they are independent of each other and of `seed`.
std::uint32_t generation_seed(std::uint32_t seed, std::uint32_t generation);
std::uint32_t reevaluation_seed(std::uint32_t seed);

class OptimiseStudy final : public Study {
 public:
  /// @throws ScenarioError when the base scenario is not valid
  explicit OptimiseStudy(OptimiseDef def);

  [[nodiscard]] StudyIdentity identity() const override;
  [[nodiscard]] std::string_view record_noun() const override { return "candidate"; }
  [[nodiscard]] std::vector<ScenarioDef> memory_bounds() const override;
  [[nodiscard]] bool sequential() const override { return true; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override;
  void check_stored(std::size_t index, const Record& record) const override;
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override;
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override;

  /// The generations told so far (the trace).
  [[nodiscard]] const std::vector<OptimiseTraceRow>& trace() const { return trace_; }

 private:
  struct Proposal {
    bool reevaluation = false;
    std::size_t generation = 0;
    std::size_t candidate = 0;  ///< re-evaluation: 0 the best, 1 the base
    std::vector<double> coordinates;
  };

  void tell_generation(std::span<const Record> records);
  std::vector<ScenarioDef> propose_generation();
  std::vector<ScenarioDef> propose_reevaluation();

  OptimiseDef def_;
  CmaEs search_;
  std::vector<Proposal> proposals_;  ///< [record index]
  std::vector<OptimiseTraceRow> trace_;
  std::size_t told_ = 0;  ///< records told to the search
};

}  // namespace smesim
