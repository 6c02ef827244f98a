#include "io/progress_bar.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace smesim::detail {

ProgressBar::ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}

void ProgressBar::update(std::size_t replications_done, std::size_t replications_total,
                         std::size_t records_done, std::size_t records_total, std::string_view record_noun) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool end = replications_done == replications_total && records_done == records_total;
  if (!end && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(replications_done) / seconds : 0;
  const std::size_t left = replications_total - std::min(replications_done, replications_total);
  const std::string eta = rate > 0 ? fmt::format("{:.0f} s", static_cast<double>(left) / rate) : "-";
  constexpr std::size_t kWidth = 30;
  const std::size_t filled =
      kWidth * std::min(replications_done, replications_total) / std::max<std::size_t>(1, replications_total);
  std::string where;
  if (records_total > 1) where = fmt::format("  {} {}/{}", record_noun, records_done, records_total);
  out_ << fmt::format("\r[{}{}] {}/{} replications  {:.1f}/s  ETA {}{} ", std::string(filled, '#'),
                      std::string(kWidth - filled, ' '), replications_done, replications_total, rate, eta,
                      where)
       << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) out_ << "\r" << std::string(100, ' ') << "\r" << std::flush;
  drawn_ = false;
}

}  // namespace smesim::detail
