#include <fmt/format.h>

#include "smesim/scenario/scenario.hpp"

namespace smesim {

std::vector<ClusterSpec> expand_networks(const ScenarioDef& def) {
  std::vector<ClusterSpec> out;
  const auto& groups = official_province_groups();
  if (!def.networks.list.empty()) {
    for (const auto& n : def.networks.list) {
      ClusterSpec c;
      c.id = n.id;
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
  // Generated: sectors round-robin within each agency, province groups round-robin over the
  // 18 official groups in agency order (docs/model.md §9).
  std::size_t next_group = 0;
  for (std::size_t a = 0; a < def.agencies.size(); ++a) {
    const AgencyDef& agency = def.agencies[a];
    for (int k = 0; k < agency.networks; ++k) {
      ClusterSpec c;
      c.id = fmt::format("{}-{:02}", agency.id, k + 1);
      c.agency = static_cast<int>(a);
      c.sector = agency.sectors.empty() ? Sector::manufacturing
                                        : agency.sectors[static_cast<std::size_t>(k) % agency.sectors.size()];
      c.province_group = groups[next_group++ % groups.size()];
      c.members = def.networks.members;
      c.topology = def.networks.topology;
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace smesim
