#include "io/xlsx_table_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "io/outputs.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

namespace fs = std::filesystem;

// Excel's limits (the workbook specification's "Excel specifications and limits").
constexpr std::size_t kMaxSheetRows = 1048576;
constexpr std::size_t kMaxSheetName = 31;
constexpr std::size_t kMaxCellBytes = 32767;
// Rows above a table's first data row: the column names, then their units.
constexpr lxw_row_t kHeaderRows = 2;
constexpr double kMinWidth = 6, kMaxWidth = 60;
constexpr time_t kCreated = 946684800;  // 2000-01-01T00:00:00Z

constexpr std::array kQuantities{Quantity::text,      Quantity::integer,     Quantity::count,
                                 Quantity::money_thb, Quantity::probability, Quantity::index,
                                 Quantity::number};

// Excel number formats. Money holds baht; the format shows millions as "M THB" (the two
// commas divide by a million) and smaller amounts in whole baht, both signs.
const char* number_format(Quantity q) {
  switch (q) {
    case Quantity::integer:
      return "0";
    case Quantity::count:
      return "#,##0";
    case Quantity::money_thb:
      return R"([>=1000000]#,##0.0,," M THB";[<=-1000000]-#,##0.0,," M THB";#,##0" THB")";
    case Quantity::probability:
      return "0.0%";
    case Quantity::index:
      return "0.000";
    case Quantity::text:
    case Quantity::number:
    case Quantity::per_row:
      break;
  }
  return "General";
}

const char* unit_text(const TableColumn& column) {
  switch (column.quantity) {
    case Quantity::count:
      return "SMEs";
    case Quantity::money_thb:
      return "THB";
    case Quantity::probability:
      return "%";
    case Quantity::per_row:
      return "by row";
    case Quantity::text:
    case Quantity::integer:
    case Quantity::index:
    case Quantity::number:
      break;
  }
  return "";
}

std::string interval_text(const TableColumn& column) {
  switch (column.interval) {
    case IntervalEnd::lo:
      return "95% CI low";
    case IntervalEnd::hi:
      return "95% CI high";
    case IntervalEnd::none:
      break;
  }
  return "";
}

std::string units_cell(const TableColumn& column) {
  const std::string unit = unit_text(column), interval = interval_text(column);
  if (unit.empty() || interval.empty()) return unit + interval;
  return fmt::format("{}, {}", unit, interval);
}

// UTF-8 text cut to Excel's cell limit at a character boundary.
std::string cell_text(const std::string& text) {
  if (text.size() <= kMaxCellBytes) return text;
  std::size_t end = kMaxCellBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Characters of UTF-8 text: a column's width is counted in characters.
double characters(const std::string& text) {
  double n = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// About how many characters a number takes as its format shows it.
double shown_width(double value, Quantity q) {
  if (!std::isfinite(value)) return 4;
  switch (q) {
    case Quantity::money_thb:
      return std::fabs(value) >= 1e6 ? characters(fmt::format("{:.1f} M THB", value / 1e6)) + 2
                                     : characters(fmt::format("{:.0f} THB", value)) + 2;
    case Quantity::probability:
    case Quantity::index:
      return 7;
    case Quantity::count:
    case Quantity::integer:
      return characters(fmt::format("{:.0f}", value)) * 4 / 3 + 1;
    case Quantity::text:
    case Quantity::number:
    case Quantity::per_row:
      break;
  }
  return std::min(12.0, characters(fmt::format("{}", value)));
}

class Workbook {
 public:
  explicit Workbook(const fs::path& path) : path_(path), book_(workbook_new(path.string().c_str())) {
    if (book_ == nullptr) throw OutputError(fmt::format("cannot create {}", path.string()));
    // A fixed creation date (libxlsxwriter would take the clock's), so that the same results
    // give the same bytes, as their CSV files do, and a resumed study's workbook is the
    // uninterrupted one's; manifest.json records when the results were made.
    lxw_doc_properties properties{};
    properties.created = kCreated;
    workbook_set_properties(book_, &properties);
    for (const Quantity q : kQuantities) {
      lxw_format* format = workbook_add_format(book_);
      format_set_num_format(format, number_format(q));
      formats_[q] = format;
    }
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    units_ = workbook_add_format(book_);
    format_set_italic(units_);
    format_set_font_color(units_, 0x595959);
    wrapped_ = workbook_add_format(book_);
    format_set_text_wrap(wrapped_);
    format_set_align(wrapped_, LXW_ALIGN_VERTICAL_TOP);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (book_ != nullptr) workbook_close(book_);  // only after an error: close() clears it
  }

  lxw_worksheet* add_sheet(const std::string& name) {
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name.c_str());
    if (sheet == nullptr) throw OutputError(fmt::format("cannot add sheet `{}` to {}", name, path_.string()));
    return sheet;
  }
  [[nodiscard]] lxw_format* format(Quantity q) const {
    return formats_.at(q == Quantity::per_row ? Quantity::number : q);
  }
  [[nodiscard]] lxw_format* bold() const { return bold_; }
  [[nodiscard]] lxw_format* units() const { return units_; }
  [[nodiscard]] lxw_format* wrapped() const { return wrapped_; }

  void check(lxw_error error) {
    if (error != LXW_NO_ERROR && first_error_ == LXW_NO_ERROR) first_error_ = error;
  }
  void close() {
    lxw_workbook* book = std::exchange(book_, nullptr);
    const lxw_error closing = workbook_close(book);
    const lxw_error error = first_error_ != LXW_NO_ERROR ? first_error_ : closing;
    if (error != LXW_NO_ERROR)
      throw OutputError(fmt::format("cannot write {}: {}", path_.string(), lxw_strerror(error)));
  }

 private:
  fs::path path_;
  lxw_workbook* book_;
  std::map<Quantity, lxw_format*> formats_;
  lxw_format* bold_ = nullptr;
  lxw_format* units_ = nullptr;
  lxw_format* wrapped_ = nullptr;
  lxw_error first_error_ = LXW_NO_ERROR;
};

std::string unique_sheet_name(const std::string& table, std::set<std::string>& used) {
  const std::string base = sheet_name(table);
  std::string name = base;
  for (int n = 2; used.count(name) != 0; ++n) {
    const std::string suffix = fmt::format("~{}", n);
    name = base.substr(0, kMaxSheetName - suffix.size()) + suffix;
  }
  used.insert(name);
  return name;
}

// Rows of `table` that fit on a sheet under its two header rows.
std::size_t shown_rows(const ResultTable& table) {
  return std::min(table.rows(), kMaxSheetRows - kHeaderRows);
}

void write_cell(Workbook& book, lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const TableCell& cell,
                Quantity q, double& width) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    book.check(worksheet_write_string(sheet, row, col, cell_text(*text).c_str(), nullptr));
    width = std::max(width, characters(*text) + 1);
    return;
  }
  double value = 0;
  if (const auto* whole = std::get_if<long long>(&cell))
    value = static_cast<double>(*whole);
  else if (const auto* number = std::get_if<double>(&cell))
    value = *number;
  else
    return;  // an empty cell
  // Excel holds no NaN or infinity: an undefined statistic (nan in the CSV) is an empty cell,
  // an infinite one the text the CSV has.
  if (std::isnan(value)) return;
  if (std::isinf(value)) {
    book.check(worksheet_write_string(sheet, row, col, value > 0 ? "inf" : "-inf", nullptr));
    return;
  }
  book.check(worksheet_write_number(sheet, row, col, value, book.format(q)));
  width = std::max(width, shown_width(value, q));
}

void write_table_sheet(Workbook& book, const std::string& name, const ResultTable& table) {
  lxw_worksheet* sheet = book.add_sheet(name);
  const auto& columns = table.columns();
  std::vector<double> widths(columns.size(), kMinWidth);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    book.check(worksheet_write_string(sheet, 0, col, columns[c].name.c_str(), book.bold()));
    const std::string units = units_cell(columns[c]);
    if (!units.empty()) book.check(worksheet_write_string(sheet, 1, col, units.c_str(), book.units()));
    widths[c] = std::max({widths[c], characters(columns[c].name) + 2, characters(units) + 1});
  }
  const std::size_t rows = shown_rows(table);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns.size(); ++c)
      write_cell(book, sheet, static_cast<lxw_row_t>(r + kHeaderRows), static_cast<lxw_col_t>(c),
                 table.at(r, c), table.quantity_at(r, c), widths[c]);
  for (std::size_t c = 0; c < columns.size(); ++c)
    book.check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                    std::min(widths[c], kMaxWidth), nullptr));
  worksheet_freeze_panes(sheet, kHeaderRows, 0);
}

void write_readme(Workbook& book, const ResultsContext& context, std::span<const ResultTable> tables,
                  const std::vector<std::string>& sheets) {
  lxw_worksheet* sheet = book.add_sheet("README");
  lxw_row_t row = 0;
  book.check(worksheet_write_string(sheet, row++, 0, context.title.c_str(), book.bold()));
  for (const auto& [label, value] : context.facts) {
    book.check(worksheet_write_string(sheet, row, 0, label.c_str(), nullptr));
    book.check(worksheet_write_string(sheet, row++, 1, cell_text(value).c_str(), book.wrapped()));
  }
  ++row;
  book.check(worksheet_write_string(sheet, row, 0, "Sheet", book.bold()));
  book.check(worksheet_write_string(sheet, row, 1, "What it holds", book.bold()));
  book.check(worksheet_write_string(sheet, row++, 2, "Same as", book.bold()));
  for (std::size_t t = 0; t < tables.size(); ++t) {
    std::string what = tables[t].description();
    if (shown_rows(tables[t]) < tables[t].rows())
      what += fmt::format(" Only the first {} of its {} rows fit on a sheet; the CSV file has them all.",
                          shown_rows(tables[t]), tables[t].rows());
    book.check(worksheet_write_string(sheet, row, 0, sheets[t].c_str(), nullptr));
    book.check(worksheet_write_string(sheet, row, 1, cell_text(what).c_str(), book.wrapped()));
    book.check(worksheet_write_string(sheet, row++, 2, (tables[t].name() + ".csv").c_str(), nullptr));
  }
  ++row;
  for (const char* note :
       {"Each sheet has the column names of its CSV file in its first row and their units in the second.",
        "Money is in baht (THB); amounts from a million up are shown in M THB, the cell holds the baht.",
        "Probabilities are shown as percentages; the cell holds the probability (0 to 1).",
        "An empty number cell is a statistic that is not defined (nan in the CSV file)."}) {
    book.check(worksheet_write_string(sheet, row++, 0, note, nullptr));
  }
  book.check(worksheet_set_column(sheet, 0, 0, 24, nullptr));
  book.check(worksheet_set_column(sheet, 1, 1, 90, nullptr));
  book.check(worksheet_set_column(sheet, 2, 2, 26, nullptr));
}

}  // namespace

std::string sheet_name(const std::string& table_name) {
  std::string name;
  for (const char c : table_name)
    name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  if (name.size() <= kMaxSheetName) return name;
  std::size_t end = kMaxSheetName;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return name.substr(0, end);
}

void XlsxTableWriter::write(const StudyResults& results, ResultsDestination& destination) {
  destination.file(kWorkbookName, [&results](const fs::path& path) {
    const std::span<const ResultTable> tables = results.tables;
    Workbook book(path);
    std::set<std::string> used{"README"};
    std::vector<std::string> sheets;
    for (const ResultTable& table : tables) sheets.push_back(unique_sheet_name(table.name(), used));
    write_readme(book, results.context, tables, sheets);
    for (std::size_t t = 0; t < tables.size(); ++t) write_table_sheet(book, sheets[t], tables[t]);
    book.close();
  });
}

}  // namespace smesim::detail
