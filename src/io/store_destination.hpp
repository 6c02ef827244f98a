#pragma once
// The destination of a results store (smesim/io/results_store.hpp): each file written through
// the store (atomically: whole or absent), the results' finished file held back until every other
// is written, and the console text kept for the caller to print.

#include <functional>
#include <string>

#include "io/results_writer.hpp"
#include "smesim/io/results_store.hpp"

namespace smesim::detail {

class StoreDestination final : public ResultsDestination {
 public:
  /// @param finished_file  the file written last, on finish() (StudyResults::finished_file)
  StoreDestination(ResultsStore& store, std::string finished_file);
  void file(const std::string& name, const std::function<void(const std::filesystem::path&)>& write) override;
  void console(const std::string& text) override { console_ += text; }
  /// Writes the finished file held back until now. @throws OutputError
  void finish();
  [[nodiscard]] const std::string& console_text() const { return console_; }

 private:
  ResultsStore& store_;
  std::string finished_file_;
  std::function<void(const std::filesystem::path&)> finished_write_;
  std::string console_;
};

}  // namespace smesim::detail
