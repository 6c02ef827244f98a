#include "io/report/number_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/csv_writer.hpp"

namespace smesim::detail::report {
namespace {

// Inserts a comma every three digits of the integer part of formatted number text.
std::string group_digits(const std::string& text) {
  const std::size_t sign = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::size_t end = text.find_first_of(".eE", sign);
  if (end == std::string::npos) end = text.size();
  std::string out = text.substr(0, sign);
  for (std::size_t i = sign; i < end; ++i) {
    if (i > sign && (end - i) % 3 == 0) out += ',';
    out += text[i];
  }
  out += text.substr(end);
  return out;
}

}  // namespace

std::string grouped(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  // Halves round away from zero, as std::round does: printf's rule (half to even on the binary
  // value) would show the median 9,654.5 of 1,000 replications as 9,654 here and 9,655 where
  // another part rounds it; every number shown goes through this one rule.
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  std::string text = fmt::format("{:.{}f}", std::isfinite(rounded) ? rounded : value, decimals);
  if (text == "-0" || text.rfind("-0.", 0) == 0) {
    const bool all_zero = text.find_first_not_of("-0.") == std::string::npos;
    if (all_zero) text.erase(0, 1);
  }
  return group_digits(text);
}

std::string count_text(double value) { return grouped(value, 0); }

std::string thb_text(double value) { return money_text(value); }

std::string m_thb_text(double value) {
  if (!std::isfinite(value)) return "n/a";
  return grouped(value / 1e6, 1) + " M THB";
}

std::string money_text(double thb) {
  if (!std::isfinite(thb)) return "n/a";
  const double m = std::fabs(thb) / 1e6;
  if (std::round(std::fabs(thb)) < 1e6) return grouped(thb, 0) + " THB";
  // Three significant digits: 0.995 M rounds up to 1.00, so decide on the rounded value.
  int decimals = m >= 99.95 ? 0 : m >= 9.995 ? 1 : 2;
  return grouped(thb / 1e6, decimals) + " M THB";
}

std::string parameter_value_text(std::string_view path, double value) {
  return is_thb_path(path) ? money_text(value) : plain_number_text(value);
}

std::string probability_text(double value) {
  if (!std::isfinite(value)) return "n/a";
  // Never round a small chance to a certainty: 0.0003 reads "< 0.001", not "0.000".
  if (value > 0 && value < 0.0005) return "< 0.001";
  if (value < 1 && value > 0.9995) return "> 0.999";
  const bool near_edge = value > 0 && value < 1 && (value < 0.01 || value > 0.99);
  return grouped(value, near_edge ? 3 : 2);
}

std::string plain_number_text(double value) {
  if (!std::isfinite(value)) return "n/a";
  const std::string text = format_csv_number(value);
  // Exponent forms (1e+08) are for files; people read 100,000,000.
  if (text.find_first_of("eE") != std::string::npos && std::fabs(value) >= 1) return grouped(value, 0);
  return group_digits(text);
}

std::string significant_text(double value, int digits) {
  if (!std::isfinite(value)) return "n/a";
  if (value == 0) return "0";
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  std::string text = grouped(value, std::max(0, digits - 1 - exponent));
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

bool is_thb_path(std::string_view path) { return path.size() > 4 && path.substr(path.size() - 4) == "_thb"; }

}  // namespace smesim::detail::report
