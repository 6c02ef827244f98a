#include "study/optimise_records.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/statistic_constants.hpp"
#include "smesim/analysis/statistics.hpp"
#include "smesim/error.hpp"
#include "study/agency_records.hpp"
#include "study/record_values.hpp"

namespace smesim::detail {
namespace {

using nlohmann::ordered_json;

double quantile_of(ObjectiveStatistic statistic) { return statistic == ObjectiveStatistic::p50 ? 0.5 : 0.05; }

ordered_json number_or_null(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr); }

double read_number(const ordered_json& v) { return v.is_number() ? v.get<double>() : kNaN; }

Estimate objective_estimate(const OptimiseDef& def, const ForecastSummary& summary,
                            std::span<const double> samples) {
  const OptimiseObjective& o = def.objective;
  switch (o.statistic) {
    case ObjectiveStatistic::probability_met: {
      const TargetAttainment& a = summary.target(o.target);
      return {a.probability_met, a.ci95};
    }
    case ObjectiveStatistic::mean:
      return {summary.kpis[o.kpi].mean, summary.kpis[o.kpi].ci95};
    case ObjectiveStatistic::p50:
    case ObjectiveStatistic::p5:
      return quantile_interval(samples, quantile_of(o.statistic));
  }
  return {};
}

bool met(const ReplicationResult& r, const ForecastSummary& summary, Target t) {
  if (t == Target::all)
    return met(r, summary, Target::developed_smes) && met(r, summary, Target::expanded_smes) &&
           met(r, summary, Target::cost_reduction_thb);
  return kpi_value(r.kpis, target_kpi(t)) >= summary.target(t).target;  // "not less than"
}

// A string of 0s and 1s, one per replication: compact, and exact.
std::string met_bits(std::span<const ReplicationResult> results, const ForecastSummary& summary, Target t) {
  std::string bits;
  bits.reserve(results.size());
  for (const ReplicationResult& r : results) bits += met(r, summary, t) ? '1' : '0';
  return bits;
}

}  // namespace

std::vector<double> objective_samples(const OptimiseDef& def, const ForecastSummary& summary,
                                      std::span<const ReplicationResult> results) {
  std::vector<double> samples;
  samples.reserve(results.size());
  for (const ReplicationResult& r : results)
    samples.push_back(def.objective.statistic == ObjectiveStatistic::probability_met
                          ? (met(r, summary, def.objective.target) ? 1.0 : 0.0)
                          : kpi_value(r.kpis, def.objective.kpi));
  return samples;
}

Record candidate_record(const OptimiseDef& def, const CandidateTag& tag,
                        std::span<const NamedValue> variables, const ScenarioDef& variant,
                        std::span<const ReplicationResult> results) {
  const ForecastSummary summary = summarise_forecast(variant.targets, variant.agencies.size(), results);
  const std::vector<double> samples = objective_samples(def, summary, results);
  const Estimate objective = objective_estimate(def, summary, samples);
  ordered_json values = ordered_json::object();
  for (const NamedValue& v : variables) values[v.name] = v.value;
  ordered_json targets = ordered_json::object();
  for (const Target t : kTargets) {
    const TargetAttainment& a = summary.target(t);
    targets[to_string(t)] = {{"replications_met", a.replications_met},
                             {"probability_met", number_or_null(a.probability_met)},
                             {"ci95", {number_or_null(a.ci95.first), number_or_null(a.ci95.second)}}};
  }
  ordered_json kpis = ordered_json::object();
  for (const FinalKpi k : {FinalKpi::developed, FinalKpi::expanded, FinalKpi::cost_reduction_thb})
    kpis[to_string(k)] = {{"mean", number_or_null(summary.kpis[k].mean)},
                          {"p5", number_or_null(summary.kpis[k].p5)},
                          {"p50", number_or_null(summary.kpis[k].p50)}};
  ordered_json record{
      {"phase", tag.reevaluation ? "reevaluation" : "search"},
      {"generation", tag.generation},
      {"candidate", tag.candidate},
      {"seed", tag.seed},
      {"replications", results.size()},
      {"coordinates", tag.coordinates},
      {"variables", values},
      {"objective",
       {{"value", number_or_null(objective.value)},
        {"ci95", {number_or_null(objective.ci95.first), number_or_null(objective.ci95.second)}}}},
      {"targets", targets},
      {"kpis", kpis}};
  if (tag.reevaluation) {
    ordered_json samples_json = ordered_json::array();
    for (const double v : samples) samples_json.push_back(number_or_null(v));
    ordered_json bits = ordered_json::object();
    for (const Target t : kTargets) bits[to_string(t)] = met_bits(results, summary, t);
    record["per_replication"] = {{"objective", samples_json}, {"met", bits}};
    record["agencies"] = agency_rows_json(variant, results);
  }
  return record.dump() + "\n";
}

CandidateOutcome read_candidate(const OptimiseDef& def, std::size_t index, const Record& record) {
  // Ordered, so that the variables come back in the file's order.
  const ordered_json j = ordered_json::parse(record, nullptr, false);
  try {
    if (!j.is_object()) throw std::invalid_argument("not a JSON object");
    CandidateOutcome c;
    c.tag.reevaluation = j.at("phase").get<std::string>() == "reevaluation";
    c.tag.generation = j.at("generation").get<std::size_t>();
    c.tag.candidate = j.at("candidate").get<std::size_t>();
    c.tag.seed = j.at("seed").get<std::uint32_t>();
    c.tag.coordinates = j.at("coordinates").get<std::vector<double>>();
    c.replications = j.at("replications").get<std::size_t>();
    for (const auto& [name, value] : j.at("variables").items())
      c.variables.push_back({name, read_number(value), ""});
    c.objective = {
        read_number(j.at("objective").at("value")),
        {read_number(j.at("objective").at("ci95").at(0)), read_number(j.at("objective").at("ci95").at(1))}};
    for (const Target t : kTargets) {
      const auto& a = j.at("targets").at(to_string(t));
      TargetAttainment& out = c.targets[static_cast<std::size_t>(t)];
      out.replications_met = a.at("replications_met").get<std::size_t>();
      out.probability_met = read_number(a.at("probability_met"));
      out.ci95 = {read_number(a.at("ci95").at(0)), read_number(a.at("ci95").at(1))};
    }
    for (const OptimiseConstraint& k : def.constraints) {
      const double p = c.targets[static_cast<std::size_t>(k.target)].probability_met;
      if (!(p >= k.probability_met_at_least)) {
        c.feasible = false;
        c.violation += std::isnan(p) ? 1.0 : k.probability_met_at_least - p;
      }
    }
    if (c.tag.reevaluation) {
      for (const auto& v : j.at("per_replication").at("objective"))
        c.objective_samples.push_back(read_number(v));
      for (const Target t : kTargets) {
        const std::string bits = j.at("per_replication").at("met").at(to_string(t)).get<std::string>();
        for (const char b : bits) c.met_samples[static_cast<std::size_t>(t)].push_back(b == '1' ? 1.0 : 0.0);
      }
    }
    return c;
  } catch (const std::exception& e) {
    throw ResumeError(fmt::format("candidate {} is not a record this optimisation wrote ({}); use --restart",
                                  index, e.what()));
  }
}

std::vector<double> search_values(const OptimiseDef& def, std::span<const CandidateOutcome> generation) {
  const double sign = def.objective.maximise ? -1.0 : 1.0;
  bool any_feasible = false;
  double worst_feasible = -std::numeric_limits<double>::infinity();
  for (const CandidateOutcome& c : generation)
    if (c.feasible && std::isfinite(c.objective.value)) {
      any_feasible = true;
      worst_feasible = std::max(worst_feasible, sign * c.objective.value);
    }
  std::vector<double> values;
  for (const CandidateOutcome& c : generation) {
    if (c.feasible)
      values.push_back(sign * c.objective.value);  // NaN stays NaN: CMA-ES ranks it last
    else
      // Behind the worst feasible value by a margin that survives rounding at its scale.
      values.push_back(any_feasible ? worst_feasible + (1 + std::fabs(worst_feasible)) * (1 + c.violation)
                                    : c.violation);
  }
  return values;
}

Estimate objective_difference(const OptimiseDef& def, const CandidateOutcome& best,
                              const CandidateOutcome& base) {
  if (def.objective.statistic == ObjectiveStatistic::p50 || def.objective.statistic == ObjectiveStatistic::p5)
    return paired_quantile_difference(best.objective_samples, base.objective_samples,
                                      quantile_of(def.objective.statistic), best.tag.seed);
  return paired_mean_difference(best.objective_samples, base.objective_samples);
}

}  // namespace smesim::detail
