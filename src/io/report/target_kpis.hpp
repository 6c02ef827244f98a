#pragma once
// The three programme targets as the report shows them: the key in summary.json, the final
// KPI it is measured on, its monthly cumulative series and how its values are written.

#include <string>

#include "io/report/number_text.hpp"
#include "io/report/svg_chart.hpp"

namespace smesim::detail::report {

struct TargetKpi {
  const char* target;  ///< key under summary.json "targets"
  const char* kpi;     ///< final KPI (kpis.csv, "kpis" of summary.json, comparison.csv)
  const char* series;  ///< its cumulative monthly series in timeseries_summary.csv
  const char* title;
  bool money;  ///< THB (shown in M THB on axes) rather than a count of SMEs
};

inline constexpr TargetKpi kTargetKpis[] = {
    {"developed_smes", "developed", "developed", "SMEs developed", false},
    {"expanded_smes", "expanded", "expanded", "SMEs expanded into new markets", false},
    {"cost_reduction_thb", "cost_reduction_thb", "cost_reduction_cum_thb", "Cost reduction", true},
};

inline std::string kpi_value_text(const TargetKpi& t, double value) {
  return t.money ? thb_text(value) : count_text(value);
}
inline std::string kpi_axis_title(const TargetKpi& t) { return t.money ? "M THB" : "SMEs"; }
inline TickFormat kpi_tick_format(const TargetKpi& t) {
  return t.money ? TickFormat::millions : TickFormat::count;
}

}  // namespace smesim::detail::report
