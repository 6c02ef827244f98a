#pragma once
// Replication results as bytes, for executors that move them between processes (MPI ranks).
// The encoding is the structs' own memory: every rank runs the same binary on the same kind
// of machine (a homogeneous cluster, docs/cluster.md), so a double arrives as the same bits
// and a result decodes to exactly what was encoded.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smesim/analysis/trajectory.hpp"

namespace smesim::detail {

/// Appends `results` to `out`.
void encode_results(std::span<const ReplicationResult> results, std::string& out);

/// @brief The results `bytes` holds, in order.
/// @throws Error when the bytes are not a whole encoding (truncated, or of another build)
std::vector<ReplicationResult> decode_results(std::string_view bytes);

}  // namespace smesim::detail
