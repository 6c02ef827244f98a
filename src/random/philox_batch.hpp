#pragma once
// Many Philox4x32-10 blocks at once: the same (key, purpose, entity, month) and consecutive
// indices, e.g. one draw block per firm of a cluster per month. An AVX2 path computes eight
// blocks per instruction stream, three streams interleaved; results are bit-identical to
// philox4x32_10 (integer arithmetic only), whichever path the processor takes.

#include <array>
#include <cstdint>

#include "smesim/random/philox.hpp"

namespace smesim::detail {

/// words[w][i] = word w of philox4x32_10(make_counter(purpose, entity, first + i, month), key)
/// for i < n.
void philox_batch(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t first,
                  std::uint32_t month, std::uint32_t n, const std::array<std::uint32_t*, 4>& words);

/// The portable path, for tests that compare the two.
void philox_batch_scalar(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t first,
                         std::uint32_t month, std::uint32_t n, const std::array<std::uint32_t*, 4>& words);

/// True when philox_batch uses the AVX2 path on this processor.
bool philox_batch_uses_avx2();

}  // namespace smesim::detail
