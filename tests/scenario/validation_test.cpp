// docs/scenario.md "Bad input": every fixture in tests/scenario/fixtures/bad_*.yaml is refused
// with a ScenarioError naming the file, the exact line and column of the offending key or
// value, its key path, and what was expected.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include <fmt/format.h>

#include "smesim/error.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

std::string fixture(const std::string& name) { return std::string(SMESIM_FIXTURES_DIR) + "/" + name; }

std::optional<ScenarioError> load_error(const std::string& path) {
  try {
    load_scenario_file(path);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

/// Loads `name` and checks the error: file, exact line and column, key path, phrase, and the
/// "file:line:col: error: key.path: message" form of what().
void expect_error(const std::string& name, int line, int column, const std::string& key_path,
                  const std::string& phrase) {
  const std::string path = fixture(name);
  INFO("fixture " << name);
  const auto error = load_error(path);
  REQUIRE(error.has_value());
  INFO("what(): " << error->what());
  CHECK(error->where().file == path);
  CHECK(error->where().line == line);
  CHECK(error->where().column == column);
  CHECK(error->key_path() == key_path);
  CHECK_THAT(error->what(), Contains(phrase));
  CHECK_THAT(error->message(), Contains(phrase));
  const std::string prefix = key_path.empty()
                                 ? fmt::format("{}:{}:{}: error: ", path, line, column)
                                 : fmt::format("{}:{}:{}: error: {}: ", path, line, column, key_path);
  CHECK_THAT(error->what(), StartsWith(prefix));
  CHECK(std::string(error->what()) == prefix + error->message());
}

TEST_CASE("unknown key: a typo gets a did-you-mean and the valid keys", "[scenario][validation]") {
  expect_error("bad_unknown_key.yaml", 5, 3, "programme.budget_thbb", "did you mean `budget_thb`?");
  const auto error = load_error(fixture("bad_unknown_key.yaml"));
  REQUIRE(error.has_value());
  CHECK_THAT(error->message(), Contains("unknown key `budget_thbb`"));
  CHECK_THAT(error->message(), Contains("expected one of: budget_thb, overhead_share"));
}

TEST_CASE("wrong type: text where a whole number is expected", "[scenario][validation]") {
  expect_error("bad_wrong_type.yaml", 5, 19, "time.horizon_months",
               "expected a whole number, got `thirty-six`");
}

TEST_CASE("negative budget is out of range", "[scenario][validation]") {
  expect_error("bad_negative_budget.yaml", 5, 15, "programme.budget_thb", "expected a number in [0, ");
  const auto error = load_error(fixture("bad_negative_budget.yaml"));
  REQUIRE(error.has_value());
  CHECK_THAT(error->message(), Contains("got -5000000"));
}

TEST_CASE("an agency split that does not sum to 1 points at the child's split", "[scenario][validation]") {
  expect_error("bad_split_sum.yaml", 7, 14, "agencies.DIP.strategy.split",
               "expected shares that sum to 1, got 1.2");
}

TEST_CASE("a probability above 1", "[scenario][validation]") {
  expect_error("bad_probability.yaml", 6, 26, "dynamics.technology.success_probability",
               "expected a number in [0, 1], got 1.5");
}

TEST_CASE("a uniform prior with lo > hi", "[scenario][validation]") {
  expect_error("bad_uniform_lo_hi.yaml", 5, 18, "dynamics.learning_rate", "lo <= hi, got lo 0.1 > hi 0.02");
}

TEST_CASE("a network led by an agency that does not exist", "[scenario][validation]") {
  expect_error("bad_network_agency.yaml", 9, 24, "networks.list.n1.agency",
               "expected the id of an agency in `agencies`, got `B`");
}

TEST_CASE("networks that do not add up to an agency's count", "[scenario][validation]") {
  expect_error("bad_network_count.yaml", 6, 15, "agencies.DIP.networks",
               "networks do not add up: agency DIP leads 16 networks but 17 are listed");
}

TEST_CASE("a horizon shorter than the programme", "[scenario][validation]") {
  expect_error("bad_horizon.yaml", 5, 19, "time.horizon_months",
               "expected a horizon at least as long as the programme (12 months), got 6");
}

TEST_CASE("zero replications", "[scenario][validation]") {
  expect_error("bad_zero_replications.yaml", 4, 15, "replications",
               "expected a whole number in [1, 100000000], got 0");
}

TEST_CASE("an empty file", "[scenario][validation]") {
  expect_error("bad_empty.yaml", 1, 1, "", "empty scenario");
}

TEST_CASE("a file that is not YAML: an unclosed flow sequence", "[scenario][validation]") {
  // yaml-cpp notices the missing `]` where the next block key starts.
  expect_error("bad_not_yaml.yaml", 4, 1, "", "not valid YAML: end of sequence flow not found");
}

TEST_CASE("a file that is not YAML: bad indentation", "[scenario][validation]") {
  expect_error("bad_indentation.yaml", 5, 19, "", "not valid YAML: illegal map value");
}

TEST_CASE("a YAML alias bomb is refused before it expands", "[scenario][validation]") {
  // Blamed on the first list whose aliases push the document past the node limit: `f`.
  expect_error("bad_alias_bomb.yaml", 7, 4, "", "alias bomb");
}

TEST_CASE("size_mix that does not sum to 1", "[scenario][validation]") {
  expect_error("bad_size_mix.yaml", 5, 13, "sme.size_mix", "expected shares that sum to 1, got 1.05");
}

TEST_CASE("an unknown distribution name gets a did-you-mean", "[scenario][validation]") {
  expect_error("bad_distribution_name.yaml", 5, 25, "dynamics.spillover_per_month",
               "unknown distribution `unifrom` (did you mean `uniform`?)");
}

TEST_CASE("an odd small-world degree", "[scenario][validation]") {
  expect_error("bad_odd_degree.yaml", 6, 43, "networks.generate.topology.degree",
               "expected an even small-world degree, got 5");
}

TEST_CASE("a quoted number is text, not a number", "[scenario][validation]") {
  expect_error("bad_quoted_number.yaml", 5, 15, "programme.budget_thb", "expected a number");
  const auto error = load_error(fixture("bad_quoted_number.yaml"));
  REQUIRE(error.has_value());
  CHECK_THAT(error->message(), Contains("the quoted text `309000000`"));
}

TEST_CASE("extends of a missing file", "[scenario][validation]") {
  expect_error("bad_extends_missing.yaml", 3, 10, "extends", "no scenario file");
  const auto error = load_error(fixture("bad_extends_missing.yaml"));
  REQUIRE(error.has_value());
  // Relative paths resolve against the directory of the extending file.
  CHECK_THAT(error->message(), Contains(fixture("no_such_parent.yaml")));
}

TEST_CASE("a scenario file that does not exist", "[scenario][validation]") {
  const std::string path = fixture("no_such_scenario.yaml");
  const auto error = load_error(path);
  REQUIRE(error.has_value());
  CHECK(error->where().file == path);
  CHECK_FALSE(error->where().known());
  CHECK_THAT(error->what(), StartsWith(path + ": error: "));
  CHECK_THAT(error->message(), Contains("cannot open"));
}

TEST_CASE("every bad fixture is refused, and only with a ScenarioError", "[scenario][validation]") {
  // A fixture that a loader change silently starts to accept would make its own test fail;
  // this one also guards against a crash or a different exception type.
  for (const char* name :
       {"bad_unknown_key.yaml", "bad_wrong_type.yaml", "bad_negative_budget.yaml", "bad_split_sum.yaml",
        "bad_probability.yaml", "bad_uniform_lo_hi.yaml", "bad_network_agency.yaml", "bad_network_count.yaml",
        "bad_horizon.yaml", "bad_zero_replications.yaml", "bad_empty.yaml", "bad_not_yaml.yaml",
        "bad_indentation.yaml", "bad_alias_bomb.yaml", "bad_size_mix.yaml", "bad_distribution_name.yaml",
        "bad_odd_degree.yaml", "bad_quoted_number.yaml", "bad_extends_missing.yaml"}) {
    INFO(name);
    CHECK_THROWS_AS(load_scenario_file(fixture(name)), ScenarioError);
  }
}

}  // namespace
}  // namespace smesim
