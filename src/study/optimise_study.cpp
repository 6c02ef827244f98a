#include "smesim/study/optimise_study.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/manifest.hpp"
#include "io/outputs.hpp"
#include "smesim/error.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/optimise_space.hpp"
#include "smesim/scenario/scenario.hpp"
#include "study/optimise_outputs.hpp"
#include "study/optimise_records.hpp"
#include "study/study_tables.hpp"

namespace smesim {
namespace {

constexpr std::uint32_t kReevaluationIndex = 0xFFFF'FFFFu;

std::uint32_t seed_word(std::uint32_t seed, std::uint32_t index) {
  const PhiloxCounter counter = make_counter(Purpose::optimiser, entity_key("replication_seed"), index, 0);
  return philox4x32_10(counter, make_key(seed, 0))[0];
}

CmaEsOptions search_options(const OptimiseDef& def) {
  CmaEsOptions o;
  o.initial_mean = base_coordinates(def);
  o.initial_sigma = def.initial_sigma;
  o.seed = def.base.seed;
  o.population = def.population;
  o.max_evaluations = def.max_evaluations;
  return o;
}

ScenarioDef with_seed(ScenarioDef variant, std::uint32_t seed, std::size_t replications) {
  variant.seed = seed;
  variant.replications = static_cast<int>(replications);
  return variant;
}

}  // namespace

std::uint32_t generation_seed(std::uint32_t seed, std::uint32_t generation) {
  return seed_word(seed, generation);
}

std::uint32_t reevaluation_seed(std::uint32_t seed) { return seed_word(seed, kReevaluationIndex); }

OptimiseStudy::OptimiseStudy(OptimiseDef def) : def_(std::move(def)), search_(search_options(def_)) {}

StudyIdentity OptimiseStudy::identity() const {
  // The search stops at the first generation that reaches max_evaluations; then two more.
  const std::size_t lambda = search_.population();
  const std::size_t generations = (def_.max_evaluations + lambda - 1) / lambda;
  return {"optimise", def_.name, optimise_identity(def_), generations * lambda + 2};
}

std::vector<ScenarioDef> OptimiseStudy::memory_bounds() const {
  return {with_seed(def_.base, def_.base.seed, def_.reevaluation_reps())};
}

std::vector<ScenarioDef> OptimiseStudy::next_variants(std::span<const Record> records) {
  if (records.size() < proposals_.size()) return {};  // not called so by run_study
  if (!proposals_.empty() && proposals_.back().reevaluation) return {};
  if (told_ < records.size()) tell_generation(records);
  return search_.stopped() == CmaEsStop::running ? propose_generation() : propose_reevaluation();
}

void OptimiseStudy::tell_generation(std::span<const Record> records) {
  std::vector<detail::CandidateOutcome> generation;
  for (std::size_t i = told_; i < records.size(); ++i)
    generation.push_back(detail::read_candidate(def_, i, records[i]));
  search_.tell(detail::search_values(def_, generation));
  OptimiseTraceRow row;
  row.generation = search_.generation() - 1;
  row.evaluations = search_.evaluations();
  row.best = std::nan("");
  double sum = 0;
  std::size_t counted = 0;
  for (const detail::CandidateOutcome& c : generation) {
    if (std::isfinite(c.objective.value)) {
      sum += c.objective.value;
      ++counted;
    }
    if (!c.feasible || !std::isfinite(c.objective.value)) continue;
    ++row.feasible;
    const bool better = def_.objective.maximise ? c.objective.value > row.best : c.objective.value < row.best;
    if (std::isnan(row.best) || better) row.best = c.objective.value;
  }
  row.mean = counted > 0 ? sum / static_cast<double>(counted) : std::nan("");
  row.sigma = search_.sigma();
  trace_.push_back(row);
  told_ = records.size();
}

std::vector<ScenarioDef> OptimiseStudy::propose_generation() {
  const std::size_t g = search_.generation();
  const std::uint32_t seed = generation_seed(def_.base.seed, static_cast<std::uint32_t>(g));
  std::vector<ScenarioDef> variants;
  const auto& candidates = search_.ask();
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    proposals_.push_back({false, g, k, candidates[k]});
    variants.push_back(with_seed(optimise_variant(def_, candidates[k]), seed,
                                 static_cast<std::size_t>(def_.base.replications)));
  }
  return variants;
}

std::vector<ScenarioDef> OptimiseStudy::propose_reevaluation() {
  const std::uint32_t seed = reevaluation_seed(def_.base.seed);
  const std::size_t g = search_.generation();
  const std::vector<double> mean = search_.mean();
  proposals_.push_back({true, g, 0, mean});
  proposals_.push_back({true, g, 1, {}});
  return {with_seed(optimise_variant(def_, mean), seed, def_.reevaluation_reps()),
          with_seed(def_.base, seed, def_.reevaluation_reps())};
}

void OptimiseStudy::check_stored(std::size_t index, const Record& record) const {
  const detail::CandidateOutcome stored = detail::read_candidate(def_, index, record);
  const Proposal& asked = proposals_.at(index);
  // The search is determined by the records before, so a stored candidate elsewhere means the
  // folder was changed or written by another version: not something to resume from.
  if (stored.tag.reevaluation != asked.reevaluation || stored.tag.generation != asked.generation ||
      stored.tag.candidate != asked.candidate || stored.tag.coordinates != asked.coordinates)
    throw ResumeError(
        fmt::format("candidate {} is stored as {} {} of generation {}, not the one the search now asks for; "
                    "use --restart",
                    index, stored.tag.reevaluation ? "re-evaluation" : "candidate", stored.tag.candidate,
                    stored.tag.generation));
}

Record OptimiseStudy::reduce(std::size_t index, const ScenarioDef& variant,
                             std::span<const ReplicationResult> results) const {
  const Proposal& p = proposals_.at(index);
  const detail::CandidateTag tag{p.reevaluation, p.generation, p.candidate, variant.seed, p.coordinates};
  const bool base = p.reevaluation && p.candidate == 1;
  const std::vector<NamedValue> values = base ? base_values(def_) : decode(def_, p.coordinates);
  return detail::candidate_record(def_, tag, values, variant, results);
}

StudyResults OptimiseStudy::finish(std::span<const Record> records, const StudyRun& run) {
  detail::OptimiseOutcome outcome;
  for (std::size_t i = 0; i < records.size(); ++i) {
    detail::CandidateOutcome c = detail::read_candidate(def_, i, records[i]);
    if (!c.tag.reevaluation)
      outcome.candidates.push_back(std::move(c));
    else if (c.tag.candidate == 0)
      outcome.best = std::move(c);
    else
      outcome.base = std::move(c);
  }
  outcome.trace = trace_;
  outcome.stopped = std::string(stop_name(search_.stopped()));
  outcome.population = search_.population();
  outcome.dimension = search_.dimension();
  outcome.difference = detail::objective_difference(def_, outcome.best, outcome.base);
  for (const Target t : kTargets) {
    const auto i = static_cast<std::size_t>(t);
    outcome.target_differences[i] =
        paired_mean_difference(outcome.best.met_samples[i], outcome.base.met_samples[i]);
  }
  outcome.best_budgets = detail::agency_budgets(optimise_variant(def_, outcome.best.tag.coordinates));
  outcome.base_budgets = detail::agency_budgets(def_.base);

  StudyResults results = detail::study_results(identity(), def_.base);
  results.tables.push_back(detail::trace_table(def_, outcome.trace));
  results.tables.push_back(detail::candidates_table(def_, outcome.candidates));
  ScenarioDef best = optimise_variant(def_, outcome.best.tag.coordinates);
  best.name = def_.name + "-best";
  best.description = fmt::format("The best candidate of the optimisation `{}` ({})", def_.name,
                                 detail::objective_label(def_.objective));
  results.texts.push_back({"best_scenario.yaml", scenario_yaml(best)});
  const nlohmann::ordered_json fields{{"optimise", def_.name},
                                      {"optimise_file", def_.file},
                                      {"scenario_source", def_.scenario_source},
                                      {"identity", detail::scenario_hash(optimise_identity(def_))},
                                      {"candidates", outcome.candidates.size()},
                                      {"candidates_resumed", run.records_resumed},
                                      {"replications_per_candidate", def_.base.replications},
                                      {"reevaluation_replications", def_.reevaluation_reps()},
                                      {"seed", def_.base.seed},
                                      {"threads", run.threads}};
  results.documents.push_back(
      {"manifest.json", detail::manifest_json(fields, detail::manifest_run(run), def_.base)});
  // A folder without best.json is unfinished.
  results.documents.push_back({"best.json", detail::best_json(def_, outcome)});
  results.finished_file = "best.json";
  results.console = detail::optimise_console(def_, outcome);
  return results;
}

}  // namespace smesim
