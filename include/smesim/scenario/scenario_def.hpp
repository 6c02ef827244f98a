#pragma once
/// @file scenario/scenario_def.hpp
/// @brief ScenarioDef: a programme, its agencies, networks, SMEs and dynamics as plain data.
///
/// Configuration is data (docs/development.md): every field has the default of docs/model.md §9,
/// units are in the names, and nothing here knows YAML. The scenario loader fills it; parameter
/// paths (parameter_paths.hpp) get and set its fields by name for sweeps and comparisons.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "smesim/analysis/targets.hpp"
#include "smesim/error.hpp"
#include "smesim/scenario/distribution.hpp"

namespace smesim {

enum class Sector : std::uint8_t { manufacturing, trade, services, agriculture };
inline constexpr int kSectorCount = 4;

/// Capability dimensions of docs/model.md §3: process P, management M, market K.
inline constexpr int kDimensions = 3;
enum Dimension : int { kProcess = 0, kManagement = 1, kMarket = 2 };

/// docs/model.md §4: whom an agency serves first. `largest`: highest initial revenue R(0) first.
enum class Targeting : std::uint8_t { broad, laggards, leaders, hubs, largest };

/// docs/model.md §6: how a cluster's network is generated.
enum class TopologyKind : std::uint8_t { small_world, complete, random, scale_free };

/// Size classes of the 2019 Thai rule (docs/model.md §6); `large` is outside SME bounds.
enum class SizeClass : std::uint8_t { micro, small, medium, large };
inline constexpr int kSmeSizeClasses = 3;

/// Per-class values (micro, small, medium).
struct ByClass {
  Param micro, small, medium;
};

struct TimeDef {
  int programme_months = 12;  ///< P: months during which the programme spends
  int horizon_months = 36;    ///< H: months simulated
  int diagnostic_months = 3;  ///< joint purchasing starts at t >= this (UNIDO diagnostic)
};

struct ProgrammeDef {
  Param budget_thb = 309'000'000.0;
  Param overhead_share = 0.0;  ///< kept by the programme office, never reaches agencies
};

struct SplitDef {
  Param mentoring = 0.5;
  Param network = 0.2;
  Param technology = 0.3;
};

struct MentoringDef {
  Param cost_per_firm_month_thb = 3'000.0;
  Targeting targeting = Targeting::broad;
  /// L of docs/model.md §5 step 2: consecutive months per engagement; 0 = the v1 monthly
  /// re-ranking.
  int engagement_months = 3;
  std::array<Param, kDimensions> focus{1.0, 1.0, 1.0};
  std::array<Param, kDimensions> expertise{0.8, 0.8, 0.8};
};

struct NetworkTrackDef {
  Param reference_spend_thb_per_cluster_month = 50'000.0;
};

struct TechnologyTrackDef {
  Param cost_per_project_thb = 150'000.0;
  Targeting targeting = Targeting::leaders;
};

struct StrategyDef {
  SplitDef split;
  MentoringDef mentoring;
  NetworkTrackDef network;
  TechnologyTrackDef technology;
};

/// @brief `agencies[].province_groups` entry: generate `networks` of the agency's networks in
/// `group` (docs/scenario.md "agencies[] entry").
struct ProvinceGroupCount {
  std::string group;  ///< a declared province group (ScenarioDef::province_groups)
  int networks = 0;
};

struct AgencyDef {
  std::string id;
  std::string name;
  int networks = 1;  ///< networks this agency leads (generate mode)
  /// Generated networks per province group, in file order; their counts sum to `networks`.
  /// Empty: the agency's networks take the declared groups round-robin.
  std::vector<ProvinceGroupCount> province_groups;
  std::vector<Sector> sectors;  ///< its own sectors: fit 1.0 unless fit.<sector> says
  Param budget_thb;             ///< unset = auto (share of what is left, by networks)
  Param budget_share;           ///< of the budget after overhead; unset = not used
  StrategyDef strategy;
  Param fit_other = 0.7;                  ///< fit in sectors that are not its own
  std::array<Param, kSectorCount> fit{};  ///< unset = 1.0 in own sectors, fit_other elsewhere
};

struct TopologyDef {
  TopologyKind kind = TopologyKind::small_world;
  int degree = 6;           ///< small_world: ring-lattice degree (even)
  Param rewire = 0.1;       ///< small_world: rewiring probability
  Param mean_degree = 6.0;  ///< random: Erdős–Rényi mean degree
  int m = 3;                ///< scale_free: edges per new node (Barabási–Albert)
  bool is_set = true;       ///< false on a listed network that inherits networks.generate
};

/// One network (cluster) listed explicitly in `networks.list`.
struct NetworkDef {
  std::string id;
  std::string name;  ///< free text (any script), reported beside the id in outputs
  std::string agency;
  Sector sector = Sector::manufacturing;
  std::string province_group;
  Param members;  ///< unset = networks.generate.members
  TopologyDef topology{.is_set = false};
};

struct NetworksDef {
  Param members = 200.0;         ///< `networks.generate.members`: per network; a prior is drawn per network
  TopologyDef topology;          ///< `networks.generate.topology`
  std::vector<NetworkDef> list;  ///< empty: networks are generated from the agencies' counts
};

struct SmeDef {
  ByClass size_mix{0.75, 0.22, 0.03};
  ByClass revenue_median_thb{900'000.0, 6'000'000.0, 80'000'000.0};
  Param revenue_sigma = 0.7;  ///< log-normal sigma of revenue within a class
  ByClass employees_median{3.0, 15.0, 80.0};
  Param employees_sigma = 0.7;
  Param margin = 0.10;                                                 ///< C0 = R (1 - margin)
  std::array<Param, kSectorCount> input_share{0.5, 0.7, 0.3, 0.6};     ///< phi by sector
  std::array<Param, kDimensions> initial_capability_a{2.0, 2.0, 2.0};  ///< Beta(a, b)
  std::array<Param, kDimensions> initial_capability_b{5.0, 5.0, 5.0};
  Param absorptive_capacity = 0.8;  ///< alpha0 (Cohen–Levinthal form, docs/model.md §3)
};

struct TrustDef {
  Param initial = 0.3;
  Param gain_per_month = 0.10;   ///< eta
  Param decay_per_month = 0.01;  ///< omega
  Param join_threshold = 0.5;    ///< theta_J
};

struct JointPurchasingDef {
  Param max_discount = 0.10;             ///< d_max
  Param half_volume_thb = 20'000'000.0;  ///< V0 (per year): d = d_max (1 - exp(-V/V0))
  Param poolable_share = 0.05;           ///< psi
};

struct TechnologyDynamicsDef {
  Param success_probability = 0.6;  ///< pi
  Param capability_jump = 0.2;
  Param cost_cut = 0.05;    ///< tau_A
  Param p_per_year = 0.02;  ///< imitation: innovation coefficient
  Param q_per_year = 0.30;  ///< imitation: neighbour coefficient
};

struct MarketDef {
  Param p_per_year = 0.03;
  Param capability_per_year = 0.06;  ///< p_kappa
  Param technology_per_year = 0.05;  ///< p_A
  Param q_per_year = 0.38;
  Param revenue_uplift = 0.10;
};

struct DropoutDef {
  Param base_per_year = 0.35;
  Param trust_protection = 0.5;
};

struct DevelopedDef {
  int min_mentored_months = 3;
};

struct DynamicsDef {
  Param learning_rate = 0.05;        ///< beta
  Param spillover_per_month = 0.10;  ///< sigma
  Param cost_elasticity = 0.06;      ///< gamma
  TrustDef trust;
  JointPurchasingDef joint_purchasing;
  TechnologyDynamicsDef technology;
  MarketDef market;
  DropoutDef dropout;
  DevelopedDef developed;
};

/// @brief `uncertainty.correlations[]`: two priors whose draws move together, by a Spearman rank
/// correlation (the Gaussian copula of docs/model.md "Correlated priors").
struct PriorCorrelation {
  std::array<std::string, 2> between;  ///< parameter paths, each naming one prior
  double rank_correlation = 0;         ///< Spearman's ρ_s, in (-1, 1)
  SourceLocation where;                ///< the entry, blamed for errors about the pair
  std::array<SourceLocation, 2> path_where{};
};

struct UncertaintyDef {
  std::vector<PriorCorrelation> correlations;  ///< empty: every prior is drawn independently
};

/// @brief A whole scenario. Plain, copyable data; see docs/scenario.md for every key.
struct ScenarioDef {
  std::string name;
  std::string description;
  std::uint32_t seed = 20150320;
  int replications = 1000;
  TimeDef time;
  ProgrammeDef programme;
  TargetsDef targets;
  std::vector<AgencyDef> agencies;
  NetworksDef networks;
  SmeDef sme;
  DynamicsDef dynamics;
  UncertaintyDef uncertainty;
  /// Top-level `province_groups`: the groups networks may name, in the order generated
  /// networks take them round-robin. Empty: the 18 official groups (official_province_groups()).
  std::vector<std::string> province_groups;

  /// Months credited towards the targets (docs/model.md §5 step 10).
  [[nodiscard]] int window_months() const {
    return targets.window_months > 0 ? targets.window_months : time.programme_months;
  }
};

/// @brief Names used in scenario files.
const char* to_string(Sector s);
const char* to_string(Targeting t);
const char* to_string(TopologyKind k);
const char* to_string(SizeClass c);

}  // namespace smesim
