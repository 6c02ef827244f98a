#include "study/agency_records.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "io/csv_writer.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim::detail {

VariantAgencySamples agency_samples(const ScenarioDef& variant, std::span<const ReplicationResult> results) {
  const std::vector<ClusterSpec> networks = expand_networks(variant);
  VariantAgencySamples out;
  out.programme.id = "all";
  for (std::size_t a = 0; a < variant.agencies.size(); ++a) {
    AgencySamples& samples = out.agencies.emplace_back();
    samples.id = variant.agencies[a].id;
    for (const ReplicationResult& r : results) {
      double enrolled = 0;
      for (std::size_t c = 0; c < networks.size() && c < r.clusters.size(); ++c)
        if (static_cast<std::size_t>(networks[c].agency) == a) enrolled += r.clusters[c].members;
      samples.enrolled_smes.push_back(enrolled);
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

std::string agencies_long_csv(std::span<const Record> records, const std::vector<std::string>& labels) {
  std::ostringstream out;
  CsvWriter csv(out);
  for (const char* column : {"variant", "agency", "kpi", "statistic", "value"}) csv.cell(column);
  csv.end_row();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json record = nlohmann::json::parse(records[i]);
    for (const auto& row : record.at("agencies")) {
      const double value =
          row[3].is_number() ? row[3].get<double>() : std::numeric_limits<double>::quiet_NaN();
      csv.cell(labels[i]).cell(row[0].get<std::string>()).cell(row[1].get<std::string>());
      csv.cell(row[2].get<std::string>()).cell(value);
      csv.end_row();
    }
  }
  return out.str();
}

}  // namespace smesim::detail
