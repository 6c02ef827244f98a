#include "smesim/io/result_table.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "io/csv_writer.hpp"
#include "smesim/error.hpp"

namespace smesim {

ResultTable::ResultTable(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {}

ResultTable& ResultTable::column(std::string name, Quantity quantity, IntervalEnd interval) {
  SMESIM_ASSERT(cells_.empty() && row_cells_ == 0);
  columns_.push_back({std::move(name), quantity, interval});
  return *this;
}

ResultTable& ResultTable::cell(std::string_view text) {
  SMESIM_ASSERT(row_cells_ < columns_.size());
  cells_.emplace_back(std::string(text));
  ++row_cells_;
  return *this;
}

ResultTable& ResultTable::cell(double value) {
  SMESIM_ASSERT(row_cells_ < columns_.size());
  cells_.emplace_back(value);
  ++row_cells_;
  return *this;
}

ResultTable& ResultTable::cell(long long value) {
  SMESIM_ASSERT(row_cells_ < columns_.size());
  cells_.emplace_back(value);
  ++row_cells_;
  return *this;
}

ResultTable& ResultTable::empty_cell() {
  SMESIM_ASSERT(row_cells_ < columns_.size());
  cells_.emplace_back(std::monostate{});
  ++row_cells_;
  return *this;
}

ResultTable& ResultTable::cell_as_written(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size() && detail::format_csv_number(value) == text)
    return cell(value);
  return cell(text);
}

void ResultTable::end_row(Quantity per_row) {
  SMESIM_ASSERT(row_cells_ == columns_.size());
  SMESIM_ASSERT(per_row != Quantity::per_row);
  row_quantities_.push_back(per_row);
  row_cells_ = 0;
}

const TableCell& ResultTable::at(std::size_t row, std::size_t column) const {
  SMESIM_ASSERT(row < rows() && column < columns_.size());
  return cells_[row * columns_.size() + column];
}

Quantity ResultTable::quantity_at(std::size_t row, std::size_t column) const {
  const Quantity q = columns_.at(column).quantity;
  return q == Quantity::per_row ? row_quantities_.at(row) : q;
}

Quantity quantity_of(std::string_view name) {
  if (name.ends_with("_thb") || name.starts_with("thb_per_")) return Quantity::money_thb;
  if (name == "probability_met" || name.starts_with("p_met")) return Quantity::probability;
  static constexpr std::array<std::string_view, 9> kCounts{"developed", "expanded",     "expanded_firms",
                                                           "active",    "active_end",   "mentored",
                                                           "adopters",  "adopters_end", "jp_members"};
  for (const std::string_view count : kCounts)
    if (name == count) return Quantity::count;
  return Quantity::number;
}

}  // namespace smesim
