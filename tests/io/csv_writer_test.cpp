// The CSV writer: RFC 4180 quoting and one number format, compared byte for byte.

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "io/csv_writer.hpp"

using smesim::detail::CsvWriter;
using smesim::detail::format_csv_number;

TEST_CASE("CsvWriter: golden output of a small table", "[io]") {
  std::ostringstream out;
  CsvWriter w(out);
  w.cell("name").cell("count").cell("value").cell("note").end_row();
  w.cell("plain").cell(3).cell(2.5).cell("").end_row();
  w.cell("a,b").cell(-7LL).cell(0.1).cell("say \"hi\"").end_row();
  w.cell("two\nlines").cell(12u).cell(1.0 / 3.0).cell("cr\rhere").end_row();
  w.cell(" spaced ").cell(0).cell(std::numeric_limits<double>::quiet_NaN()).cell("\"").end_row();
  w.cell("ints").cell(1e6).cell(-42.0).cell(123456789012345.0).end_row();
  w.cell("tiny").cell(1e-7).cell(6.02214076e23).cell(-0.75).end_row();

  const std::string golden =
      "name,count,value,note\n"
      "plain,3,2.5,\n"
      "\"a,b\",-7,0.1,\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",12,0.3333333333333333,\"cr\rhere\"\n"
      " spaced ,0,nan,\"\"\"\"\n"
      "ints,1000000,-42,123456789012345\n"
      "tiny,1e-07,6.02214076e+23,-0.75\n";
  CHECK(out.str() == golden);
}

TEST_CASE("CsvWriter: quoting only when needed, quotes doubled", "[io]") {
  auto one = [](std::string_view text) {
    std::ostringstream out;
    CsvWriter w(out);
    w.cell(text).end_row();
    return out.str();
  };
  CHECK(one("abc") == "abc\n");
  CHECK(one("") == "\n");
  CHECK(one("x,y") == "\"x,y\"\n");
  CHECK(one("\"\"") == "\"\"\"\"\"\"\n");
  CHECK(one("a\r\nb") == "\"a\r\nb\"\n");
  CHECK(one("it's; fine") == "it's; fine\n");  // ; and ' are not special in RFC 4180
}

TEST_CASE("CsvWriter: a row starts fresh after end_row", "[io]") {
  std::ostringstream out;
  CsvWriter w(out);
  w.cell("a").end_row();
  w.end_row();  // an empty row
  w.cell(1).cell(2).end_row();
  CHECK(out.str() == "a\n\n1,2\n");
}

TEST_CASE("format_csv_number: integers plain, other doubles shortest round-trip, nan", "[io]") {
  CHECK(format_csv_number(0.0) == "0");
  CHECK(format_csv_number(-0.0) == "0");
  CHECK(format_csv_number(17.0) == "17");
  CHECK(format_csv_number(-3.0) == "-3");
  CHECK(format_csv_number(999999999999999.0) == "999999999999999");
  CHECK(format_csv_number(0.1) == "0.1");
  CHECK(format_csv_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_csv_number(2.5) == "2.5");
  CHECK(format_csv_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(format_csv_number(-std::numeric_limits<double>::quiet_NaN()) == "nan");

  // Every value reads back as exactly the same double (the exact strings above show it is
  // the shortest such text, not 17 digits).
  for (const double v : {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-7, 6.02214076e23, 123.456, -9.87654321e-300,
                         std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(), 1e15,
                         1e15 + 0.5, 4503599627370497.0}) {
    const std::string text = format_csv_number(v);
    INFO(text);
    CHECK(std::strtod(text.c_str(), nullptr) == v);
    CHECK(text.find(' ') == std::string::npos);
    CHECK(text.find(',') == std::string::npos);
  }
}
