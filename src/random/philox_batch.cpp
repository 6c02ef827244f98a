#include "random/philox_batch.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace smesim::detail {

void philox_batch_scalar(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t first,
                         std::uint32_t month, std::uint32_t n, const std::array<std::uint32_t*, 4>& words) {
  for (std::uint32_t i = 0; i < n; ++i) {
    const PhiloxCounter block = philox4x32_10(make_counter(purpose, entity, first + i, month), key);
    for (std::size_t w = 0; w < 4; ++w) words[w][i] = block[w];
  }
}

#if defined(__x86_64__)
namespace {

// 32 x 32 -> 64-bit products of eight lanes: low and high halves in place.
__attribute__((target("avx2"))) inline void mul_hi_lo(__m256i a, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(a, m);                        // lanes 0, 2, 4, 6
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);  // lanes 1, 3, 5, 7
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0b10101010);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0b10101010);
}

// G groups of eight blocks (counters first, first + 8, ...), their rounds interleaved: one
// group's round is a chain of dependent multiplies, shuffles and xors, so the processor
// runs the other groups' rounds in its latency.
template <int G>
__attribute__((target("avx2"))) inline void philox_groups_avx2(const PhiloxCounter& base, PhiloxKey key,
                                                               std::uint32_t first,
                                                               const std::array<std::uint32_t*, 4>& words) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  __m256i x[G][4];
  for (int g = 0; g < G; ++g) {
    x[g][0] = _mm256_set1_epi32(static_cast<int>(base[0]));
    x[g][1] = _mm256_set1_epi32(static_cast<int>(base[1]));
    x[g][2] = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first + 8 * static_cast<std::uint32_t>(g))),
                               lane);
    x[g][3] = _mm256_set1_epi32(static_cast<int>(base[3]));
  }
  std::uint32_t k0 = key[0];
  std::uint32_t k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const __m256i key0 = _mm256_set1_epi32(static_cast<int>(k0));
    const __m256i key1 = _mm256_set1_epi32(static_cast<int>(k1));
    for (int g = 0; g < G; ++g) {
      __m256i hi0, lo0, hi1, lo1;
      mul_hi_lo(x[g][0], m0, hi0, lo0);
      mul_hi_lo(x[g][2], m1, hi1, lo1);
      const __m256i y0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x[g][1]), key0);
      const __m256i y2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x[g][3]), key1);
      x[g][0] = y0;
      x[g][1] = lo1;
      x[g][2] = y2;
      x[g][3] = lo0;
    }
  }
  for (int g = 0; g < G; ++g)
    for (std::size_t w = 0; w < 4; ++w)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(words[w] + 8 * g), x[g][w]);
}

__attribute__((target("avx2"))) void philox_batch_avx2(PhiloxKey key, Purpose purpose, std::uint64_t entity,
                                                       std::uint32_t first, std::uint32_t month,
                                                       std::uint32_t n,
                                                       const std::array<std::uint32_t*, 4>& words) {
  const PhiloxCounter base = make_counter(purpose, entity, 0, month);
  auto at = [&words](std::uint32_t i) {
    return std::array<std::uint32_t*, 4>{words[0] + i, words[1] + i, words[2] + i, words[3] + i};
  };
  std::uint32_t i = 0;
  for (; i + 24 <= n; i += 24) philox_groups_avx2<3>(base, key, first + i, at(i));
  for (; i + 8 <= n; i += 8) philox_groups_avx2<1>(base, key, first + i, at(i));
  if (i < n) philox_batch_scalar(key, purpose, entity, first + i, month, n - i, at(i));
}

}  // namespace

bool philox_batch_uses_avx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
  return avx2;
}

void philox_batch(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t first,
                  std::uint32_t month, std::uint32_t n, const std::array<std::uint32_t*, 4>& words) {
  if (philox_batch_uses_avx2()) {
    philox_batch_avx2(key, purpose, entity, first, month, n, words);
  } else {
    philox_batch_scalar(key, purpose, entity, first, month, n, words);
  }
}
#else
bool philox_batch_uses_avx2() { return false; }

void philox_batch(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t first,
                  std::uint32_t month, std::uint32_t n, const std::array<std::uint32_t*, 4>& words) {
  philox_batch_scalar(key, purpose, entity, first, month, n, words);
}
#endif

}  // namespace smesim::detail
