// libFuzzer target: study files (sweep, compare, sensitivity, solve and optimise), and the
// files smesim reads back from a study folder (records, experiment and shard headers,
// manifests).
//
// Study files: the readers take a path, so each input is written to a file in a folder of
// this process (/tmp/smesim-fuzz-study-<pid>/study.yaml) and read by the reader(s) its
// top-level keys point to, or by all of them when no key tells. Then what the commands check
// before running anything: every variant of a small design is built and validated, and the
// identity text is computed. No study is run.
//
// The folder also holds two small scenarios the seeds name with `scenario:` (small.yaml, as
// in tests/cli, and solve_targets.yaml, as in scenarios/), so that inputs reach past the base
// scenario.
//
// Stored files: an input whose first line is `experiment.json`, `shard.json`, `record` or
// `manifest.json` puts the rest in that file of a finished shard folder of a sweep (every
// other file as smesim writes it), which is then read as `smesim merge` reads a shard
// (headers and the record), as a resumed study reads its folder, as `smesim report` reads it,
// and as `--force` decides whether it may replace it.
//
// A smesim::Error is the expected answer to bad input; anything else is a finding.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/outputs.hpp"
#include "io/results_dir.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/io/shard.hpp"
#include "smesim/scenario/compare_def.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/optimise_space.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/scenario/sensitivity_def.hpp"
#include "smesim/scenario/solve_def.hpp"
#include "smesim/scenario/sweep_def.hpp"
#include "smesim/study/optimise_study.hpp"
#include "study/study_report.hpp"

namespace {

namespace fs = std::filesystem;

// Designs with more points or rows than this are read and validated, not expanded.
constexpr std::size_t kMaxVariants = 64;

constexpr std::string_view kSmallScenario =
    "extends: default\nname: small\nnetworks: {generate: {members: 40}, list: ~}\n";
constexpr std::string_view kSolveTargetsScenario =
    "extends: default\nname: osmep-2015-revised-targets\n"
    "targets: {developed_smes: 9000, expanded_smes: 500, cost_reduction_thb: 150000000, window_months: 12}\n";

fs::path& work_folder() {
  static fs::path folder;
  return folder;
}

void remove_work_folder() {
  std::error_code ec;
  fs::remove_all(work_folder(), ec);
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz_study: cannot write %s\n", path.c_str());
    std::abort();
  }
}

enum Reader : unsigned { kSweep = 1, kCompare = 2, kSensitivity = 4, kSolve = 8, kOptimise = 16, kAll = 31 };

// The readers whose own keys appear as top-level block keys (`key:` at column 0).
unsigned readers_for(std::string_view text) {
  struct KeyReaders {
    std::string_view key;
    unsigned readers;
  };
  static constexpr KeyReaders kKeys[] = {{"design", kSweep},
                                         {"points", kSweep},
                                         {"parameters", kSweep | kSensitivity},
                                         {"variants", kCompare},
                                         {"baseline", kCompare},
                                         {"precision", kCompare},
                                         {"method", kSensitivity},
                                         {"base_points", kSensitivity},
                                         {"levels", kSensitivity},
                                         {"bootstrap", kSensitivity},
                                         {"kpis", kSensitivity},
                                         {"parameter", kSolve},
                                         {"range", kSolve},
                                         {"target", kSolve},
                                         {"probability", kSolve},
                                         {"tolerance", kSolve},
                                         {"whole", kSolve},
                                         {"objective", kOptimise},
                                         {"constraints", kOptimise},
                                         {"variables", kOptimise},
                                         {"max_evaluations", kOptimise},
                                         {"population", kOptimise},
                                         {"initial_sigma", kOptimise},
                                         {"reevaluation_replications", kOptimise}};
  unsigned readers = 0;
  std::size_t line = 0;
  while (line < text.size()) {
    const std::size_t end = std::min(text.find('\n', line), text.size());
    const std::string_view l = text.substr(line, end - line);
    const std::size_t colon = l.find(':');
    if (colon != std::string_view::npos)
      for (const KeyReaders& k : kKeys)
        if (l.substr(0, colon) == k.key) readers |= k.readers;
    line = end + 1;
  }
  return readers == 0 ? kAll : readers;
}

void check_sweep(const std::string& file) {
  const smesim::SweepDef def = smesim::load_sweep_file(file);
  std::size_t points = def.points;
  if (def.design == smesim::SweepDesign::grid) {
    points = 1;
    for (const smesim::SweepParameter& p : def.parameters) {
      points *= std::max<std::size_t>(1, p.values.size());
      if (points > kMaxVariants) return;
    }
  }
  if (points > kMaxVariants) return;
  for (const auto& values : smesim::sweep_points(def)) static_cast<void>(smesim::sweep_variant(def, values));
  static_cast<void>(smesim::sweep_identity(def));
}

void check_compare(const std::string& file) {
  const smesim::CompareDef def = smesim::load_compare_file(file);
  if (def.variants.size() > kMaxVariants) return;
  const std::vector<smesim::ScenarioDef> variants = smesim::compare_variants(def);
  static_cast<void>(smesim::compare_identity(def, variants));
}

void check_sensitivity(const std::string& file) {
  const smesim::SensitivityDef def = smesim::load_sensitivity_file(file);
  const std::size_t k = def.parameters.size();
  // Sobol': a Saltelli design of N (k + 2) rows; Morris: r (k + 1) rows.
  const std::size_t per_point = def.method == smesim::SensitivityMethod::sobol ? k + 2 : k + 1;
  if (def.base_points > kMaxVariants || def.base_points * per_point > kMaxVariants) return;
  for (const auto& row : smesim::sensitivity_unit_rows(def))
    static_cast<void>(smesim::sensitivity_variant(def, smesim::sensitivity_values(def, row)));
  static_cast<void>(smesim::sensitivity_identity(def));
}

void check_solve(const std::string& file) {
  const smesim::SolveDef def = smesim::load_solve_file(file);
  static_cast<void>(smesim::solve_settings(def));
  static_cast<void>(smesim::solve_variant(def, def.range.first));
  static_cast<void>(smesim::solve_variant(def, def.range.second));
  static_cast<void>(smesim::solve_value_text((def.range.first + def.range.second) / 2));
  static_cast<void>(smesim::solve_identity(def));
}

// What `smesim optimise` builds before it runs: the search, the base's coordinates and the
// candidates at them and far out in every direction (each must be a valid scenario).
void check_optimise(const std::string& file) {
  const smesim::OptimiseDef def = smesim::load_optimise_file(file);
  const smesim::OptimiseStudy study(def);
  static_cast<void>(study.identity());
  const std::vector<double> start = smesim::base_coordinates(def);
  for (const double offset : {0.0, 40.0, -40.0}) {
    std::vector<double> y = start;
    for (double& v : y) v += offset;
    static_cast<void>(smesim::decode(def, y));
    smesim::validate(smesim::optimise_variant(def, y));
  }
}

template <class Check>
void run_reader(Check check, const std::string& file) {
  try {
    check(file);
  } catch (const smesim::Error&) {
    // Bad input, reported as the CLI would report it.
  }
}

// A finished shard 1 of 2 of a two-point sweep, as smesim writes it: the input replaces one
// of its files.
const smesim::StudyIdentity& stored_identity() {
  static const smesim::StudyIdentity identity{"sweep", "stored", R"({"name":"stored"})", 2};
  return identity;
}

std::string stored_header() {
  return "{\n  \"tool\": \"smesim\",\n  \"kind\": \"sweep\",\n  \"name\": \"stored\",\n  \"identity\": \"" +
         smesim::detail::scenario_hash(stored_identity().identity) +
         "\",\n  \"points\": 2,\n  \"shard\": {\n    \"index\": 1,\n    \"count\": 2\n  }\n}\n";
}

std::string stored_mark() {
  return "{\n  \"tool\": \"smesim\",\n  \"identity\": \"" +
         smesim::detail::scenario_hash(stored_identity().identity) +
         "\",\n  \"records_resumed\": 0,\n  \"threads\": 1,\n  \"command_line\": \"smesim sweep\",\n"
         "  \"started_utc\": \"2026-12-07T00:00:00Z\",\n  \"finished_utc\": \"2026-12-07T00:00:01Z\"\n}\n";
}

constexpr std::string_view kStoredRecord =
    "{\n  \"point\": 0,\n  \"values\": {\"programme.budget_thb\": 100000000},\n  \"summary\": {},\n"
    "  \"agencies\": [[\"all\", \"developed\", \"mean\", 1.5]]\n}\n";
constexpr std::string_view kStoredManifest =
    "{\n  \"tool\": \"smesim\",\n  \"files\": [\"points.csv\"],\n  \"scenario\": {\"name\": \"stored\"}\n}\n";
constexpr std::string_view kStoredPoints = "point,programme.budget_thb\n0,100000000\n1,200000000\n";

// The stored file an input names on its first line, and the rest of the input as its text.
bool stored_input(std::string_view text, std::string& file, std::string_view& content) {
  static constexpr std::string_view kFiles[] = {"experiment.json", "shard.json", "record", "manifest.json"};
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) return false;
  for (const std::string_view f : kFiles)
    if (text.substr(0, end) == f) {
      file = std::string(f == "record" ? "points/000000.json" : f);
      content = text.substr(end + 1);
      return true;
    }
  return false;
}

template <class Check>
void run_stored(Check check) {
  try {
    check();
  } catch (const smesim::Error&) {
    // A file smesim did not write, refused as the CLI would refuse it.
  }
}

void check_stored_folder(const std::string& file, std::string_view content) {
  const fs::path folder = work_folder() / "stored";
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder / "points");
  write_file(folder / "experiment.json", stored_header());
  write_file(folder / "shard.json", stored_mark());
  write_file(folder / "points" / "000000.json", kStoredRecord);
  write_file(folder / "manifest.json", kStoredManifest);
  write_file(folder / "points.csv", kStoredPoints);
  write_file(folder / file, content);
  // `smesim merge`: the shard's headers, then its record.
  run_stored([&] {
    const smesim::ShardFolder shard = smesim::read_shard_folder(folder);
    static_cast<void>(smesim::read_shard_record(shard, 0));
  });
  // A resumed study: its header, then its record.
  run_stored([&] {
    const auto store = smesim::open_study_folder(folder, stored_identity(), false, smesim::Shard{1, 2});
    if (store->has_record(0)) static_cast<void>(store->read_record(0));
  });
  // `smesim report`, and whether --force may replace the folder.
  run_stored([&] { static_cast<void>(smesim::detail::render_study_report(folder)); });
  static_cast<void>(smesim::detail::replace_refusal(folder));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  work_folder() = fs::temp_directory_path() / ("smesim-fuzz-study-" + std::to_string(::getpid()));
  fs::create_directories(work_folder());
  write_file(work_folder() / "small.yaml", kSmallScenario);
  write_file(work_folder() / "solve_targets.yaml", kSolveTargetsScenario);
  std::atexit(remove_work_folder);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string stored_file;
  std::string_view stored_content;
  if (stored_input(text, stored_file, stored_content)) {
    check_stored_folder(stored_file, stored_content);
    return 0;
  }
  const std::string file = (work_folder() / "study.yaml").string();
  write_file(file, text);
  const unsigned readers = readers_for(text);
  if ((readers & kSweep) != 0) run_reader(check_sweep, file);
  if ((readers & kCompare) != 0) run_reader(check_compare, file);
  if ((readers & kSensitivity) != 0) run_reader(check_sensitivity, file);
  if ((readers & kSolve) != 0) run_reader(check_solve, file);
  if ((readers & kOptimise) != 0) run_reader(check_optimise, file);
  return 0;
}
