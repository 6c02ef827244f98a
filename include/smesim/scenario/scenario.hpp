#pragma once
/// @file scenario/scenario.hpp
/// @brief Loading, validating and realising scenarios (docs/scenario.md).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "smesim/error.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// Key path -> where it was written; lets later checks point at the file.
using SourceMap = std::map<std::string, SourceLocation, std::less<>>;

struct LoadedScenario {
  ScenarioDef def;
  SourceMap locations;
  std::string source;  ///< file path, or "<builtin:osmep_2015.yaml>"
};

/// @brief docs/model.md §9 defaults with the nine OSMEP agencies and generated networks; what a
/// scenario without `extends` starts from.
ScenarioDef default_scenario_def();

/// @brief The text of scenarios/osmep_2015.yaml compiled into the binary (`extends: default`).
std::string_view builtin_scenario_yaml();
inline constexpr std::string_view kBuiltinScenarioLabel = "<builtin:osmep_2015.yaml>";

/// @brief Parses, merges (`extends`), applies defaults and validates.
/// @throws ScenarioError with file, line, column and key path for any bad input.
LoadedScenario load_scenario_file(const std::string& path);
/// @brief As load_scenario_file, from text; `label` names it in messages and resolves a
/// relative `extends` path against the current directory.
LoadedScenario load_scenario_text(std::string_view text, const std::string& label);
/// @brief The built-in default programme (scenarios/osmep_2015.yaml).
LoadedScenario load_builtin_scenario();

/// @brief Cross-field checks (shares, references, counts, horizons). Positions come from
/// `locations` when given.
/// @throws ScenarioError
void validate(const ScenarioDef& def, const SourceMap* locations = nullptr);

/// @brief One network as the model sees it: listed, or generated from an agency's count.
struct ClusterSpec {
  std::string id;
  std::string name;  ///< `networks.list[].name`; empty for a generated network
  int agency = 0;    ///< index into ScenarioDef::agencies
  Sector sector = Sector::manufacturing;
  std::string province_group;
  Param members;
  TopologyDef topology;
};

/// The 18 official Thai province groups, in the order generated networks are assigned.
const std::vector<std::string>& official_province_groups();

/// @brief The province groups networks of `def` may name: its top-level `province_groups`, or
/// the 18 official groups when it declares none.
const std::vector<std::string>& declared_province_groups(const ScenarioDef& def);

/// @brief The concrete network list. Generated networks get ids `<agency>-NN`, sectors
/// round-robin over the agency's sectors, and province groups by the agency's
/// `province_groups` counts or, for an agency without them, round-robin over the declared
/// groups in agency order (docs/scenario.md "networks.generate").
std::vector<ClusterSpec> expand_networks(const ScenarioDef& def);

/// @brief The most members a network with this `members` value can draw: a prior's upper end,
/// mean + 4 sd for the unbounded normal and lognormal. Used to bound populations before
/// anything is built.
double members_upper_bound(const Param& members);

/// @brief A copy with every prior replaced by its draw for this replication (docs/model.md §8):
/// stream Purpose::priors, entity = hash of the parameter path, so the same replication
/// draws the same value in every variant. Normal and lognormal draws are truncated to the
/// parameter's valid range. @note Priors on `members` stay priors: the model draws them once
/// per network (Purpose::cluster_members).
ScenarioDef realise_priors(const ScenarioDef& def, std::uint32_t seed, std::uint32_t replication);

/// @brief The scenario as a complete scenario file: every value as resolved (priors as priors,
/// `auto` as `auto`), every agency and listed network, no `extends`. Loading it gives a
/// scenario with the same resolved_scenario_json, so it runs to the same bits: this is how a
/// scenario travels as text (to MPI ranks; to Python's `to_yaml()`).
std::string scenario_yaml(const ScenarioDef& def);

/// @brief Canonical JSON text of the fully resolved scenario (every key, defaults filled in).
std::string resolved_scenario_json(const ScenarioDef& def);

/// @brief A commented template scenario that validates (`smesim init`).
std::string template_scenario_yaml();

/// @brief Bounds of `smesim init --agencies N --networks M`.
inline constexpr int kMaxTemplateAgencies = 1000;
inline constexpr int kMaxTemplateNetworks = 1'000'000;

/// @brief A commented template of a programme of `agencies` agencies leading `networks`
/// networks in all (`smesim init --agencies N --networks M`): it extends the built-in scenario
/// for its priors, replaces its agencies with `agencies: {replace: true, list: [...]}`, and
/// spreads the networks evenly over the agencies and, through each agency's `province_groups`,
/// over the 18 official groups. It validates and runs as printed.
/// @throws std::invalid_argument unless 1 <= agencies <= kMaxTemplateAgencies and
/// agencies <= networks <= kMaxTemplateNetworks.
std::string template_scenario_yaml(int agencies, int networks);

}  // namespace smesim
