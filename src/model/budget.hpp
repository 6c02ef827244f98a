#pragma once
// Agency budgets per track (docs/model.md §4): equal monthly envelopes over the programme months,
// unspent money carried to the next month of the same track, never more spent than
// allocated. Money is counted in whole satang (1/100 THB) so that last property holds
// exactly, with no floating-point slack.

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/apportion.hpp"
#include "analysis/money.hpp"

namespace smesim::detail {

class TrackLedger {
 public:
  TrackLedger() = default;
  TrackLedger(Satang allocation, int programme_months) : allocation_(allocation), months_(programme_months) {}

  /// Available in month t: the envelopes of months 0..t minus what was spent (carry-over
  /// included). Cumulative, so the last month's envelope is exactly what is left.
  [[nodiscard]] Satang envelope(int t) const;
  /// @pre amount <= envelope(t)
  void spend(Satang amount, int t);

  [[nodiscard]] Satang allocation() const { return allocation_; }
  [[nodiscard]] Satang spent() const { return spent_; }
  [[nodiscard]] Satang unspent() const { return allocation_ - spent_; }

 private:
  Satang allocation_ = 0;
  Satang spent_ = 0;
  int months_ = 1;
};

}  // namespace smesim::detail
