#pragma once
// How the report writes numbers: thousands separators everywhere, THB as whole baht or in
// M THB, probabilities to two or three places. NaN (an undefined statistic) reads "n/a".

#include <string>
#include <string_view>

namespace smesim::detail::report {

/// 1234567.891 with 2 decimals -> "1,234,567.89"; halves round away from zero (9654.5 ->
/// "9,655"), the one rounding rule of every number smesim shows (console, report).
std::string grouped(double value, int decimals);
/// A count of SMEs: "9,055".
std::string count_text(double value);
/// Baht in a report's text and tables: money_text ("453 M THB"; under 1 M THB whole baht,
/// "31,824 THB"), never nine digits of baht a director has to count.
std::string thb_text(double value);
/// Baht in millions with one decimal: "452.9 M THB".
std::string m_thb_text(double value);
/// Baht as a director reads them: M THB to three significant digits, at most two decimals
/// ("272 M THB", "19.5 M THB", "5.72 M THB", "1,234 M THB"); under 1 M THB whole baht
/// ("600,000 THB").
std::string money_text(double thb);
/// A parameter value for a reader: money_text for a baht path (is_thb_path), else
/// plain_number_text.
std::string parameter_value_text(std::string_view path, double value);
/// A probability: "0.83"; three places below 0.01 or above 0.99, where two would say 0 or 1;
/// "< 0.001" and "> 0.999" where even three would.
std::string probability_text(double value);
/// A parameter value or statistic in its shortest exact form, grouped: "0.05", "20,000,000".
std::string plain_number_text(double value);

/// A number to `digits` significant digits, grouped, without an exponent and without trailing
/// zeros: "0.94", "-0.0123", "1.86", "12,346" (whole from 10^digits up).
std::string significant_text(double value, int digits);

/// Whether a parameter path names an amount of baht: by the project's naming rule, every
/// such key ends in `_thb` (`programme.budget_thb`).
bool is_thb_path(std::string_view path);

}  // namespace smesim::detail::report
