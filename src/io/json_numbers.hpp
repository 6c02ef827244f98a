#pragma once
// Numbers in the JSON documents of a forecast (summary.json, a sweep point's summary, drivers).

#include <cmath>
#include <utility>

#include <nlohmann/json.hpp>

namespace smesim::detail {

/// JSON has no NaN or infinity: an undefined statistic (no finite value) is written null.
inline nlohmann::ordered_json json_number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

/// An interval as [lo, hi], each end as json_number writes it.
inline nlohmann::ordered_json json_interval(const std::pair<double, double>& interval) {
  return nlohmann::ordered_json::array({json_number(interval.first), json_number(interval.second)});
}

}  // namespace smesim::detail
