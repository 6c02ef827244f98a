#pragma once
// exp(x) written out in plain IEEE arithmetic: the same bits on every machine and every libm
// version (glibc's exp may change in its last bit between releases, which would change
// results), and simple enough for the compiler to vectorise. Relative error below 2e-16 for
// x in [-708, 0]; arguments in the model are non-positive hazards and elasticities.

#include <bit>
#include <cstddef>
#include <cstdint>

namespace smesim::detail {

/// exp(x) for x <= 0. Below -708 the result (under 3.4e-308) is taken as exp(-708): the
/// reduction below would build 2^k from an exponent field that wraps, giving garbage such as
/// 5.8e290. The clamp keeps every model probability 1 - exp(-x) exactly 1.0 there, and it
/// changes no bit for arguments at or above -708 (a joint-purchasing volume of 1e6 times its
/// half volume reaches them; hazards per month do not).
inline double exp_nonpositive(double x) {
  constexpr double kMinArgument = -708.0;
  x = x < kMinArgument ? kMinArgument : x;  // branch-free (a max); NaN passes through
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2 (exact product with k)
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kRoundMagic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to integer
  // x = k ln2 + r with |r| <= ln2 / 2 (Cody–Waite reduction).
  const double shifted = x * kLog2e + kRoundMagic;
  const double k = shifted - kRoundMagic;
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // exp(r) by its Taylor series to degree 13: the truncation error is below 2e-17 for |r| <= 0.35.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k from its exponent bits. `shifted` holds k in its low mantissa bits, so integer
  // arithmetic on its bit pattern yields k without a float-to-int conversion (which SSE2 and
  // AVX2 cannot vectorise).
  const std::uint64_t k_bits =
      std::bit_cast<std::uint64_t>(shifted) - std::bit_cast<std::uint64_t>(kRoundMagic);
  const double scale = std::bit_cast<double>((k_bits + 1023) << 52);
  return p * scale;
}

/// 1 - exp(-x) for every x[i] >= 0 into out[i], as a branch-free loop the compiler vectorises
/// (AVX2 where the processor has it; the same bits either way: no fused multiply-adds).
void one_minus_exp_neg_batch(const double* x, double* out, std::size_t n);

/// 1 - exp(-x) for x >= 0: the probability that an event of hazard x happens (docs/model.md §1).
/// The same arithmetic as one_minus_exp_neg_batch.
inline double one_minus_exp_neg(double x) { return 1.0 - exp_nonpositive(-x); }

/// An upper bound of one_minus_exp_neg(x) for x >= 0: 1 - exp(-x) <= x, and the computed value
/// is within 1e-15 of the exact one. A uniform at or above the bound is at or above the
/// probability, so the exact probability is only needed below it.
constexpr double one_minus_exp_neg_bound(double x) { return x + 1e-12; }

}  // namespace smesim::detail
