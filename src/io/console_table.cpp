#include "io/console_table.hpp"

#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "smesim/statistics.hpp"

namespace smesim::detail {
namespace {

struct Row {
  const char* label;
  double target;
  double scale;  ///< display unit
  std::function<double(const ReplicationResult&)> value;
};

std::string shown(double v, double scale) {
  if (std::isnan(v)) return "-";
  return scale == 1 ? with_thousands(v) : fmt::format("{:.1f}", v / scale);
}

}  // namespace

std::string with_thousands(double value) {
  if (std::isnan(value)) return "nan";
  const long long v = std::llround(value);
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out = v < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string forecast_table(const ScenarioDef& def, const std::vector<ReplicationResult>& results) {
  const std::vector<Row> rows{
      {"SMEs developed", def.targets.developed_smes, 1, [](const auto& r) { return r.kpis.developed; }},
      {"SMEs expanded into new markets", def.targets.expanded_smes, 1,
       [](const auto& r) { return r.kpis.expanded; }},
      {"Cost reduction (M THB)", def.targets.cost_reduction_thb, 1e6,
       [](const auto& r) { return r.kpis.cost_reduction_thb; }},
  };
  const std::size_t n = results.size();
  std::string out = fmt::format("{:<32} {:>10} {:>10} {:>23} {:>8}  {}\n",
                                "KPI (credited in months 0-" + std::to_string(def.window_months() - 1) + ")",
                                "target", "median", "90% interval", "P(met)", "95% CI of P");
  std::vector<std::uint8_t> all_met(n, 1);
  for (const Row& row : rows) {
    std::vector<double> values;
    std::size_t met = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = row.value(results[i]);
      values.push_back(v);
      const bool ok = v >= row.target;  // targets are "not less than"
      met += ok;
      all_met[i] &= static_cast<std::uint8_t>(ok);
    }
    const Summary s = summarise(values);
    const auto [lo, hi] = wilson_interval(met, n);
    out += fmt::format("{:<32} {:>10} {:>10} {:>23} {:>8.3f}  [{:.3f}, {:.3f}]\n", row.label,
                       shown(row.target, row.scale), shown(s.p50, row.scale),
                       shown(s.p5, row.scale) + " - " + shown(s.p95, row.scale),
                       static_cast<double>(met) / static_cast<double>(n), lo, hi);
  }
  std::size_t all = 0;
  for (const auto m : all_met) all += m;
  const auto [lo, hi] = wilson_interval(all, n);
  out += fmt::format("{:<32} {:>10} {:>10} {:>23} {:>8.3f}  [{:.3f}, {:.3f}]\n", "All three targets", "", "",
                     "", static_cast<double>(all) / static_cast<double>(n), lo, hi);
  std::vector<double> spent;
  std::vector<double> unspent;
  for (const auto& r : results) {
    spent.push_back(r.kpis.spent_thb);
    unspent.push_back(r.kpis.unspent_thb + r.unallocated_thb);
  }
  const double budget = results.empty() ? 0
                                        : results.front().allocation_thb + results.front().overhead_thb +
                                              results.front().unallocated_thb;
  out += fmt::format(
      "Budget: {} M THB; spent {} M THB (median, 90% interval {} - {}), unspent {} M THB (median)\n",
      shown(budget, 1e6), shown(quantile(spent, 0.5), 1e6), shown(quantile(spent, 0.05), 1e6),
      shown(quantile(spent, 0.95), 1e6), shown(quantile(unspent, 0.5), 1e6));
  return out;
}

}  // namespace smesim::detail
