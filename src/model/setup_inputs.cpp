#include "model/setup_inputs.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace smesim::detail {
namespace {

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

template <std::size_t N>
bool same_bits(const std::array<double, N>& a, const std::array<double, N>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) { return same_bits(x, y); });
}

// What build_population reads (docs/model.md §6).
bool same_sme(const SmeParams& a, const SmeParams& b) {
  return same_bits(a.size_mix, b.size_mix) && same_bits(a.revenue_median_thb, b.revenue_median_thb) &&
         same_bits(a.revenue_sigma, b.revenue_sigma) && same_bits(a.employees_median, b.employees_median) &&
         same_bits(a.employees_sigma, b.employees_sigma) && same_bits(a.margin, b.margin) &&
         same_bits(a.capability_a, b.capability_a) && same_bits(a.capability_b, b.capability_b) &&
         same_bits(a.absorptive_capacity, b.absorptive_capacity);
}

// What build_population (stream, members, sector) and build_cluster_graph (stream, topology)
// read of a cluster. Its agency, fit and input share are read only by the monthly steps.
bool same_cluster(const ClusterParams& a, const ClusterParams& b) {
  return a.stream == b.stream && a.members == b.members && a.sector == b.sector && a.topology == b.topology &&
         a.degree == b.degree && same_bits(a.rewire, b.rewire) && same_bits(a.mean_degree, b.mean_degree) &&
         a.m == b.m;
}

}  // namespace

bool same_setup_inputs(const ModelParams& a, const ModelParams& b) {
  return a.seed == b.seed && a.replication == b.replication && same_sme(a.sme, b.sme) &&
         std::equal(a.clusters.begin(), a.clusters.end(), b.clusters.begin(), b.clusters.end(), same_cluster);
}

}  // namespace smesim::detail
