#include "model/budget.hpp"

#include <algorithm>

#include "smesim/error.hpp"

namespace smesim::detail {

Satang TrackLedger::envelope(int t) const {
  const int month = std::min(t + 1, months_);
  // allocation (<= 1e15 satang) * months (<= 600) stays far below 2^63.
  return allocation_ * month / months_ - spent_;
}

void TrackLedger::spend(Satang amount, int t) {
  SMESIM_ASSERT(amount >= 0 && amount <= envelope(t));
  spent_ += amount;
}

}  // namespace smesim::detail
