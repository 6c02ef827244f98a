// Mentoring in engagements (docs/model.md §5 step 2, §10 cases 11 and 12). Every month of every
// run below is checked against a reference written from the text in this file: continuing
// firms by months served (g) descending, then starters by completed engagements (c)
// ascending, the targeting rule, and the lower index; a served firm's g and c move as
// §5 step 2 says. On top of it the properties of case 11 are checked directly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "model/mechanisms.hpp"
#include "random/philox_batch.hpp"
#include "support/test_support.hpp"

using namespace smesim;
using namespace smesim::detail;

namespace {

constexpr int kCostThb = 100;
constexpr int kMonths = 24;

Targeting rule_named(const std::string& name) {
  for (const Targeting t :
       {Targeting::broad, Targeting::laggards, Targeting::leaders, Targeting::hubs, Targeting::largest})
    if (name == to_string(t)) return t;
  FAIL("no rule " << name);
  return Targeting::broad;
}

// The quiet scenario (one agency, one network of `members` firms, every rate zero) with a
// mentoring budget that buys exactly `slots` firm-months every month (the allocation is
// slots x cost x P, all of it for mentoring), engagements of `engagement_months`, and learning
// on, so that the capability rankings of laggards and leaders move as firms are served.
ScenarioDef engagement_scenario(int members, int slots, int engagement_months, const std::string& rule,
                                const std::string& topology, double dropout_per_year = 0,
                                double learning_rate = 0.05) {
  ScenarioDef def = test::scenario_from_yaml(test::quiet_scenario_yaml(members, topology));
  def.seed = 11;
  def.time.programme_months = kMonths;
  def.time.horizon_months = kMonths;
  def.programme.budget_thb = slots * kCostThb * kMonths;
  StrategyDef& strategy = def.agencies.front().strategy;
  strategy.split = {1.0, 0.0, 0.0};
  strategy.mentoring.cost_per_firm_month_thb = kCostThb;
  strategy.mentoring.targeting = rule_named(rule);
  strategy.mentoring.engagement_months = engagement_months;
  def.dynamics.learning_rate = learning_rate;
  def.dynamics.dropout.base_per_year = dropout_per_year;
  validate(def);
  return def;
}

// The targeting rule's order of docs/model.md §5 step 2 as a number, smaller first: broad by its
// uniform, laggards by mean capability, leaders by minus it, hubs by minus the degree,
// largest by minus R(0). (The mean is taken in single precision like the state it reads.)
double rule_key(Targeting rule, const ReplicationState& s, std::uint32_t i,
                const std::vector<std::uint32_t>& words) {
  const auto& cap = s.pop.capability;
  const double mean = (cap[kProcess][i] + cap[kManagement][i] + cap[kMarket][i]) / 3.0f;
  switch (rule) {
    case Targeting::broad:
      return to_unit_open(words[i - s.pop.begin(0)]);
    case Targeting::laggards:
      return mean;
    case Targeting::leaders:
      return -mean;
    case Targeting::hubs:
      return -static_cast<double>(s.graph.degree(i));
    case Targeting::largest:
      return -static_cast<double>(s.pop.base_revenue_thb[i]);
  }
  return 0;
}

// The firms docs/model.md §5 step 2 serves this month in cluster 0 with `quota` slots, from the
// state at the start of the step (after dropout).
std::vector<std::uint32_t> reference_served(const ReplicationState& s, Targeting rule, std::size_t quota,
                                            int t) {
  const std::uint32_t begin = s.pop.begin(0);
  const std::uint32_t n = s.pop.end(0) - begin;
  // `broad`: word 0 of the network's Purpose::mentoring_sample block of the month, per firm.
  std::array<std::vector<std::uint32_t>, 4> block;
  for (auto& w : block) w.resize(n);
  philox_batch_scalar(s.key, Purpose::mentoring_sample, s.params.clusters[0].stream, 0,
                      static_cast<std::uint32_t>(t), n,
                      {block[0].data(), block[1].data(), block[2].data(), block[3].data()});
  const std::vector<std::uint32_t>& words = block[0];
  std::vector<std::tuple<int, std::uint32_t>> continuing;        // (-g, index)
  std::vector<std::tuple<int, double, std::uint32_t>> starters;  // (c, rule key, index)
  for (std::uint32_t i = begin; i < begin + n; ++i) {
    if (s.pop.active[i] == 0) continue;
    if (s.pop.engagement_month[i] > 0)
      continuing.emplace_back(-static_cast<int>(s.pop.engagement_month[i]), i);
    else
      starters.emplace_back(s.pop.engagements_completed[i], rule_key(rule, s, i, words), i);
  }
  std::sort(continuing.begin(), continuing.end());
  std::sort(starters.begin(), starters.end());
  std::vector<std::uint32_t> served;
  for (const auto& [minus_g, i] : continuing)
    if (served.size() < quota) served.push_back(i);
  for (const auto& [c, key, i] : starters)
    if (served.size() < quota) served.push_back(i);
  std::sort(served.begin(), served.end());
  return served;
}

struct Snapshot {
  std::vector<std::uint16_t> n, g, c;
  explicit Snapshot(const Population& pop)
      : n(pop.mentored_months), g(pop.engagement_month), c(pop.engagements_completed) {}
};

// Engagements started so far: completed ones and the one under way.
int started(const Snapshot& s, std::uint32_t i) { return s.c[i] + (s.g[i] > 0 ? 1 : 0); }

}  // namespace

TEST_CASE(
    "§10.11 engagements: one start each before any second, L consecutive months, min(N, k floor(t/L)) done",
    "[model][special][engagement]") {
  // (N, k, L): N a multiple of k and not, k = N, k = 1, L = 1, L longer than N / k.
  const std::vector<std::tuple<int, int, int>> cases{{12, 4, 3}, {10, 4, 3}, {9, 9, 2}, {20, 3, 4},
                                                     {7, 3, 2},  {11, 1, 1}, {15, 6, 5}};
  for (const std::string rule : {"broad", "laggards", "leaders", "hubs", "largest"}) {
    for (const auto& [n_firms, k, L] : cases) {
      INFO("rule " << rule << ", N " << n_firms << ", k " << k << ", L " << L);
      const ScenarioDef def =
          engagement_scenario(n_firms, k, L, rule, "{kind: small_world, degree: 4, rewire: 0.5}");
      test::Harness h(def, 0);
      auto& s = h.state();
      const auto& pop = s.pop;
      REQUIRE(pop.size() == static_cast<std::size_t>(n_firms));
      for (int t = 0; t < kMonths; ++t) {
        INFO("month " << t);
        // After months 0 .. t-1: exactly min(N, k floor(t / L)) firms have n >= L.
        const auto done = std::count_if(pop.mentored_months.begin(), pop.mentored_months.end(),
                                        [L = L](std::uint16_t n) { return n >= L; });
        REQUIRE(done == std::min(n_firms, k * (t / L)));
        const Snapshot before(pop);
        const auto expected = reference_served(s, rule_named(rule), static_cast<std::size_t>(k), t);
        h.step();
        const Snapshot after(pop);
        std::vector<std::uint32_t> served;
        for (std::uint32_t i = 0; i < pop.size(); ++i)
          if (after.n[i] != before.n[i]) served.push_back(i);
        REQUIRE(served == expected);
        REQUIRE(h.result().months[static_cast<std::size_t>(t)].mentored == k);
        const int fewest = [&] {
          int m = started(after, 0);
          for (std::uint32_t i = 0; i < pop.size(); ++i) m = std::min(m, started(after, i));
          return m;
        }();
        for (std::uint32_t i = 0; i < pop.size(); ++i) {
          INFO("firm " << i);
          const bool was_served = std::binary_search(served.begin(), served.end(), i);
          // Every engagement runs L consecutive months: a firm in one is served every month.
          if (before.g[i] > 0) REQUIRE(was_served);
          // g and c as §5 step 2 says.
          const int g_expected = was_served ? (before.g[i] + 1 == L ? 0 : before.g[i] + 1) : before.g[i];
          REQUIRE(after.g[i] == g_expected);
          REQUIRE(after.c[i] == before.c[i] + (was_served && before.g[i] + 1 == L ? 1 : 0));
          // A firm that starts its m-th engagement this month does so only once every firm
          // has started m - 1.
          if (started(after, i) > started(before, i)) REQUIRE(fewest >= started(after, i) - 1);
        }
      }
    }
  }
}

TEST_CASE("§10.12 engagement_months 0 is v1: laggards serve the same k firms while the ranking holds",
          "[model][special][engagement]") {
  test::Harness h(engagement_scenario(15, 4, 0, "laggards", "{kind: complete}", 0, 0), 0);
  const auto& pop = h.state().pop;
  // The four lowest mean capabilities (no learning: the ranking never changes).
  std::vector<std::uint32_t> order(pop.size());
  std::iota(order.begin(), order.end(), 0u);
  const auto mean = [&pop](std::uint32_t i) {
    return (pop.capability[kProcess][i] + pop.capability[kManagement][i] + pop.capability[kMarket][i]) / 3.0f;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return mean(a) < mean(b); });
  std::vector<std::uint16_t> expected(pop.size(), 0);
  for (int t = 1; t <= 12; ++t) {
    h.step();
    for (std::size_t j = 0; j < 4; ++j) expected[order[j]] = static_cast<std::uint16_t>(t);
    REQUIRE(pop.mentored_months == expected);
    // No engagement state under the v1 rule.
    REQUIRE(
        std::all_of(pop.engagement_month.begin(), pop.engagement_month.end(), [](auto g) { return g == 0; }));
    REQUIRE(std::all_of(pop.engagements_completed.begin(), pop.engagements_completed.end(),
                        [](auto c) { return c == 0; }));
  }
}

TEST_CASE("Engagements: a continuing firm left without a slot keeps g, a dropped firm's engagement ends",
          "[model][engagement]") {
  // One agency, two networks of 10: 8 slots a month, split 4 / 4 by active members while both
  // are whole. After month 0, six firms of network 0 that are not in an engagement leave
  // (set by hand, as dropout would): network 0 has 4 active, network 1 has 10, so the 8 slots
  // split 2 / 6 (largest remainder of 2.29 / 5.71) and only two of network 0's four continuing
  // firms are served.
  const std::string yaml = fmt::format(R"(name: quota
seed: 5
replications: 1
time: {{programme_months: 12, horizon_months: 12}}
programme: {{budget_thb: {}}}
agencies:
  - id: A
    networks: 2
    sectors: [manufacturing]
    strategy:
      split: {{mentoring: 1, network: 0, technology: 0}}
      mentoring: {{cost_per_firm_month_thb: {}, targeting: laggards, engagement_months: 3}}
networks:
  generate: {{members: 10, topology: {{kind: complete}}}}
dynamics: {{dropout: {{base_per_year: 0}}, spillover_per_month: 0}}
)",
                                       8 * kCostThb * 12, kCostThb);
  test::Harness h(test::scenario_from_yaml(yaml), 0);
  auto& s = h.state();
  auto& pop = s.pop;
  h.step();  // month 0: four starters in each network
  std::vector<std::uint32_t> engaged, idle;
  for (std::uint32_t i = pop.begin(0); i < pop.end(0); ++i)
    (pop.engagement_month[i] == 1 ? engaged : idle).push_back(i);
  REQUIRE(engaged.size() == 4);
  REQUIRE(idle.size() == 6);
  for (const std::uint32_t i : idle) pop.active[i] = 0;

  h.step();  // month 1: quota 2 of network 0 goes to two of the four continuing firms (g = 1 each: lower
             // index)
  CHECK(h.result().months[1].mentored == 8);
  for (std::size_t j = 0; j < 4; ++j) {
    INFO("engaged firm " << engaged[j]);
    CHECK(pop.mentored_months[engaged[j]] == (j < 2 ? 2 : 1));
    CHECK(pop.engagement_month[engaged[j]] == (j < 2 ? 2 : 1));  // the unserved keep g = 1
    CHECK(pop.engagements_completed[engaged[j]] == 0);
  }

  // Month 2: the two at g = 2 are the most advanced: they are served and complete.
  h.step();
  for (std::size_t j = 0; j < 4; ++j) {
    CHECK(pop.engagement_month[engaged[j]] == (j < 2 ? 0 : 1));
    CHECK(pop.engagements_completed[engaged[j]] == (j < 2 ? 1 : 0));
  }
  // Month 3: the two that waited continue where they stopped (g 1 -> 2), not from the start.
  h.step();
  for (std::size_t j = 2; j < 4; ++j) {
    CHECK(pop.engagement_month[engaged[j]] == 2);
    CHECK(pop.mentored_months[engaged[j]] == 2);
  }

  // A firm that drops out mid-engagement: its engagement ends and it is never served again.
  const std::uint32_t leaver = engaged[3];
  pop.active[leaver] = 0;
  const auto n_left = pop.mentored_months[leaver];
  h.step();  // dropout of month 4 reads active = 0 and ends the engagement
  CHECK(pop.engagement_month[leaver] == 0);
  CHECK(pop.engagements_completed[leaver] == 0);
  for (int t = 5; t < 12; ++t) h.step();
  CHECK(pop.mentored_months[leaver] == n_left);
}

TEST_CASE("Engagements under real dropout: only active firms are served, engagements of dropped firms end",
          "[model][engagement]") {
  // Dropout of 3 a year (about 22% a month): quotas fall as networks shrink, and dropped firms
  // are in the middle of engagements. Each month is checked against the reference.
  for (const std::string rule : {"broad", "laggards", "largest"}) {
    INFO("rule " << rule);
    test::Harness h(engagement_scenario(30, 7, 3, rule, "{kind: complete}", 3.0), 0);
    auto& s = h.state();
    for (int t = 0; t < kMonths; ++t) {
      INFO("month " << t);
      const Snapshot before(s.pop);
      // Dropout runs first in the month; replay it on a copy to know who is active for step 2.
      test::Harness probe = h;
      detail::draw_month(probe.state(), t);
      detail::apply_dropout(probe.state(), t);
      const auto& after_dropout = probe.state();
      // One network: its quota is the month's slots, what the envelope (with carry-over of
      // slots that found no active firm) buys.
      const auto envelope = after_dropout.ledgers[0][kMentoring].envelope(t);
      const auto quota = static_cast<std::size_t>(envelope / (kCostThb * 100));
      const auto expected = reference_served(after_dropout, rule_named(rule), quota, t);
      h.step();
      std::vector<std::uint32_t> served;
      for (std::uint32_t i = 0; i < s.pop.size(); ++i) {
        if (s.pop.mentored_months[i] != before.n[i]) served.push_back(i);
        if (s.pop.active[i] == 0) REQUIRE(s.pop.engagement_month[i] == 0);
      }
      REQUIRE(served == expected);
    }
  }
}
