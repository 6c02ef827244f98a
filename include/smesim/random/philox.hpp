#pragma once
/// @file random/philox.hpp
/// @brief Philox4x32-10 (Salmon et al., SC'11), the counter-based generator behind every
/// random number in smesim, and the stream layout (docs/architecture.md "Determinism and random
/// numbers").
///
/// A draw is a pure function of (key, counter): key = (scenario seed, replication) and
/// counter = (purpose, entity, index, month). Results therefore depend only on what is being
/// drawn, never on thread count, task order or what else the run computes; compared variants
/// share common random numbers automatically.

#include <array>
#include <cstdint>
#include <string_view>

namespace smesim {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

/// @brief Philox4x32 with 10 rounds, bit-identical to Random123's philox4x32_R(10, ...).
constexpr PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key) {
  constexpr std::uint32_t kM0 = 0xD2511F53u;
  constexpr std::uint32_t kM1 = 0xCD9E8D57u;
  constexpr std::uint32_t kW0 = 0x9E3779B9u;
  constexpr std::uint32_t kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kW0;
      key[1] += kW1;
    }
    const std::uint64_t p0 = std::uint64_t{kM0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{kM1} * ctr[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32);
    const auto lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32);
    const auto lo1 = static_cast<std::uint32_t>(p1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
  }
  return ctr;
}

/// @brief What a draw is for: the first counter word, so that different uses never share
/// numbers. Values are part of the reproducibility contract: never renumber them.
enum class Purpose : std::uint8_t {
  priors = 1,             ///< parameter uncertainty, entity = hash of the parameter path
  cluster_members = 2,    ///< members per network when it is a prior, entity = cluster
  population = 3,         ///< firm attributes at t = 0, entity = cluster, index = firm
  network = 4,            ///< cluster network generation, entity = cluster
  firm_month = 5,         ///< per firm and month: dropout, imitation, market, tech success
  mentoring_sample = 6,   ///< random keys for `broad` mentoring targeting
  technology_sample = 7,  ///< random keys for `broad` technology targeting
  design = 8,             ///< sampling designs: Latin hypercube (entity = dimension, index 0 = the
                          ///< stratum permutation, 1 = positions within strata) and Morris
                          ///< trajectories (entity = entity_key("morris"), index = trajectory)
  bootstrap = 9,          ///< Sobol' index bootstrap resamples (entity 0, index = replicate)
  optimiser = 10,         ///< CMA-ES candidates: key (seed, generation), entity = candidate
  prior_copula = 11       ///< the independent normals behind correlated priors (Gaussian copula),
                          ///< entity = hash of the parameter path, as Purpose::priors
};

/// Words of a Purpose::firm_month block: one Philox call serves every hazard of a firm-month.
enum FirmMonthWord : int { kDropoutWord = 0, kImitationWord = 1, kMarketWord = 2, kTechSuccessWord = 3 };

/// @brief 56-bit identity of a named entity (cluster id, parameter path): FNV-1a 64, top bits
/// dropped. Named, not positional, so a cluster draws the same numbers whether it is run
/// alone or beside others (docs/model.md §10 case 9).
constexpr std::uint64_t entity_key(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h & 0x00FF'FFFF'FFFF'FFFFull;
}

/// @brief Counter words for (purpose, entity, index, month).
constexpr PhiloxCounter make_counter(Purpose purpose, std::uint64_t entity, std::uint32_t index,
                                     std::uint32_t month) {
  return {static_cast<std::uint32_t>(purpose) | static_cast<std::uint32_t>(entity >> 32) << 8,
          static_cast<std::uint32_t>(entity), index, month};
}

constexpr PhiloxKey make_key(std::uint32_t seed, std::uint32_t replication) { return {seed, replication}; }

/// @brief A 32-bit word as a uniform double in (0, 1): never exactly 0 or 1.
constexpr double to_unit_open(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

/// @brief Two words as a uniform double in (0, 1) with 52 bits of resolution (52, not 53, so
/// that the half-step offset keeps the largest value below 1).
constexpr double to_unit_open52(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (std::uint64_t{hi} << 20) ^ (std::uint64_t{lo} >> 12);
  return (static_cast<double>(bits) + 0.5) * 0x1p-52;
}

/// @brief A sequence of uniforms from one (purpose, entity, index) stream: the month word
/// counts blocks, each block gives two 52-bit uniforms. For draws whose number is not fixed
/// in advance (rejection sampling, network generation).
class PhiloxStream {
 public:
  constexpr PhiloxStream(PhiloxKey key, Purpose purpose, std::uint64_t entity, std::uint32_t index)
      : key_(key), base_(make_counter(purpose, entity, index, 0)) {}

  constexpr double uniform() {
    if (used_ == 2) refill();
    const double u = to_unit_open52(block_[2 * used_], block_[2 * used_ + 1]);
    ++used_;
    return u;
  }
  /// @brief Uniform integer in [0, n), n > 0, by scaling a 52-bit uniform (bias < n 2^-52).
  constexpr std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)) % n;
  }

 private:
  constexpr void refill() {
    PhiloxCounter c = base_;
    c[3] = next_block_++;
    block_ = philox4x32_10(c, key_);
    used_ = 0;
  }
  PhiloxKey key_;
  PhiloxCounter base_;
  PhiloxCounter block_{};
  std::uint32_t next_block_ = 0;
  int used_ = 2;
};

}  // namespace smesim
