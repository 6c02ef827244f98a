#include "io/column_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

std::string os_error() { return errno != 0 ? std::strerror(errno) : "write failed (disk full?)"; }

}  // namespace

ColumnStore::ColumnStore(std::size_t columns, std::filesystem::path scratch_file, std::size_t block_bytes)
    : columns_(std::max<std::size_t>(1, columns)),
      path_(std::move(scratch_file)),
      block_rows_(std::max<std::size_t>(1, block_bytes / (sizeof(double) * columns_))),
      block_(columns_ * block_rows_) {}

ColumnStore::~ColumnStore() {
  if (fd_ < 0) return;
  ::close(fd_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void ColumnStore::append(std::span<const double> row) {
  SMESIM_ASSERT(row.size() == columns_);
  for (std::size_t j = 0; j < columns_; ++j) block_[j * block_rows_ + buffered_rows_] = row[j];
  if (++buffered_rows_ == block_rows_) spill_block();
}

void ColumnStore::spill_block() {
  if (fd_ < 0) {
    // O_EXCL: the scratch file is smesim's own, never something that was there before.
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) throw OutputError(fmt::format("cannot create {}: {}", path_.string(), std::strerror(errno)));
  }
  const auto* bytes = reinterpret_cast<const char*>(block_.data());
  std::size_t left = block_.size() * sizeof(double);
  auto offset = static_cast<off_t>(spilled_rows_ * columns_ * sizeof(double));
  while (left > 0) {
    errno = 0;
    const ssize_t wrote = ::pwrite(fd_, bytes, left, offset);
    if (wrote <= 0) {
      if (wrote < 0 && errno == EINTR) continue;
      throw OutputError(fmt::format("cannot write {}: {}", path_.string(), os_error()));
    }
    bytes += wrote;
    left -= static_cast<std::size_t>(wrote);
    offset += wrote;
  }
  spilled_rows_ += buffered_rows_;
  buffered_rows_ = 0;
}

void ColumnStore::read_column(std::size_t column, std::vector<double>& values) const {
  SMESIM_ASSERT(column < columns_);
  values.resize(rows());
  const std::size_t block_doubles = columns_ * block_rows_;
  for (std::size_t first = 0; first < spilled_rows_; first += block_rows_) {
    auto* into = reinterpret_cast<char*>(values.data() + first);
    std::size_t left = block_rows_ * sizeof(double);
    auto offset =
        static_cast<off_t>((first / block_rows_ * block_doubles + column * block_rows_) * sizeof(double));
    while (left > 0) {
      errno = 0;
      const ssize_t got = ::pread(fd_, into, left, offset);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        throw OutputError(fmt::format("cannot read {}: {}", path_.string(),
                                      got == 0 ? "it is shorter than written" : std::strerror(errno)));
      }
      into += got;
      left -= static_cast<std::size_t>(got);
      offset += got;
    }
  }
  std::copy_n(block_.begin() + static_cast<std::ptrdiff_t>(column * block_rows_), buffered_rows_,
              values.begin() + static_cast<std::ptrdiff_t>(spilled_rows_));
}

}  // namespace smesim::detail
