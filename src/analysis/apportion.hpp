#pragma once
// Largest-remainder apportionment: splitting whole units (satang of a budget, mentoring slots)
// over weights so that the parts add up exactly. Used by the scenario layer (resolving
// budgets) and the model (allocating them per replication, and slots each month).

#include <cstdint>
#include <span>
#include <vector>

namespace smesim::detail {

/// Splits `total` units over weights in proportion, by largest remainder (Hamilton):
/// floors first, then one more unit to the largest remainders, ties to the lower index, so
/// the quotas add up to `total` exactly (money: satang over agencies, docs/model.md §4). All-zero
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
