#include <fmt/format.h>

#include "smesim/scenario/scenario.hpp"

namespace smesim {

const std::vector<std::string>& declared_province_groups(const ScenarioDef& def) {
  return def.province_groups.empty() ? official_province_groups() : def.province_groups;
}

std::vector<ClusterSpec> expand_networks(const ScenarioDef& def) {
  std::vector<ClusterSpec> out;
  const auto& groups = declared_province_groups(def);
  if (!def.networks.list.empty()) {
    for (const auto& n : def.networks.list) {
      ClusterSpec c;
      c.id = n.id;
      c.name = n.name;
      c.agency = -1;
      for (std::size_t a = 0; a < def.agencies.size(); ++a)
        if (def.agencies[a].id == n.agency) c.agency = static_cast<int>(a);
      c.sector = n.sector;
      c.province_group = n.province_group;
      c.members = n.members.is_set() ? n.members : def.networks.members;
      c.topology = n.topology.is_set ? n.topology : def.networks.topology;
      out.push_back(std::move(c));
    }
    return out;
  }
  // Generated: sectors round-robin within each agency; an agency's `province_groups` gives each
  // group its count, in file order; the other agencies take the declared groups round-robin in
  // agency order, and only their networks advance it (docs/scenario.md "networks.generate"), so
  // a scenario without `province_groups` keeps the networks it had before the key existed.
  std::size_t next_group = 0;
  for (std::size_t a = 0; a < def.agencies.size(); ++a) {
    const AgencyDef& agency = def.agencies[a];
    auto add = [&](int k, const std::string& group) {
      ClusterSpec c;
      c.id = fmt::format("{}-{:02}", agency.id, k + 1);
      c.agency = static_cast<int>(a);
      c.sector = agency.sectors.empty() ? Sector::manufacturing
                                        : agency.sectors[static_cast<std::size_t>(k) % agency.sectors.size()];
      c.province_group = group;
      c.members = def.networks.members;
      c.topology = def.networks.topology;
      out.push_back(std::move(c));
    };
    if (agency.province_groups.empty()) {
      for (int k = 0; k < agency.networks; ++k) add(k, groups[next_group++ % groups.size()]);
    } else {
      int k = 0;
      for (const ProvinceGroupCount& g : agency.province_groups)
        for (int j = 0; j < g.networks; ++j) add(k++, g.group);
    }
  }
  return out;
}

}  // namespace smesim
