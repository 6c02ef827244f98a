// The bytes of two small runs, pinned (DESIGN.md "Determinism": a refactoring cannot change
// results unnoticed). tests/golden/expected.tsv holds the FNV-1a 64 hash and the size of
// every file, and manifest.json's scenario_hash; the runs are two_firms.yaml (5,000
// replications: enough that the summary's columns spill to their scratch file, so the
// streamed path is the one pinned), priors.yaml (300 replications of the default
// programme with priors on every kind of parameter) and v1_default.yaml (100 replications of
// the default programme under the v1 mentoring rule, engagement_months 0: its files were
// pinned by the binary before engagements existed, and regenerate.sh never rewrites them) and
// v2_default.yaml (the same under the built-in engagements of 3 months).
//
// When a change is meant to change results, rewrite the table with
// tests/golden/regenerate.sh after checking why each file changed; never otherwise.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Expected {
  std::string hash;
  std::size_t bytes = 0;
};

// run -> file -> expected
std::map<std::string, std::map<std::string, Expected>> expected_table() {
  std::ifstream in(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/expected.tsv");
  REQUIRE(in);
  std::map<std::string, std::map<std::string, Expected>> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string run, file;
    Expected e;
    std::getline(fields, run, '\t');
    std::getline(fields, file, '\t');
    std::getline(fields, e.hash, '\t');
    std::string bytes;
    std::getline(fields, bytes, '\t');
    e.bytes = bytes.empty() ? 0 : std::stoul(bytes);
    table[run][file] = e;
  }
  return table;
}

// FNV-1a 64, as 16 hex digits.
std::string fnv1a64(const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

TEST_CASE("Golden runs: every output file has the pinned bytes", "[cli][golden]") {
  const auto table = expected_table();
  const std::map<std::string, int> replications{
      {"two_firms", 5000}, {"priors", 300}, {"v1_default", 100}, {"v2_default", 100}};
  REQUIRE(table.size() == replications.size());
  for (const auto& [run, reps] : replications) {
    INFO("run " << run);
    const smesim::test::TempFolder folder("golden");
    const std::string out = folder.path + "/" + run;
    const std::string command =
        fmt::format("'{}' run '{}/tests/golden/{}.yaml' --reps {} --threads 2 --quiet --out '{}'",
                    smesim::test::smesim_binary(), SMESIM_SOURCE_DIR, run, reps, out);
    INFO(command);
    const auto result = smesim::test::run_command(command);
    REQUIRE(result.exit_code == 0);
    const auto& files = table.at(run);
    std::size_t seen = 0;
    for (const auto& entry : fs::directory_iterator(out)) {
      const std::string name = entry.path().filename().string();
      INFO("file " << name << " (run the command above to see it)");
      ++seen;
      if (name == "manifest.json") {
        const auto manifest = nlohmann::json::parse(smesim::test::read_text(entry.path()));
        CHECK(manifest.at("scenario_hash") == files.at("manifest.json:scenario_hash").hash);
        CHECK(manifest.at("replications") == reps);
        continue;
      }
      REQUIRE(files.count(name) == 1);  // no scratch or unknown file is left behind
      const std::string bytes = smesim::test::read_text(entry.path());
      CHECK(bytes.size() == files.at(name).bytes);
      CHECK(fnv1a64(bytes) == files.at(name).hash);
    }
    CHECK(seen == files.size());  // every file, the manifest included
  }
}
