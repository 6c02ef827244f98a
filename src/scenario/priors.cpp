// MODEL.md §8: priors drawn once per replication on their own stream.
#include "random/sampling.hpp"
#include "scenario/fields.hpp"
#include "smesim/random/philox.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

bool drawn_per_network(const std::string& path) {
  // Members are drawn per network by the model (Purpose::cluster_members), not once.
  return path == "networks.generate.members" ||
         (path.starts_with("networks.list.") && path.ends_with(".members"));
}

// Shares given as priors cannot be forced to sum to 1 draw by draw; they are renormalised.
void renormalise(std::initializer_list<Param*> shares) {
  double sum = 0;
  for (const Param* p : shares) sum += p->value();
  if (sum <= 0) return;
  for (Param* p : shares) *p = Param(p->value() / sum);
}

}  // namespace

ScenarioDef realise_priors(const ScenarioDef& def, std::uint32_t seed, std::uint32_t replication) {
  ScenarioDef out = def;
  const PhiloxKey key = make_key(seed, replication);
  bool any_share_prior = false;
  for (auto& f : detail::list_fields(out)) {
    if (f.info.kind != FieldKind::number || drawn_per_network(f.info.path)) continue;
    const Param p = f.get_number();
    if (!p.is_set() || p.is_fixed()) continue;
    any_share_prior = any_share_prior || f.info.path.find("split.") != std::string::npos ||
                      f.info.path.starts_with("sme.size_mix.");
    PhiloxStream stream(key, Purpose::priors, entity_key(f.info.path), 0);
    f.set_number(Param(detail::draw_param(stream, p, f.info.min, f.info.max)));
  }
  if (any_share_prior) {
    auto& mix = out.sme.size_mix;
    renormalise({&mix.micro, &mix.small, &mix.medium});
    for (auto& a : out.agencies) {
      auto& s = a.strategy.split;
      renormalise({&s.mentoring, &s.network, &s.technology});
    }
  }
  return out;
}

}  // namespace smesim
