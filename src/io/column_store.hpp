#pragma once
// Per-replication numbers stored by column so that statistics can read one column at a time
// (issue 9 item 5): a forecast of a million replications keeps its exact quantiles without
// holding a million rows. Rows are buffered a block at a time; full blocks go to a scratch
// file, each block stored column-major, so reading a column is one contiguous read per block.
// Written by hand: no Debian package offers an append-rows, read-columns spill file (a
// database or Arrow would be a dependency far larger than these hundred lines).

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace smesim::detail {

class ColumnStore {
 public:
  /// @param columns  values per row
  /// @param scratch_file  where full blocks go: created when the first block fills (and then
  ///   it must not exist yet: nothing is overwritten), removed by the destructor
  /// @param block_bytes  the in-memory block: rows are buffered until it is full
  ColumnStore(std::size_t columns, std::filesystem::path scratch_file, std::size_t block_bytes = 8u << 20);
  ColumnStore(const ColumnStore&) = delete;
  ColumnStore& operator=(const ColumnStore&) = delete;
  ~ColumnStore();

  /// @pre row.size() == columns().
  /// @throws OutputError when a full block cannot be written (or the file existed already)
  void append(std::span<const double> row);
  /// Column `column` of every row appended, in order, into `values` (replacing its contents).
  /// @throws OutputError when the scratch file cannot be read
  void read_column(std::size_t column, std::vector<double>& values) const;

  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] std::size_t rows() const { return spilled_rows_ + buffered_rows_; }
  [[nodiscard]] std::size_t block_rows() const { return block_rows_; }

 private:
  void spill_block();

  std::size_t columns_;
  std::filesystem::path path_;
  std::size_t block_rows_;
  std::vector<double> block_;  // column-major: block_[column * block_rows_ + row]
  std::size_t buffered_rows_ = 0;
  std::size_t spilled_rows_ = 0;
  int fd_ = -1;
};

}  // namespace smesim::detail
