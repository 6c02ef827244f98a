// The writers of results over one small hand-made table (google/benchmark's
// test/output_test.h style: the exact output each writer must give): the console writer's and
// the CSV writer's text, the document writer's files, and the Excel writer's workbook read back
// with openpyxl (python3-openpyxl), cell by cell, with its number formats, frozen header rows
// and README sheet.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/console_writer.hpp"
#include "io/csv_table_writer.hpp"
#include "io/document_writer.hpp"
#include "io/results_writer.hpp"
#include "io/xlsx_table_writer.hpp"
#include "smesim/error.hpp"
#include "smesim/io/result_table.hpp"
#include "support/experiment_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using namespace smesim::detail;
using nlohmann::json;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two agencies, one with a Thai name holding a comma and quotes; a per-row value column whose
// rows are a count and money; an interval of probabilities; an undefined statistic.
ResultTable hand_made_table() {
  ResultTable t("agencies", "Each agency's SMEs developed and cost reduction.");
  t.column("agency", Quantity::text).column("kpi", Quantity::text).column("value", Quantity::per_row);
  t.column("replications", Quantity::integer);
  t.column("p_met", Quantity::probability)
      .column("p_met_ci95_lo", Quantity::probability, IntervalEnd::lo)
      .column("p_met_ci95_hi", Quantity::probability, IntervalEnd::hi);
  t.column("budget_thb", Quantity::money_thb).column("agency_name", Quantity::text);
  t.cell("DIP").cell("developed").cell(1234.5).cell(200).cell(0.25).cell(0.2).cell(0.3).cell(309000000.25);
  t.cell("กรมส่งเสริมอุตสาหกรรม, \"DIP\"").end_row(Quantity::count);
  t.cell("B").cell("cost_reduction_thb").cell(2.5e6).cell(200).cell(kNaN).cell(kNaN).cell(kNaN).cell(999.5);
  t.empty_cell().end_row(Quantity::money_thb);
  return t;
}

// Writes each file into a folder as it comes, and keeps the console text and the files' order.
class TestDestination final : public ResultsDestination {
 public:
  explicit TestDestination(fs::path folder) : folder_(std::move(folder)) {}
  void file(const std::string& name, const std::function<void(const fs::path&)>& write) override {
    names.push_back(name);
    write(folder_ / name);
  }
  void console(const std::string& text) override { console_text += text; }

  std::vector<std::string> names;
  std::string console_text;

 private:
  fs::path folder_;
};

StudyResults results_of(ResultTable table) {
  StudyResults results;
  results.context = {"smesim run: test", {{"Scenario", "osmep-2015"}, {"Seed", "7"}}};
  results.tables.push_back(std::move(table));
  return results;
}

const char* const kExpectedCsv =
    "agency,kpi,value,replications,p_met,p_met_ci95_lo,p_met_ci95_hi,budget_thb,agency_name\n"
    "DIP,developed,1234.5,200,0.25,0.2,0.3,309000000.25,\"กรมส่งเสริมอุตสาหกรรม, \"\"DIP\"\"\"\n"
    "B,cost_reduction_thb,2500000,200,nan,nan,nan,999.5,\n";

// Every sheet of a workbook as openpyxl reads it: per sheet its rows of [value, number
// format] (values as JSON: numbers, strings or null), its frozen cell and column widths.
json read_workbook(const fs::path& path) {
  const std::string script = R"PY(
import json, sys, openpyxl
from openpyxl.utils import get_column_letter
book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": book.sheetnames}
for ws in book.worksheets:
    rows = [[[c.value, c.number_format] for c in row] for row in ws.iter_rows()]
    widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(ws.max_column)]
    out[ws.title] = {"rows": rows, "freeze": ws.freeze_panes, "widths": widths}
print(json.dumps(out))
)PY";
  const fs::path script_file = path.parent_path() / "read_workbook.py";
  std::ofstream(script_file) << script;
  const auto result =
      test::run_command(fmt::format("/usr/bin/python3 '{}' '{}'", script_file.string(), path.string()));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

}  // namespace

TEST_CASE("the CSV writer writes a table's cells in the one CSV number format", "[io][tables]") {
  CHECK(table_csv(hand_made_table()) == kExpectedCsv);
  // The same table through the writer interface: agencies.csv, nothing else.
  const std::string folder = test::make_temp_dir("csv-writer");
  TestDestination destination(folder);
  CsvTableWriter().write(results_of(hand_made_table()), destination);
  CHECK(destination.names == std::vector<std::string>{"agencies.csv"});
  CHECK(destination.console_text.empty());
  CHECK(test::read_text(fs::path(folder) / "agencies.csv") == kExpectedCsv);
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  fs::remove_all(folder);
}

TEST_CASE("a value as written is a number when the CSV would write it so, else text", "[io][tables]") {
  ResultTable t("v", "values");
  t.column("value", Quantity::number);
  for (const char* text : {"250000000", "0.35", "*1.2", "2.5e8", "broad", "1e+16"})
    t.cell_as_written(text).end_row();
  CHECK(std::get<double>(t.at(0, 0)) == 250000000.0);
  CHECK(std::get<double>(t.at(1, 0)) == 0.35);
  CHECK(std::get<std::string>(t.at(2, 0)) == "*1.2");
  CHECK(std::get<std::string>(t.at(3, 0)) == "2.5e8");  // the CSV keeps what the file said
  CHECK(std::get<std::string>(t.at(4, 0)) == "broad");
  CHECK(std::get<double>(t.at(5, 0)) == 1e16);
  CHECK(table_csv(t) == "value\n250000000\n0.35\n*1.2\n2.5e8\nbroad\n1e+16\n");
}

TEST_CASE("quantities of output names and sheet names", "[io][tables]") {
  CHECK(quantity_of("cost_reduction_thb") == Quantity::money_thb);
  CHECK(quantity_of("thb_per_developed") == Quantity::money_thb);
  CHECK(quantity_of("developed") == Quantity::count);
  CHECK(quantity_of("p_met_all") == Quantity::probability);
  CHECK(quantity_of("cost_reduction_per_thb_spent") == Quantity::number);
  CHECK(sheet_name("agencies_long") == "agencies_long");
  CHECK(sheet_name("a/b[1]:c*d?e\\f") == "a_b_1__c_d_e_f");
  CHECK(sheet_name(std::string(40, 'x')).size() == 31);
  // A cut never splits a character: 11 Thai characters of 3 bytes are 33 bytes, cut to 30.
  CHECK(sheet_name("กกกกกกกกกกก") == "กกกกกกกกกก");
}

TEST_CASE("the Excel writer keeps numbers as numbers, in THB and percent formats, under frozen headers",
          "[io][tables][xlsx]") {
  const std::string folder = test::make_temp_dir("xlsx-writer");
  TestDestination destination(folder);
  XlsxTableWriter().write(results_of(hand_made_table()), destination);
  CHECK(destination.names == std::vector<std::string>{kWorkbookName});
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  const json book = read_workbook(fs::path(folder) / kWorkbookName);
  CHECK(book.at("sheets") == json::array({"README", "agencies"}));

  const json& sheet = book.at("agencies");
  CHECK(sheet.at("freeze") == "A3");
  const json& rows = sheet.at("rows");
  REQUIRE(rows.size() == 4);
  // Row 1: the CSV's header; row 2: units.
  const std::vector<std::string> header{"agency",        "kpi",        "value",
                                        "replications",  "p_met",      "p_met_ci95_lo",
                                        "p_met_ci95_hi", "budget_thb", "agency_name"};
  for (std::size_t c = 0; c < header.size(); ++c) CHECK(rows[0][c][0] == header[c]);
  CHECK(rows[1][2][0] == "by row");
  CHECK(rows[1][4][0] == "%");
  CHECK(rows[1][5][0] == "%, 95% CI low");
  CHECK(rows[1][7][0] == "THB");
  CHECK(rows[1][0][0].is_null());

  const json& dip = rows[2];
  CHECK(dip[0][0] == "DIP");
  CHECK(dip[2][0] == 1234.5);
  CHECK(dip[2][1] == "#,##0");  // a count row
  CHECK(dip[3][0] == 200);
  CHECK(dip[3][1] == "0");
  CHECK(dip[4][0] == 0.25);
  CHECK(dip[4][1] == "0.0%");
  CHECK(dip[7][0] == 309000000.25);  // the baht, to the satang
  CHECK(dip[7][1].get<std::string>().find("M THB") != std::string::npos);
  CHECK(dip[8][0] == "กรมส่งเสริมอุตสาหกรรม, \"DIP\"");

  const json& b = rows[3];
  CHECK(b[2][0] == 2.5e6);
  CHECK(b[2][1].get<std::string>().find("THB") != std::string::npos);  // a money row
  for (std::size_t c = 4; c <= 6; ++c) CHECK(b[c][0].is_null());       // nan: empty
  CHECK(b[7][0] == 999.5);
  CHECK((b.size() < 9 || b[8][0].is_null()));
  // Columns fit their contents, counted in characters: the Thai name is wider than its header.
  const json& widths = sheet.at("widths");
  const std::string thai = dip[8][0].get<std::string>();
  const auto characters = std::count_if(
      thai.begin(), thai.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; });
  CHECK(widths[8].get<double>() >= static_cast<double>(characters));
  CHECK(widths[8].get<double>() < static_cast<double>(thai.size()));  // not its bytes
  CHECK(widths[6].get<double>() >= static_cast<double>(std::string("p_met_ci95_hi").size()));

  const json& readme = book.at("README").at("rows");
  CHECK(readme[0][0][0] == "smesim run: test");
  CHECK(readme[1][0][0] == "Scenario");
  CHECK(readme[1][1][0] == "osmep-2015");
  bool listed = false;
  for (const json& row : readme)
    if (row[0][0] == "agencies") {
      listed = true;
      CHECK(row[1][0] == "Each agency's SMEs developed and cost reduction.");
      CHECK(row[2][0] == "agencies.csv");
    }
  CHECK(listed);
  fs::remove_all(folder);
}

TEST_CASE("a workbook that cannot be written is an OutputError", "[io][tables][xlsx]") {
  const std::string folder = test::make_temp_dir("xlsx-missing");
  TestDestination destination(fs::path(folder) / "no-such-folder");
  CHECK_THROWS_AS(XlsxTableWriter().write(results_of(hand_made_table()), destination), OutputError);
  CHECK(fs::is_empty(folder));
  fs::remove_all(folder);
}

TEST_CASE("the console writer lays a table out in columns, numbers as the report writes them",
          "[io][tables][console]") {
  // Counts whole with separators, money as a director reads it, probabilities as the report
  // does, an interval as one column, n/a for an undefined value; Thai vowel and tone marks take
  // no column of their own, so the Thai name lines up.
  const char* const expected =
      "Each agency's SMEs developed and cost reduction.\n"
      "agency  kpi                      value  replications  p_met  p_met_ci95_lo  budget_thb  agency_name\n"
      "DIP     developed                1,235           200   0.25   0.20 to 0.30   309 M THB  "
      "กรมส่งเสริมอุตสาหกรรม, \"DIP\"\n"
      "B       cost_reduction_thb  2.50 M THB           200    n/a            n/a   1,000 THB\n";
  CHECK(console_table_text(hand_made_table()) == expected);

  StudyResults results = results_of(hand_made_table());
  ResultTable captioned("c", "Two values:");
  captioned.column("x", Quantity::number).column("share", Quantity::probability);
  captioned.cell(0.123456).cell(0.0004).end_row();
  captioned.cell(-1234567.0).cell(0.9996).end_row();
  results.console.emplace_back("smesim run: test");
  results.console.emplace_back(std::move(captioned));
  results.console.emplace_back("A note\nof two lines\n");
  const test::TempFolder folder("console-writer");
  TestDestination destination(folder.path);
  ConsoleWriter().write(results, destination);
  CHECK(destination.names.empty());  // the console writer writes no file
  CHECK(destination.console_text ==
        "smesim run: test\n"
        "\n"
        "Two values:\n"
        "         x    share\n"
        "     0.123  < 0.001\n"
        "-1,234,567  > 0.999\n"
        "\n"
        "A note\n"
        "of two lines\n");
}

TEST_CASE("display widths and wrapping count characters, not bytes", "[io][console]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("ส่งเสริม") == 6);  // two of its eight characters are marks
  CHECK(display_width("é") == 1);
  CHECK(wrapped("aaa bbb ccc", 7) == "aaa bbb\nccc\n");
  CHECK(wrapped("ส่งเสริม ส่งเสริม", 13) == "ส่งเสริม ส่งเสริม\n");  // 13 columns, 49 bytes
}

TEST_CASE("the document writer writes JSON in the one layout, then the text files as given", "[io][tables]") {
  StudyResults results;
  results.documents.push_back({"summary.json", {{"b", 1}, {"a", {1.5, nullptr}}}});
  results.documents.push_back({"variants/x/summary.json", {{"empty", nlohmann::ordered_json::object()}}});
  results.texts.push_back({"best_scenario.yaml", "name: x\n"});
  const fs::path folder = test::make_temp_dir("document-writer");
  fs::create_directories(folder / "variants/x");
  TestDestination destination(folder);
  DocumentWriter().write(results, destination);
  CHECK(destination.names ==
        std::vector<std::string>{"summary.json", "variants/x/summary.json", "best_scenario.yaml"});
  CHECK(test::read_text(folder / "summary.json") ==
        "{\n  \"b\": 1,\n  \"a\": [\n    1.5,\n    null\n  ]\n}\n");
  CHECK(test::read_text(folder / "variants/x/summary.json") == "{\n  \"empty\": {}\n}\n");
  CHECK(test::read_text(folder / "best_scenario.yaml") == "name: x\n");
  fs::remove_all(folder);
}
