#pragma once
// One progress bar for every command: replications done of those to run, their rate, the time
// left at that rate, and where the study is (`point 3/10`), on one line of standard error.

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string_view>

namespace smesim::detail {

class ProgressBar {
 public:
  /// A disabled bar prints nothing (the CLI enables it only when stderr is a terminal).
  ProgressBar(std::ostream& out, bool enabled);
  /// Redraws at most ten times a second, and always at the end.
  void update(std::size_t replications_done, std::size_t replications_total, std::size_t records_done,
              std::size_t records_total, std::string_view record_noun);
  /// Clears the line.
  void finish();

 private:
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace smesim::detail
