#include "smesim/study/forecast_study.hpp"

#include <optional>

#include <fmt/format.h>

#include "engine/memory_estimate.hpp"
#include "io/column_store.hpp"
#include "io/console_table.hpp"
#include "io/outputs.hpp"
#include "io/replication_files.hpp"
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
    files_.write(block);
    for (const ReplicationResult& r : block) {
      summary_row(r, shape_, row_);
      columns_->append(row_);
      study_.firms_sum_ += r.firms;
      agency_rows_.add(r);
    }
    delivered_ += block.size();
  }

  Record finish() override {
    files_.close();
    study_.summary_ = summarise_forecast(
        study_.def_, delivered_, shape_,
        [&](std::size_t column, std::vector<double>& values) { columns_->read_column(column, values); });
    columns_.reset();  // removes the scratch file before the folder is complete
    study_.agencies_long_csv_ = agency_rows_.long_csv(study_.summary_, study_.def_.name);
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
  return detail::forecast_summary_json(variant, summarise_forecast(variant, results));
}

StudyReport ForecastStudy::finish(std::span<const Record> /*records*/, const StudyRun& run,
                                  ResultsStore& store) {
  detail::RunInfo info;
  info.command_line = run.command_line;
  info.scenario_source = scenario_source_;
  info.started_utc = run.started_utc;
  info.finished_utc = run.finished_utc;
  info.threads = run.threads;
  // Before the run's other outputs: their manifest, written last, lists it.
  store.write_output("agencies_long.csv", agencies_long_csv_);
  detail::write_run_outputs(store.working_folder(), def_, networks_, summary_, info);
  const auto replications = static_cast<double>(summary_.replications);
  StudyReport report;
  report.console =
      fmt::format("smesim: {} - {} replications x {} months, {} SMEs (mean) in {} networks, seed {}\n\n",
                  def_.name, summary_.replications, def_.time.horizon_months,
                  detail::with_thousands(firms_sum_ / replications), networks_.size(), def_.seed) +
      detail::forecast_table(def_, summary_) + "\n";
  if (const std::string note = detail::horizon_note(def_, summary_); !note.empty())
    report.console += note + "\n";
  if (const std::string note = detail::uncertainty_note(def_); !note.empty())
    report.console += detail::wrapped("Note: " + note + ".") + "\n";
  report.warnings = detail::budget_warnings(def_, networks_, summary_);
  for (const std::string& unreachable : unreachable_targets(def_)) {
    std::string warning = detail::wrapped("warning: " + unreachable);
    warning.pop_back();  // the console adds the line's end
    report.warnings.push_back(std::move(warning));
  }
  return report;
}

}  // namespace smesim
