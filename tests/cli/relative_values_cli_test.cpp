// Bad relative values as a shell: refused at file:line:col with exit 2 and nothing written.
// What relative values mean is tested in process (tests/study/relative_values_study_test.cpp).
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::relative_fixture;

TEST_CASE("bad relative values: file:line:col, exit 2, nothing written", "[cli][compare][relative]") {
  TempFolder dir("relative-bad");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  struct Case {
    std::string variant;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {R"({agencies.DIP.budget_thb: "+20%"})",
            "compare.yaml:6:32: error: variants.b.agencies.DIP.budget_thb: "},
           {R"({dynamics.trust.initial: "*4"})",
            "compare.yaml:6:31: error: variants.b.dynamics.trust.initial: "},
           {"{agencies.DIP.budget_thb: *1.2}", "compare.yaml:6:"},
       }) {
    INFO(c.variant);
    write_text(
        fs::path(dir.path) / "compare.yaml",
        "name: bad\nscenario: small.yaml\nreplications: 2\nvariants:\n  a: {}\n  b: " + c.variant + "\n");
    const auto r = smesim_in(dir.path, "compare compare.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
