#include "study/agency_records.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {

namespace {

// The summary's statistic of an agency KPI that kAgencyComparedKpis names by its FinalKpi.
AgencyKpi agency_kpi(FinalKpi kpi) {
  switch (kpi) {
    case FinalKpi::developed:
      return AgencyKpi::developed;
    case FinalKpi::expanded:
      return AgencyKpi::expanded;
    case FinalKpi::cost_reduction_thb:
      return AgencyKpi::cost_reduction_thb;
    case FinalKpi::added_revenue_thb:
      return AgencyKpi::added_revenue_thb;
    case FinalKpi::spent_thb:
      return AgencyKpi::spent_thb;
    case FinalKpi::unspent_thb:
      return AgencyKpi::unspent_thb;
    case FinalKpi::thb_per_developed:
      return AgencyKpi::thb_per_developed;
    case FinalKpi::cost_reduction_per_thb_spent:
      return AgencyKpi::cost_reduction_per_thb_spent;
  }
  SMESIM_ASSERT(false);
  return AgencyKpi::developed;
}

// The agency's name comes last, after the columns readers take by position (docs/outputs.md).
void add_agency_row(ResultTable& table, const std::string& label, const std::string& agency,
                    const std::string& kpi, const std::string& statistic, double value,
                    const std::string& name) {
  // A sweep's or a solve's variant is a number (its point or step), a comparison's a name.
  table.cell_as_written(label).cell(agency).cell(kpi).cell(statistic).cell(value).cell(name);
  table.end_row(agency_row_quantity(kpi, statistic));
}

ResultTable agencies_long_header() {
  ResultTable table("agencies_long",
                    "Each agency's KPIs (mean and quantiles across replications) and how often it meets its "
                    "share of each target, per variant, one value a row (`all`: the programme).");
  for (const char* column : {"variant", "agency", "kpi", "statistic"}) table.column(column, Quantity::text);
  table.column("value", Quantity::per_row).column("agency_name", Quantity::text);
  return table;
}

}  // namespace

Quantity agency_row_quantity(const std::string& kpi, const std::string& statistic) {
  if (statistic.starts_with("probability_met") || statistic == "p_better") return Quantity::probability;
  if (kpi == "developed_smes" || kpi == "expanded_smes") return Quantity::count;
  return quantity_of(kpi);
}

std::vector<double> enrolled_by_agency(const ScenarioDef& variant, const std::vector<ClusterSpec>& networks,
                                       const ReplicationResult& result) {
  std::vector<double> enrolled(variant.agencies.size(), 0.0);
  for (std::size_t c = 0; c < networks.size() && c < result.clusters.size(); ++c)
    enrolled[static_cast<std::size_t>(networks[c].agency)] += result.clusters[c].members;
  return enrolled;
}

VariantAgencySamples agency_samples(const ScenarioDef& variant, std::span<const ReplicationResult> results) {
  const std::vector<ClusterSpec> networks = expand_networks(variant);
  VariantAgencySamples out;
  out.programme.id = "all";
  for (const AgencyDef& agency : variant.agencies) out.agencies.emplace_back().id = agency.id;
  for (const ReplicationResult& r : results) {
    const std::vector<double> enrolled = enrolled_by_agency(variant, networks, r);
    for (std::size_t a = 0; a < variant.agencies.size(); ++a) {
      AgencySamples& samples = out.agencies[a];
      samples.enrolled_smes.push_back(enrolled[a]);
      for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
        samples.kpis[k].push_back(kpi_value(r.agencies[a].kpis, kAgencyComparedKpis[k]));
    }
  }
  for (std::size_t r = 0; r < results.size(); ++r) {
    double enrolled = 0;
    for (const AgencySamples& a : out.agencies) enrolled += a.enrolled_smes[r];
    out.programme.enrolled_smes.push_back(enrolled);
    for (std::size_t k = 0; k < kAgencyComparedKpis.size(); ++k)
      out.programme.kpis[k].push_back(kpi_value(results[r].kpis, kAgencyComparedKpis[k]));
  }
  return out;
}

nlohmann::ordered_json agency_rows_json(const ScenarioDef& variant,
                                        std::span<const ReplicationResult> results) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const AgencyComparisonRow& row :
       summarise_by_agency(agency_samples(variant, results), variant.targets))
    rows.push_back(
        {row.agency, row.kpi, row.statistic,
         std::isnan(row.value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.value)});
  return rows;
}

void require_agency_rows(std::size_t index, const Record& record) {
  bool found = false;
  try {
    const nlohmann::json parsed = nlohmann::json::parse(record);
    found = parsed.is_object() && parsed.contains("agencies") && parsed["agencies"].is_array();
  } catch (const nlohmann::json::exception&) {
  }
  if (!found)
    throw ResumeError(
        fmt::format("record {} has no agencies' KPIs (written by an earlier version of smesim, or changed); "
                    "use --restart",
                    index));
}

double programme_probability_met(const nlohmann::json& record, Target target) {
  // The programme's share of a target is the whole target (its SMEs are all the SMEs), so its
  // rows count what a forecast counts.
  const std::string kpi = target == Target::all ? "all_targets" : to_string(target);
  for (const auto& row : record.at("agencies"))
    if (row.at(0) == "all" && row.at(1) == kpi && row.at(2) == "probability_met")
      return row.at(3).is_number() ? row.at(3).get<double>() : std::numeric_limits<double>::quiet_NaN();
  return std::numeric_limits<double>::quiet_NaN();
}

std::string agency_name(const ScenarioDef& variant, const std::string& id) {
  for (const AgencyDef& a : variant.agencies)
    if (a.id == id) return a.name;
  return "";
}

ResultTable agencies_long_table(std::span<const Record> records, const std::vector<std::string>& labels,
                                std::span<const ScenarioDef> variants) {
  SMESIM_ASSERT(variants.size() == 1 || variants.size() == records.size());
  ResultTable table = agencies_long_header();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const ScenarioDef& variant = variants[variants.size() == 1 ? 0 : i];
    const nlohmann::json record = nlohmann::json::parse(records[i]);
    for (const auto& row : record.at("agencies")) {
      const double value =
          row[3].is_number() ? row[3].get<double>() : std::numeric_limits<double>::quiet_NaN();
      const std::string agency = row[0].get<std::string>();
      add_agency_row(table, labels[i], agency, row[1].get<std::string>(), row[2].get<std::string>(), value,
                     agency_name(variant, agency));
    }
  }
  return table;
}

ForecastAgencyRows::ForecastAgencyRows(const ScenarioDef& def, const std::vector<ClusterSpec>& networks)
    : def_(def), networks_(networks), tallies_(def.agencies.size() + 1, AgencyTargetTally(def.targets)) {}

void ForecastAgencyRows::add(const ReplicationResult& result) {
  const std::vector<double> enrolled = enrolled_by_agency(def_, networks_, result);
  // Summed in agency order, as agency_samples does, so both give the same bits.
  double programme_enrolled = 0;
  for (const double e : enrolled) programme_enrolled += e;
  auto add = [&](AgencyTargetTally& tally, double agency_enrolled, const Kpis& kpis) {
    tally.add(agency_enrolled, programme_enrolled, kpi_value(kpis, FinalKpi::developed),
              kpi_value(kpis, FinalKpi::expanded), kpi_value(kpis, FinalKpi::cost_reduction_thb));
  };
  add(tallies_[0], programme_enrolled, result.kpis);
  for (std::size_t a = 0; a < enrolled.size(); ++a)
    add(tallies_[1 + a], enrolled[a], result.agencies[a].kpis);
}

ResultTable ForecastAgencyRows::long_table(const ForecastSummary& summary, const std::string& label) const {
  // The rows of summarise_by_agency, in its order: the programme, then each agency; per KPI
  // its mean and quantiles, then the targets.
  std::vector<AgencyComparisonRow> rows;
  for (std::size_t a = 0; a <= def_.agencies.size(); ++a) {
    const std::string id = a == 0 ? "all" : def_.agencies[a - 1].id;
    for (const FinalKpi kpi : kAgencyComparedKpis) {
      const Summary& s = a == 0 ? summary.kpis[kpi] : summary.agencies[a - 1][agency_kpi(kpi)];
      for (const auto& [statistic, value] : {std::pair{"mean", s.mean}, std::pair{"p5", s.p5},
                                             std::pair{"p50", s.p50}, std::pair{"p95", s.p95}})
        rows.push_back({label, id, to_string(kpi), statistic, value});
    }
    tallies_[a].append_rows(label, id, rows);
  }
  ResultTable table = agencies_long_header();
  for (const AgencyComparisonRow& row : rows)
    add_agency_row(table, row.variant, row.agency, row.kpi, row.statistic, row.value,
                   agency_name(def_, row.agency));
  return table;
}

}  // namespace smesim::detail
