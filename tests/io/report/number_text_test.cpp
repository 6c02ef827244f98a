// How the report writes numbers (src/io/report/number_text.hpp): thousands separators, THB and
// M THB, probabilities near 0 and 1, exact parameter values, and "n/a" for undefined values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "io/report/number_text.hpp"

using namespace smesim::detail::report;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("report: grouped puts a comma every three digits of the integer part", "[io][report]") {
  CHECK(grouped(1234567.891, 2) == "1,234,567.89");
  CHECK(grouped(1234567.891, 0) == "1,234,568");
  CHECK(grouped(0, 0) == "0");
  CHECK(grouped(7, 1) == "7.0");
  CHECK(grouped(999, 0) == "999");
  CHECK(grouped(1000, 0) == "1,000");
  CHECK(grouped(100000, 0) == "100,000");
  CHECK(grouped(123456789, 0) == "123,456,789");
  CHECK(grouped(0.125, 3) == "0.125");
  // The fractional part is never grouped.
  CHECK(grouped(1.23456789, 8) == "1.23456789");
}

TEST_CASE("report: grouped keeps the sign of negatives outside the digit groups", "[io][report]") {
  CHECK(grouped(-1234567.891, 2) == "-1,234,567.89");
  CHECK(grouped(-100, 0) == "-100");  // no comma after the sign
  CHECK(grouped(-100000, 0) == "-100,000");
  CHECK(grouped(-1000, 0) == "-1,000");
  // A negative that rounds to zero reads as zero, not "-0".
  CHECK(grouped(-0.4, 0) == "0");
  CHECK(grouped(-0.001, 2) == "0.00");
  CHECK(grouped(-0.0, 1) == "0.0");
  CHECK(grouped(-0.06, 1) == "-0.1");
}

TEST_CASE("report: undefined values read n/a in every number format", "[io][report]") {
  CHECK(grouped(kNaN, 2) == "n/a");
  CHECK(grouped(kInf, 0) == "n/a");
  CHECK(grouped(-kInf, 0) == "n/a");
  CHECK(count_text(kNaN) == "n/a");
  CHECK(thb_text(kNaN) == "n/a");
  CHECK(m_thb_text(kNaN) == "n/a");
  CHECK(probability_text(kNaN) == "n/a");
  CHECK(plain_number_text(kNaN) == "n/a");
  CHECK(plain_number_text(kInf) == "n/a");
}

TEST_CASE("report: counts grouped, money in M THB to three significant digits, halves away from zero",
          "[io][report]") {
  CHECK(count_text(9055) == "9,055");
  CHECK(count_text(9054.5001) == "9,055");
  CHECK(count_text(12.4) == "12");
  // The median of an even number of replications is often a half: one rule everywhere, so
  // the console (with_thousands) and the report show the same number.
  CHECK(count_text(9654.5) == "9,655");
  CHECK(count_text(-2.5) == "-3");
  CHECK(grouped(0.125, 2) == "0.13");
  // A director reads M THB, never nine digits of baht; under 1 M THB, whole baht.
  CHECK(thb_text(452912345) == "453 M THB");
  CHECK(thb_text(19500000) == "19.5 M THB");
  CHECK(thb_text(5720000) == "5.72 M THB");
  CHECK(thb_text(1234567890123) == "1,234,568 M THB");
  CHECK(thb_text(999999) == "999,999 THB");
  CHECK(thb_text(999999.6) == "1.00 M THB");
  CHECK(thb_text(-2500000) == "-2.50 M THB");
  CHECK(thb_text(31824.4) == "31,824 THB");
  CHECK(thb_text(0) == "0 THB");
  CHECK(money_text(99960000) == "100 M THB");
  CHECK(m_thb_text(452912345) == "452.9 M THB");
  CHECK(m_thb_text(309000000) == "309.0 M THB");
  CHECK(m_thb_text(1234567890123) == "1,234,567.9 M THB");
  CHECK(m_thb_text(-30000000) == "-30.0 M THB");
  CHECK(m_thb_text(40000) == "0.0 M THB");
}

TEST_CASE("report: probabilities have two places, three near 0 and 1 so they do not read as certain",
          "[io][report]") {
  CHECK(probability_text(0.834) == "0.83");
  CHECK(probability_text(0.5) == "0.50");
  CHECK(probability_text(0) == "0.00");
  CHECK(probability_text(1) == "1.00");
  CHECK(probability_text(0.01) == "0.01");
  CHECK(probability_text(0.99) == "0.99");
  // Two places would print these as 0.00 / 1.00, claiming certainty the estimate lacks.
  CHECK(probability_text(0.004) == "0.004");
  CHECK(probability_text(0.0123) == "0.01");
  CHECK(probability_text(0.996) == "0.996");
  CHECK(probability_text(0.9876) == "0.99");
  for (const double p : {0.001, 0.003, 0.005, 0.009, 0.991, 0.995, 0.999}) {
    INFO(p);
    const std::string text = probability_text(p);
    CHECK(text != "0.00");
    CHECK(text != "1.00");
    CHECK(text.size() == 5);  // "0.ddd"
  }
  // Even three places would round these to a certainty.
  CHECK(probability_text(0.0003) == "< 0.001");
  CHECK(probability_text(0.9997) == "> 0.999");
}

TEST_CASE("report: plain numbers are exact, grouped and never in exponent form when large", "[io][report]") {
  CHECK(plain_number_text(1e8) == "100,000,000");
  CHECK(plain_number_text(20000000) == "20,000,000");
  CHECK(plain_number_text(0.05) == "0.05");
  CHECK(plain_number_text(1.5) == "1.5");
  CHECK(plain_number_text(12) == "12");
  CHECK(plain_number_text(0) == "0");
  CHECK(plain_number_text(-1234.5) == "-1,234.5");
  CHECK(plain_number_text(0.1 + 0.2) == "0.30000000000000004");  // exact: the shortest round trip
  CHECK(plain_number_text(328515625) == "328,515,625");
  // Beyond 1e15 the file format switches to exponents; people still read digits.
  const std::string big = plain_number_text(1e20);
  CHECK(big == "100,000,000,000,000,000,000");
  CHECK(big.find('e') == std::string::npos);
}
