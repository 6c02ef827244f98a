#pragma once
// Agency budgets per track (MODEL.md §4): equal monthly envelopes over the programme months,
// unspent money carried to the next month of the same track, never more spent than
// allocated. Money is counted in whole satang (1/100 THB) so that last property holds
// exactly, with no floating-point slack.

#include <cstdint>
#include <span>
#include <vector>

namespace smesim::detail {

using Satang = std::int64_t;

inline Satang to_satang(double thb) { return static_cast<Satang>(thb * 100.0 + 0.5); }
inline double to_thb(Satang s) { return static_cast<double>(s) / 100.0; }

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

/// Splits `total` units over weights in proportion, by largest remainder (Hamilton):
/// floors first, then one more unit to the largest remainders, ties to the lower index, so
/// the quotas add up to `total` exactly (money: satang over agencies, MODEL.md §4). All-zero
/// weights give all-zero quotas. Products are taken in 128 bits: `total` and the weights may
/// be any non-negative 64-bit amounts. `order` is scratch.
void apportion(std::int64_t total, std::span<const std::int64_t> weights, std::span<std::int64_t> quotas,
               std::vector<std::uint32_t>& order);

/// apportion() of units that each serve one unit of weight (slots over active firms), so
/// `total` is first capped at the sum of the weights.
/// `order` is scratch.
void largest_remainder(std::int64_t total, std::span<const std::int64_t> weights,
                       std::span<std::int64_t> quotas, std::vector<std::uint32_t>& order);

}  // namespace smesim::detail
