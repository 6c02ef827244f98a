#include "smesim/study/forecast_study.hpp"

#include <optional>

#include <fmt/format.h>

#include "engine/memory_estimate.hpp"
#include "io/column_store.hpp"
#include "io/console_table.hpp"
#include "io/drivers_outputs.hpp"
#include "io/outputs.hpp"
#include "io/replication_files.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/prior_draws.hpp"
#include "smesim/scenario/target_feasibility.hpp"
#include "study/agency_records.hpp"

namespace smesim {

// Rows are written as replications finish and only the summary's columns are kept (in a
// scratch file of the working folder once they outgrow a block): memory stays bounded however
// many replications run (docs/outputs.md "Memory and disk").
class ForecastStudy::StreamingReducer final : public VariantReducer {
 public:
  StreamingReducer(ForecastStudy& study, const std::filesystem::path& folder)
      : study_(study),
        folder_(folder),
        files_(folder, study.def_, study.networks_),
        agency_rows_(study.def_, study.networks_) {}

  void add(std::span<ReplicationResult> block) override {
    if (!columns_) {
      shape_ = ForecastShape::of(block.front());
      columns_.emplace(shape_.columns(), folder_ / ".summary-columns", detail::kSummaryBlockBytes);
      row_.resize(shape_.columns());
    }
    // Drawn again exactly as each replication drew them (prior_draws), once for priors.csv and
    // the drivers' columns both.
    draws_.resize(block.size());
    for (std::size_t i = 0; i < block.size(); ++i)
      draws_[i] = prior_draws(study_.def_, study_.def_.seed, block[i].replication);
    files_.write(block, draws_);
    for (std::size_t i = 0; i < block.size(); ++i) {
      const ReplicationResult& r = block[i];
      summary_row(r, shape_, row_);
      columns_->append(row_);
      add_prior_draws(draws_[i]);
      study_.firms_sum_ += r.firms;
      agency_rows_.add(r);
    }
    delivered_ += block.size();
  }

  Record finish() override {
    files_.close();
    study_.summary_ = summarise_forecast(
        study_.def_.targets, delivered_, shape_,
        [&](std::size_t column, std::vector<double>& values) { columns_->read_column(column, values); });
    // summary_row's first columns are the final KPIs, in kFinalKpis (enumeration) order.
    study_.drivers_ = forecast_drivers(
        study_.def_.targets, delivered_, prior_paths_,
        [&](std::size_t prior, std::vector<double>& values) { priors_->read_column(prior, values); },
        [&](FinalKpi kpi, std::vector<double>& values) {
          columns_->read_column(static_cast<std::size_t>(kpi), values);
        });
    columns_.reset();  // removes the scratch files before the folder is complete
    priors_.reset();
    study_.agencies_long_ = agency_rows_.long_table(study_.summary_, study_.def_.name);
    return detail::forecast_summary_json(study_.def_, study_.summary_);
  }

 private:
  ForecastStudy& study_;
  std::filesystem::path folder_;
  detail::ReplicationFiles files_;
  std::optional<detail::ColumnStore> columns_;
  detail::ForecastAgencyRows agency_rows_;
  ForecastShape shape_;
  std::vector<double> row_;
  std::size_t delivered_ = 0;
  std::vector<detail::PriorDraws> draws_;  ///< the block's, in its order
  // The priors each replication drew (priors.csv's values), a column per prior, for the drivers
  // (docs/outputs.md "Memory and disk").
  std::vector<std::string> prior_paths_;
  std::optional<detail::ColumnStore> priors_;
  std::vector<double> prior_row_;
  bool priors_known_ = false;

  void add_prior_draws(const detail::PriorDraws& draws) {
    if (!priors_known_) {
      priors_known_ = true;
      for (const auto& [path, value] : draws) prior_paths_.push_back(path);
      if (!prior_paths_.empty())
        priors_.emplace(prior_paths_.size(), folder_ / ".drivers-columns", detail::kDriversBlockBytes);
      prior_row_.resize(prior_paths_.size());
    }
    if (!priors_) return;
    SMESIM_ASSERT(draws.size() == prior_row_.size());
    for (std::size_t j = 0; j < draws.size(); ++j) prior_row_[j] = draws[j].second;
    priors_->append(prior_row_);
  }
};

ForecastStudy::ForecastStudy(ScenarioDef def, std::string scenario_source)
    : def_(std::move(def)), scenario_source_(std::move(scenario_source)), networks_(expand_networks(def_)) {}

ForecastStudy::~ForecastStudy() = default;

StudyIdentity ForecastStudy::identity() const { return {"run", def_.name, resolved_scenario_json(def_), 1}; }

std::vector<ScenarioDef> ForecastStudy::next_variants(std::span<const Record> records) {
  return records.empty() ? std::vector<ScenarioDef>{def_} : std::vector<ScenarioDef>{};
}

std::unique_ptr<VariantReducer> ForecastStudy::reducer(std::size_t /*index*/, const ScenarioDef& /*variant*/,
                                                       ResultsStore& store) {
  firms_sum_ = 0;
  return std::make_unique<StreamingReducer>(*this, store.working_folder());
}

Record ForecastStudy::reduce(std::size_t /*index*/, const ScenarioDef& variant,
                             std::span<const ReplicationResult> results) const {
  return detail::forecast_summary_json(variant,
                                       summarise_forecast(variant.targets, variant.agencies.size(), results));
}

StudyResults ForecastStudy::finish(std::span<const Record> /*records*/, const StudyRun& run) {
  detail::RunInfo info;
  info.kind = identity().kind;
  info.command_line = run.command_line;
  info.scenario_source = scenario_source_;
  info.started_utc = run.started_utc;
  info.finished_utc = run.finished_utc;
  info.threads = run.threads;
  info.outputs.workbook = run.workbook;
  SMESIM_ASSERT(agencies_long_.has_value());
  StudyResults results =
      detail::run_results(def_, networks_, summary_, drivers_, std::move(*agencies_long_), info);
  agencies_long_.reset();
  const auto replications = static_cast<double>(summary_.replications);
  auto& console = results.console;
  console.emplace_back(
      fmt::format("smesim: {} - {} replications x {} months, {} SMEs (mean) in {} networks, seed {}",
                  def_.name, summary_.replications, def_.time.horizon_months,
                  detail::with_thousands(firms_sum_ / replications), networks_.size(), def_.seed));
  console.emplace_back(detail::forecast_table(def_, summary_));
  console.emplace_back(detail::budget_line(summary_));
  if (std::string note = detail::horizon_note(def_, summary_); !note.empty())
    console.emplace_back(std::move(note));
  if (const std::string note = detail::uncertainty_note(def_); !note.empty())
    console.emplace_back(detail::wrapped("Note: " + note + "."));
  if (std::string drivers = detail::drivers_console(drivers_); !drivers.empty())
    console.emplace_back(std::move(drivers));
  results.warnings = detail::budget_warnings(def_, networks_, summary_);
  for (const std::string& unreachable : unreachable_targets(def_)) {
    std::string warning = detail::wrapped("warning: " + unreachable);
    warning.pop_back();  // the console adds the line's end
    results.warnings.push_back(std::move(warning));
  }
  return results;
}

}  // namespace smesim
