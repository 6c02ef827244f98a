#pragma once
// Study files shared by the in-process tests of a study (tests/study/) and the shell tests
// of its command (tests/cli/), each with the small scenario it runs on (`small.yaml` beside it).

#include <string>

namespace smesim::test {

namespace sweep_fixture {
// Twelve points of the default programme with 40-member networks, a few replications each.
inline const char* const kSweep = R"(name: resume-test
scenario: small.yaml
replications: 6
parameters:
  programme.budget_thb: {from: 50000000, to: 400000000, steps: 4}
  agencies.*.strategy.mentoring.targeting: [broad, laggards, leaders]
)";
inline const char* const kSmall =
    "extends: default\nname: small\nnetworks: {generate: {members: 40}, list: ~}\n";
}  // namespace sweep_fixture

namespace solve_fixture {
// The default programme with 30-member networks (1,620 SMEs) develops about 30 SMEs with
// 5 M THB and about 1,500 with 100 M THB, so a target of 1,000 developed SMEs is reached
// somewhere inside the range.
inline const char* const kSmall =
    "extends: default\nname: small\nnetworks: {generate: {members: 30}, list: ~}\n"
    "targets: {developed_smes: 1000}\n";
inline const char* const kSolve = R"(name: small-solve
scenario: small.yaml
replications: 24
parameter: programme.budget_thb
range: [5000000, 100000000]
target: developed_smes
probability: 0.75
tolerance: 3000000
)";
}  // namespace solve_fixture

namespace optimise_fixture {
// Two agencies that spend everything on mentoring, with room for more than the budget buys
// (2 × 1,000 members each, 1 M THB: all of it at 300 THB a firm-month develops about 1,100 of
// 4,000 SMEs), one paying a tenth of the other's price: every baht moved to DIP develops ten
// times the SMEs it develops at RICE, so the best split gives DIP all of it.
inline const char* const kPrice = R"(name: price-ten-times
extends: default
time: {programme_months: 12, horizon_months: 12}
programme: {budget_thb: 1000000}
agencies:
  - {id: MOI-OPS, remove: true}
  - {id: FTI, remove: true}
  - {id: DOAE, remove: true}
  - {id: TISTR, remove: true}
  - {id: DOF, remove: true}
  - {id: DLD, remove: true}
  - {id: QSDS, remove: true}
  - {id: DIP, networks: 2, budget_thb: auto,
     strategy: {split: {mentoring: 1, network: 0, technology: 0}, mentoring: {cost_per_firm_month_thb: 300}}}
  - {id: RICE, networks: 2, budget_thb: auto,
     strategy: {split: {mentoring: 1, network: 0, technology: 0}, mentoring: {cost_per_firm_month_thb: 3000}}}
networks: {generate: {members: 1000}, list: ~}
)";
inline const char* const kPriceOptimise = R"(name: price-opt
scenario: price.yaml
replications: 10
seed: 3
objective: {maximise: mean, kpi: developed}
variables:
  - {budget_shares: [DIP, RICE]}
max_evaluations: 60
reevaluation_replications: 40
)";
// The default programme with 20-member networks and a tenth of the budget (about 950 of
// 1,080 SMEs developed, 26 M THB of cost reduction), with targets it meets sometimes; every
// agency's share and the mentoring share of every split move: 9 coordinates, λ = 10.
inline const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 20}, list: ~}\n"
    "targets: {developed_smes: 950, cost_reduction_thb: 20000000}\n";
inline const char* const kAllocation = R"(name: allocation-test
scenario: small.yaml
replications: 4
seed: 5
objective: {maximise: probability_met, target: developed_smes}
constraints: [{target: cost_reduction_thb, probability_met_at_least: 0.5}]
variables:
  - {budget_shares: [MOI-OPS, DIP, FTI, DOAE, TISTR, DOF, DLD, QSDS, RICE]}
  - {path: agencies.*.strategy.split.mentoring, range: [0.2, 0.9]}
max_evaluations: 30
reevaluation_replications: 8
)";
}  // namespace optimise_fixture

namespace sensitivity_fixture {
// 30-member networks and a budget too small to develop them all (so `developed` varies): a
// small, fast model.
inline const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 30}, list: ~}\n";

inline std::string sens_file(const std::string& method, const std::string& size, int replications = 3) {
  return "name: sens-test\nscenario: small.yaml\nreplications: " + std::to_string(replications) +
         "\nseed: 7\nmethod: " + method + "\n" + size +
         "kpis: [developed, expanded, cost_reduction_thb, added_revenue_thb]\n"
         "parameters:\n"
         "  dynamics.market.revenue_uplift: [0.05, 0.3]\n"
         "  dynamics.learning_rate: [0.02, 0.10]\n"
         "  dynamics.market.q_per_year: [0.12, 0.8]\n";
}
// A Sobol' analysis as small as its design allows (2 base points, 2 parameters) of whatever
// `small.yaml` beside it is.
inline const char* const kSmallestSobol = R"(name: study-sobol
scenario: small.yaml
replications: 2
seed: 5
method: sobol
base_points: 2
bootstrap: 20
kpis: [developed, expanded]
parameters:
  dynamics.learning_rate: [0.02, 0.10]
  dynamics.market.q_per_year: [0.12, 0.8]
)";
}  // namespace sensitivity_fixture

namespace compare_fixture {
// 40-member networks and a tenth of the budget: mentoring reaches only some members a month,
// so whom an agency targets matters (with room for everyone, targeting changes nothing).
inline const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 40}, list: ~}\n";
inline const char* const kCompare = R"(name: strategies-test
scenario: small.yaml
replications: 8
seed: 11
baseline: as-is
precision: {developed: 20, cost_reduction_thb: 1000000}
variants:
  laggards: {agencies.*.strategy.mentoring.targeting: laggards}
  as-is: {}
  network-heavy: {agencies.*.strategy.split.mentoring: 0.4, agencies.*.strategy.split.network: 0.3}
)";
}  // namespace compare_fixture

namespace relative_fixture {
// The default programme with 20-member networks: quick, and every budget still `auto`.
inline const char* const kSmall =
    "extends: default\nname: small\nnetworks: {generate: {members: 20}, list: ~}\n";
}  // namespace relative_fixture

}  // namespace smesim::test
