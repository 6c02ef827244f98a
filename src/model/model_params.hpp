#pragma once
// The frozen model of one replication: every prior drawn, every default resolved, budgets
// allocated, networks expanded; plain numbers the step loop reads (docs/model.md §2–4, §9).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

enum Track : int { kMentoring = 0, kNetwork = 1, kTechnology = 2 };
inline constexpr int kTracks = 3;

struct AgencyParams {
  std::string id;
  std::int64_t allocation_satang = 0;   ///< exact: the programme's budget is split in satang
  double allocation_thb = 0;            ///< the same, in THB
  std::array<double, kTracks> split{};  ///< mentoring, network, technology
  double mentoring_cost_thb = 0;        ///< per firm-month
  Targeting mentoring_targeting = Targeting::broad;
  int engagement_months = 0;  ///< L of docs/model.md §5 step 2; 0 = the v1 rule
  std::array<double, kDimensions> focus{};
  std::array<double, kDimensions> expertise{};
  double reference_spend_thb = 0;  ///< per cluster-month
  double project_cost_thb = 0;
  Targeting technology_targeting = Targeting::leaders;
  std::array<double, kSectorCount> fit{};
  std::vector<int> clusters;  ///< indices of the clusters it leads
  bool operator==(const AgencyParams&) const = default;
};

struct ClusterParams {
  std::string id;
  std::uint64_t stream = 0;  ///< entity key of its random streams (from the id)
  int agency = 0;
  Sector sector = Sector::manufacturing;
  int members = 0;
  TopologyKind topology = TopologyKind::small_world;
  int degree = 0;
  double rewire = 0;
  double mean_degree = 0;
  int m = 0;
  double input_share = 0;  ///< phi of its sector
  double fit = 1;          ///< its agency's fit in its sector
  bool operator==(const ClusterParams&) const = default;
};

struct SmeParams {
  std::array<double, kSmeSizeClasses> size_mix{};
  std::array<double, kSmeSizeClasses> revenue_median_thb{};
  double revenue_sigma = 0;
  std::array<double, kSmeSizeClasses> employees_median{};
  double employees_sigma = 0;
  double margin = 0;
  std::array<double, kDimensions> capability_a{};
  std::array<double, kDimensions> capability_b{};
  double absorptive_capacity = 0;
  bool operator==(const SmeParams&) const = default;
};

struct DynamicsParams {
  double learning_rate, spillover_per_month, cost_elasticity;
  double trust_initial, trust_gain, trust_decay, join_threshold;
  double max_discount, half_volume_thb, poolable_share;
  double tech_success, tech_jump, tech_cost_cut, tech_p_per_year, tech_q_per_year;
  double market_p_per_year, market_capability_per_year, market_technology_per_year, market_q_per_year,
      revenue_uplift;
  double dropout_per_year, trust_protection;
  int min_mentored_months;
  bool operator==(const DynamicsParams&) const = default;
};

struct ModelParams {
  std::uint32_t seed = 0;
  std::uint32_t replication = 0;
  int programme_months = 0, horizon_months = 0, diagnostic_months = 0, window_months = 0;
  /// In satang, exactly: budget = overhead + unallocated + the agencies' allocations
  /// (docs/model.md §4; the issue of the lost satang). The _thb members are the same amounts.
  std::int64_t budget_satang = 0, overhead_satang = 0, unallocated_satang = 0;
  double budget_thb = 0, overhead_thb = 0, unallocated_thb = 0;
  std::vector<AgencyParams> agencies;
  std::vector<ClusterParams> clusters;
  SmeParams sme;
  DynamicsParams dynamics{};
  [[nodiscard]] int firms() const;
};

/// @brief Resolves a validated scenario for one replication: draws its priors
/// (realise_priors) and per-network member counts, allocates budgets (docs/model.md §4).
ModelParams build_model_params(const ScenarioDef& def, std::uint32_t replication);

/// @brief Whether two validated scenarios give the model the same inputs: the same targets and,
/// in replications 0 and 1, the same ModelParams but for the programme's total, overhead and
/// unallocated money, which no mechanism reads (only the agencies' allocations are spent,
/// docs/model.md §4). A study whose varied parameter leaves them equal would report a
/// difference of nothing as an answer.
bool same_model_inputs(const ScenarioDef& a, const ScenarioDef& b);

}  // namespace smesim::detail
