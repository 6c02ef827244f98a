#pragma once
// Validators for option values that say what was expected, in smesim's words. CLI11's own
// conversions answer "Could not convert: --seed = -1" and quietly read `0x10` as 16; these
// accept only what the help text promises.

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace smesim::cli {

/// A decimal whole number in [min, max] (no sign, no hex, no fraction).
CLI::Validator whole_number_in(std::uint64_t min, std::uint64_t max);

/// A memory size: `4G`, `512M`, `2.5GB`, or bytes.
CLI::Validator byte_size();

/// A shard, `i/N` (io/shard.hpp).
CLI::Validator shard_spec();

/// A non-empty value (`--out ""` is refused rather than read as "no --out").
CLI::Validator non_empty();

}  // namespace smesim::cli
