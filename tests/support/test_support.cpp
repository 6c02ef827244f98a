#include "support/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace smesim::test {

ScenarioDef scenario_from_yaml(const std::string& yaml) { return load_scenario_text(yaml, "<test>").def; }

std::string quiet_scenario_yaml(int members, const std::string& topology) {
  return fmt::format(R"(name: quiet
seed: 7
replications: 1
programme: {{budget_thb: 0}}
agencies:
  - id: A
    networks: 1
    sectors: [manufacturing]
networks:
  generate: {{members: {}, topology: {}}}
dynamics:
  learning_rate: 0
  spillover_per_month: 0
  cost_elasticity: 0
  trust: {{initial: 0.3, gain_per_month: 0, decay_per_month: 0, join_threshold: 0.5}}
  joint_purchasing: {{max_discount: 0, half_volume_thb: 20000000, poolable_share: 0}}
  technology: {{success_probability: 0, capability_jump: 0, cost_cut: 0, p_per_year: 0, q_per_year: 0}}
  market: {{p_per_year: 0, capability_per_year: 0, technology_per_year: 0, q_per_year: 0, revenue_uplift: 0}}
  dropout: {{base_per_year: 0, trust_protection: 0}}
)",
                     members, topology);
}

ForecastOptions forecast_options(std::uint32_t replications, int threads, const std::atomic<bool>* cancel) {
  ForecastOptions o;
  o.replications = replications;
  o.threads = threads;
  o.cancel = cancel;
  return o;
}

Harness::Harness(const ScenarioDef& def, std::uint32_t replication) {
  detail::begin_replication(def, replication, state_, result_);
}

void Harness::step() { detail::step_month(state_, month_++, result_); }

void Harness::run_to_end() {
  while (month_ < state_.params.horizon_months) step();
  detail::finish_replication(state_, result_);
}

std::string smesim_binary() { return SMESIM_BINARY; }

std::string make_temp_dir(const std::string& tag) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("smesim-test-" + tag + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

CommandResult run_command(const std::string& command) {
  const std::string dir = make_temp_dir("cmd");
  const std::string out = dir + "/out";
  const std::string err = dir + "/err";
  const int status = std::system(fmt::format("( {} ) >{} 2>{} </dev/null", command, out, err).c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace smesim::test
