// The bytes of two small runs, pinned (docs/architecture.md "Determinism and random numbers": a
// refactoring cannot change results unnoticed). tests/golden/expected.tsv holds the FNV-1a 64 hash
// and the size of every file, and manifest.json's scenario_hash; the runs are two_firms.yaml (5,000
// replications: enough that the summary's columns spill to their scratch file, so the
// streamed path is the one pinned), priors.yaml (300 replications of the default
// programme with priors on every kind of parameter) and v1_default.yaml (100 replications of
// the default programme under the v1 mentoring rule, engagement_months 0: its files were
// pinned by the binary before engagements existed, and regenerate.sh never rewrites them) and
// v2_default.yaml (the same under the built-in engagements of 3 months). One change to the
// files was made on purpose: agencies.csv, agencies_long.csv and clusters.csv gained name
// columns at the end (`agency_name`, `cluster_name`; docs/outputs.md (names beside ids)), in every run and
// study, v1_default's included; each such file without them was checked to be its old pin's
// bytes, and every other file and scenario hash kept its pin.
//
// The per-replication files agency_kpis.csv, agency_timeseries.csv and cluster_kpis.csv later
// gained the same name columns at the end of each row (`agency_name`; `cluster_name`,
// `agency_name`), pinned by hand for v1_default after checking that each file with them cut off
// is its old pin's bytes (for every run). A solve's evaluation records (points/*.json) gained a
// last member, `drivers`, and its solution.json `drivers_at_answer` (or `drivers_at_hi`): with
// those members cut off, each is its old pin's bytes.
//
// When runs began to report what drives the result, summary.json gained a last member,
// `drivers`, and every run gained drivers.csv: both are pinned as they came, and
// `summary.json:without_drivers` pins summary.json with that member cut off, which is the
// summary.json every run wrote before, byte for byte (its old pins, v1_default's included).
//
// When a change is meant to change results, rewrite the table with
// tests/golden/regenerate.sh after checking why each file changed; never otherwise.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

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

// The tab-separated rows of a table in tests/golden/, comment lines left out.
std::vector<std::vector<std::string>> golden_rows(const std::string& name) {
  std::ifstream in(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/" + name);
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<std::string> row;
    for (std::string field; std::getline(fields, field, '\t');) row.push_back(field);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The hash and size in `row` from column `first` on (no size: 0, as manifest rows have).
Expected expected_at(const std::vector<std::string>& row, std::size_t first) {
  REQUIRE(row.size() > first);
  return {row[first], row.size() > first + 1 && !row[first + 1].empty() ? std::stoul(row[first + 1]) : 0};
}

// run -> file -> expected
std::map<std::string, std::map<std::string, Expected>> expected_table() {
  std::map<std::string, std::map<std::string, Expected>> table;
  for (const auto& row : golden_rows("expected.tsv")) table[row.at(0)][row.at(1)] = expected_at(row, 2);
  return table;
}

// results.xlsx names the revision in its README sheet, so its bytes change with every commit;
// tests/cli/workbook_test.cpp checks its every cell against the pinned CSV files instead.
constexpr const char* kUnpinnedWorkbook = "results.xlsx";

// FNV-1a 64, as 16 hex digits.
std::string fnv1a64(const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

// summary.json without its last member `drivers` (written as `,\n  "drivers": {...}` before the
// closing brace): what summary.json held before runs reported their drivers.
std::string without_drivers(const std::string& summary) {
  const std::size_t at = summary.rfind(",\n  \"drivers\": {");
  if (at == std::string::npos) return summary;
  return summary.substr(0, at) + "\n}\n";
}

}  // namespace

// [scale]: 5,500 replications in all; the pins are the Release build's, and under the sanitizers
// the same runs' code runs in the golden studies and the command-line runs of the default.
TEST_CASE("Golden runs: every output file has the pinned bytes", "[cli][golden][scale]") {
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
      if (name == kUnpinnedWorkbook) continue;
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
      if (name == "summary.json") {
        const std::string before = without_drivers(bytes);
        CHECK(before.size() < bytes.size());
        CHECK(before.size() == files.at("summary.json:without_drivers").bytes);
        CHECK(fnv1a64(before) == files.at("summary.json:without_drivers").hash);
      }
    }
    CHECK(seen + 1 == files.size());  // every file, the manifest included, and summary.json's second pin
  }
}

// ---------------------------------------------------------------------------------------------
// The studies: a sweep, a comparison, a Sobol' and a Morris analysis, a solve and an
// optimisation (two generations of CMA-ES and the re-evaluation) of
// tests/golden/studies/ (a small scenario, a few replications), every file they write pinned
// in tests/golden/studies.tsv — points, designs, indices, comparisons, evaluations, the
// experiment identity and the manifest without what records when and how it ran
// (started_utc, finished_utc, command_line, git_revision). Pinned before the study layer is
// restructured (docs/architecture.md "The one idea"): moving code must not move a byte. One pin
// moved on purpose with it: the studies' one manifest writer puts `version` where every other
// manifest has it, so compare's manifest.json has the same fields, `version` later (checked:
// moving the key back gives the old pin's hash). After the restructuring, on purpose: the
// records of sweeps, sensitivity analyses and solves gained each agency's KPIs (`agencies`)
// and each such study writes agencies_long.csv; every other file kept its pin.
//
// SMESIM_GOLDEN_REWRITE=1 rewrites the table (tests/golden/regenerate.sh does it).

namespace {

struct GoldenStudy {
  const char* name;     ///< its file in tests/golden/studies/, without .yaml
  const char* command;  ///< the smesim command
};
// optimise_p50: a quantile objective, whose gain's interval is the paired bootstrap's.
constexpr GoldenStudy kGoldenStudies[] = {
    {"sweep", "sweep"}, {"compare", "compare"},   {"sobol", "sensitivity"},    {"morris", "sensitivity"},
    {"solve", "solve"}, {"optimise", "optimise"}, {"optimise_p50", "optimise"}};

// The manifest without the fields that record when and how a study ran.
std::string pinned_manifest(const std::string& text) {
  auto manifest = nlohmann::ordered_json::parse(text);
  for (const char* key : {"started_utc", "finished_utc", "command_line", "git_revision"}) manifest.erase(key);
  return manifest.dump(2);
}

// study/relative path -> (hash, bytes) of every file a study wrote, in path order.
std::map<std::string, Expected> study_files(const fs::path& out, const std::string& study) {
  std::map<std::string, Expected> files;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = fs::relative(entry.path(), out).generic_string();
    if (relative == kUnpinnedWorkbook) continue;
    // A record's seal names the revision that wrote it (src/io/record_seal.hpp): its bytes
    // change with every commit; the resume and merge tests check what it guards.
    if (relative.ends_with(".seal")) continue;
    std::string bytes = smesim::test::read_text(entry.path());
    if (relative == "manifest.json") bytes = pinned_manifest(bytes);
    files[study + "/" + relative] = {fnv1a64(bytes), bytes.size()};
  }
  return files;
}

std::map<std::string, Expected> studies_table() {
  std::map<std::string, Expected> table;
  for (const auto& row : golden_rows("studies.tsv")) table[row.at(0)] = expected_at(row, 1);
  return table;
}

// Every golden study run as `LAUNCHER smesim …` into `folder`: study/relative path -> pin.
// Each study's standard error goes to `errors` when given.
std::map<std::string, Expected> run_golden_studies(const std::string& folder, const std::string& launcher,
                                                   std::map<std::string, std::string>* errors = nullptr) {
  std::map<std::string, Expected> got;
  for (const GoldenStudy& study : kGoldenStudies) {
    const std::string out = folder + "/" + study.name;
    // From the studies' folder, so that the file paths the manifests record are relative.
    const std::string command = fmt::format(
        "cd '{}/tests/golden/studies' && {} '{}' {} {}.yaml --threads 2 --quiet --out '{}'",
        SMESIM_SOURCE_DIR, launcher, smesim::test::smesim_binary(), study.command, study.name, out);
    INFO(command);
    const auto result = smesim::test::run_command(command);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    got.merge(study_files(out, study.name));
    if (errors != nullptr) (*errors)[study.name] = result.err;
  }
  return got;
}

// Only the pins of the studies `studies` names (all when empty).
void check_pins(const std::map<std::string, Expected>& got, const std::set<std::string>& studies = {}) {
  auto expected = studies_table();
  REQUIRE(!expected.empty());
  std::erase_if(expected, [&](const auto& pin) {
    return !studies.empty() && studies.count(pin.first.substr(0, pin.first.find('/'))) == 0;
  });
  for (const auto& [file, e] : expected) {
    INFO("file " << file << " (run the command above to see it)");
    REQUIRE(got.count(file) == 1);
    CHECK(got.at(file).bytes == e.bytes);
    CHECK(got.at(file).hash == e.hash);
  }
  for (const auto& [file, e] : got) {
    INFO("file " << file);
    CHECK(expected.count(file) == 1);  // no file that is not pinned
  }
}

}  // namespace

TEST_CASE(
    "Golden studies: every file of a sweep, a comparison, two sensitivity analyses, a solve and an "
    "optimisation",
    "[cli][golden]") {
  const smesim::test::TempFolder folder("golden-studies");
  const std::map<std::string, Expected> got = run_golden_studies(folder.path, "");
  if (std::getenv("SMESIM_GOLDEN_REWRITE") != nullptr) {
    std::ofstream table(std::string(SMESIM_SOURCE_DIR) + "/tests/golden/studies.tsv");
    table << "# study/file\tfnv1a64\tbytes (manifest.json without started_utc, finished_utc, command_line, "
             "git_revision)\n";
    for (const auto& [file, e] : got) table << file << '\t' << e.hash << '\t' << e.bytes << '\n';
    WARN("rewrote tests/golden/studies.tsv");
    return;
  }
  check_pins(got);
}

// The studies that can be split (a solve and an optimisation are sequential) as 4 shards run one after
// another, last first, then `smesim merge`d: every file has the pin of the one-process run (the manifest's
// `threads` is the first shard's; all ran with --threads 2). Four shards leave the comparison's (four
// variants) none empty, and a Morris design's rows unevenly shared.
TEST_CASE("Golden studies as shards: 4 shards merged give the same bytes", "[cli][golden][shard]") {
  const smesim::test::TempFolder folder("golden-shards");
  std::map<std::string, Expected> got;
  std::set<std::string> names;
  for (const GoldenStudy& study : kGoldenStudies) {
    if (std::string(study.command) == "solve" || std::string(study.command) == "optimise") continue;
    names.insert(study.name);
    const std::string out = folder.path + "/" + study.name;
    std::string command = fmt::format("cd '{}/tests/golden/studies'", SMESIM_SOURCE_DIR);
    std::string shards;
    for (int i = 4; i >= 1; --i) {
      const std::string shard = fmt::format("'{}-shard-{}'", out, i);
      command += fmt::format(" && '{}' {} {}.yaml --threads 2 --quiet --shard {}/4 --out {}",
                             smesim::test::smesim_binary(), study.command, study.name, i, shard);
      shards += " " + shard;
    }
    command += fmt::format(" && '{}' merge {}.yaml{} --quiet --out '{}'", smesim::test::smesim_binary(),
                           study.name, shards, out);
    INFO(command);
    const auto result = smesim::test::run_command(command);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    got.merge(study_files(out, study.name));
  }
  check_pins(got, names);
}

#ifdef SMESIM_TEST_MPI
namespace {

// The task counts of an MPI request's statistics line (SMESIM_MPI_STATS): {groups, blocks}.
std::pair<int, int> mpi_task_counts(const std::string& err) {
  std::smatch match;
  if (!std::regex_search(err, match, std::regex(R"((\d+) group tasks \(\d+ variants\), (\d+) block tasks)")))
    return {-1, -1};
  return {std::stoi(match[1]), std::stoi(match[2])};
}

}  // namespace

// The same studies over 1, 2 and 3 MPI ranks (ranks oversubscribe the machine's cores): every
// file has the pin of the one-process run, the manifest too (it records no rank count).
// Rank 0 hands out blocks of replications as ranks finish theirs, so which rank runs what
// differs from run to run; the bytes must not.
// Both kinds of task are in these runs: whole variants reduced where they ran (groups) while
// variants are plenty, blocks of replications for the last ones; a solve and an optimisation
// (sequential: their records are not made away from rank 0) run in blocks only.
TEST_CASE("Golden studies over MPI: the same bytes at 1, 2 and 3 ranks", "[cli][golden][mpi]") {
  for (const int ranks : {1, 2, 3}) {
    INFO(ranks << " ranks");
    const smesim::test::TempFolder folder("golden-mpi");
    const std::string launcher = fmt::format(
        "OMPI_MCA_btl_base_warn_component_unused=0 SMESIM_MPI_STATS=1 mpirun --allow-run-as-root "
        "--oversubscribe "
        "-x SMESIM_MPI_STATS -np {}",
        ranks);
    std::map<std::string, std::string> errors;
    check_pins(run_golden_studies(folder.path, launcher, &errors));
    if (ranks == 1) continue;  // one rank is one process: no tasks travel
    const auto [groups, blocks] = mpi_task_counts(errors.at("sobol"));
    CHECK(groups > 0);
    CHECK(blocks > 0);
    for (const char* sequential : {"solve", "optimise"}) {
      const auto [sequential_groups, sequential_blocks] = mpi_task_counts(errors.at(sequential));
      CHECK(sequential_groups == 0);
      CHECK(sequential_blocks > 0);
    }
  }
}
#endif
