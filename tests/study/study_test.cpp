// The study layer in process (docs/architecture.md "The one idea"), through the public API alone:
// run_study drives the built-in studies and a study defined here; records and outputs are the
// same bytes at any thread count and block size and after a cancel and resume; a solve is
// sequential and refuses a tampered record; progress adds up; a study too big for memory
// writes nothing; a run folder appears only when complete.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "smesim/analysis/bisection.hpp"
#include "smesim/engine/executor.hpp"
#include "smesim/engine/forecast.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/scenario/compare_def.hpp"
#include "smesim/scenario/sensitivity_def.hpp"
#include "smesim/scenario/solve_def.hpp"
#include "smesim/scenario/sweep_def.hpp"
#include "smesim/study/compare_study.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/sensitivity_study.hpp"
#include "smesim/study/solve_study.hpp"
#include "smesim/study/study.hpp"
#include "smesim/study/sweep_study.hpp"
#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim;

namespace {

// 54 networks of 10 SMEs, a year: a few milliseconds a replication.
constexpr const char* kSmall =
    "extends: default\nname: study-small\ntime: {horizon_months: 12}\n"
    "networks: {generate: {members: 10}, list: ~}\n";

// 4 budgets x 3 targeting rules = 12 points, more than the eight variants ThreadExecutor
// runs in one batch, so a cancel can land between two batches.
constexpr const char* kSweep = R"(name: study-sweep
scenario: small.yaml
replications: 4
seed: 5
parameters:
  programme.budget_thb: {from: 5000000, to: 20000000, steps: 4}
  agencies.*.strategy.mentoring.targeting: [broad, laggards, largest]
)";
constexpr std::size_t kSweepPoints = 12;
constexpr std::size_t kSweepReplications = 4;

// SMEs developed in kSmall rise with the budget (median of 8 replications: 44 at 1 M THB, 256 at
// 5 M, 472 at 10 M, 512 at 40 M), so a target of 350 is met inside the range.
constexpr const char* kSolve = R"(name: study-solve
scenario: small-target.yaml
replications: 8
seed: 5
parameter: programme.budget_thb
range: [1000000, 40000000]
target: developed_smes
probability: 0.5
tolerance: 5000000
)";

ScenarioDef small_scenario(const std::string& more = "") { return test::scenario_from_yaml(kSmall + more); }

SweepDef small_sweep(const test::TempFolder& dir) {
  test::write_text(fs::path(dir.path) / "small.yaml", kSmall);
  test::write_text(fs::path(dir.path) / "sweep.yaml", kSweep);
  return load_sweep_file((fs::path(dir.path) / "sweep.yaml").string());
}

StoreOpener study_folder(const fs::path& folder, bool* opened = nullptr) {
  return [folder, opened](const StudyIdentity& identity) {
    if (opened != nullptr) *opened = true;
    return open_study_folder(folder, identity, false);
  };
}

// Relative path -> bytes of every file under `folder`.
std::map<std::string, std::string> folder_files(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), folder).generic_string()] = test::read_text(entry.path());
  return files;
}

// The manifest without the fields that record when and how a study ran.
std::string manifest_without(const std::string& text, const std::vector<std::string>& keys) {
  auto manifest = nlohmann::ordered_json::parse(text);
  for (const std::string& key : keys) manifest.erase(key);
  return manifest.dump(2);
}

const std::vector<std::string> kRunFields{"started_utc", "finished_utc", "command_line"};

void check_same_files(const std::map<std::string, std::string>& got,
                      const std::map<std::string, std::string>& expected) {
  for (const auto& [name, bytes] : expected) {
    INFO("file " << name);
    REQUIRE(got.count(name) == 1);
    CHECK(got.at(name) == bytes);
  }
  for (const auto& [name, bytes] : got) {
    INFO("file " << name);
    CHECK(expected.count(name) == 1);
  }
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A ThreadExecutor with a fixed block of replications (0: its own choice) that notes how many
// variants each request held.
class ProbeExecutor final : public Executor {
 public:
  ProbeExecutor(int threads, std::size_t block) : inner_(threads), block_(block) {}
  bool execute(const ExecutionRequest& request) override {
    variants_per_request.push_back(request.variants.size());
    ExecutionRequest fixed = request;
    fixed.block_replications = block_;
    return inner_.execute(fixed);
  }
  void check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                    std::size_t limit_bytes) const override {
    inner_.check_memory(variants, use, limit_bytes);
  }
  [[nodiscard]] int workers() const override { return inner_.workers(); }

  std::vector<std::size_t> variants_per_request;

 private:
  ThreadExecutor inner_;
  std::size_t block_;
};

// Every progress report, in order.
struct ProgressLog {
  std::vector<StudyProgress> reports;
  std::function<void(const StudyProgress&)> callback() {
    return [this](const StudyProgress& p) { reports.push_back(p); };
  }
  void check_consistent() const {
    REQUIRE_FALSE(reports.empty());
    for (std::size_t i = 0; i < reports.size(); ++i) {
      INFO("report " << i);
      const StudyProgress& p = reports[i];
      CHECK(p.replications_done <= p.replications_total);
      CHECK(p.records_done <= p.records_total);
      if (i == 0) continue;
      const StudyProgress& q = reports[i - 1];
      CHECK(p.replications_done >= q.replications_done);
      CHECK(p.replications_total >= q.replications_total);
      CHECK(p.records_done >= q.records_done);
      CHECK(p.records_total >= q.records_total);
    }
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. A sweep: its files, and the same bytes at any thread count and block size.

TEST_CASE(
    "Study: a sweep through run_study writes its records, points.csv and manifest.json, the same bytes "
    "at 1 and 2 threads and any block size",
    "[study]") {
  const test::TempFolder dir("study-sweep");
  const SweepDef def = small_sweep(dir);
  struct Config {
    int threads;
    std::size_t block;
  };
  std::map<std::string, std::string> reference;
  for (const Config c : {Config{1, 0}, Config{2, 0}, Config{2, 1}, Config{1, 3}}) {
    INFO("threads " << c.threads << ", block " << c.block);
    SweepStudy study(def);
    ProbeExecutor executor(c.threads, c.block);
    const fs::path out = fs::path(dir.path) / fmt::format("out-{}-{}", c.threads, c.block);
    RunStudyOptions options;
    options.command_line = "smesim sweep sweep.yaml";
    options.threads = c.threads;
    const StudyResult result = run_study(study, executor, study_folder(out), options);
    REQUIRE(result.complete);
    CHECK(result.folder == out);
    CHECK(result.resumable);
    CHECK(result.records_resumed == 0);
    CHECK(result.records_kept == kSweepPoints);
    CHECK(result.record_noun == "point");
    CHECK(result.report.console.find("12 points x 4 replications") != std::string::npos);
    CHECK(test::stored_points(out) == kSweepPoints);

    std::map<std::string, std::string> files = folder_files(out);
    REQUIRE(files.count("points.csv") == 1);
    REQUIRE(files.count("manifest.json") == 1);
    REQUIRE(files.count("experiment.json") == 1);
    const std::string& csv = files.at("points.csv");
    CHECK(csv.rfind("point,programme.budget_thb,agencies.*.strategy.mentoring.targeting,developed_mean,",
                    0) == 0);
    CHECK(lines(csv) == 1 + kSweepPoints);
    // Record i is point i, at the grid's values (the last parameter varying fastest).
    for (std::size_t i = 0; i < kSweepPoints; ++i) {
      const auto record = nlohmann::json::parse(files.at(fmt::format("points/{:06}.json", i)));
      CHECK(record.at("point") == i);
      CHECK(record.at("values").at("agencies.*.strategy.mentoring.targeting") ==
            std::vector<std::string>{"broad", "laggards", "largest"}[i % 3]);
      CHECK(record.at("summary").at("replications") == kSweepReplications);
    }
    // The budget matters: 20 M THB develops more SMEs than 5 M THB (same rule, common
    // random numbers).
    const auto developed_mean = [&](std::size_t point) {
      return nlohmann::json::parse(files.at(fmt::format("points/{:06}.json", point)))
          .at("summary")
          .at("kpis")
          .at("developed")
          .at("mean")
          .get<double>();
    };
    CHECK(developed_mean(9) > developed_mean(0));
    const auto manifest = nlohmann::json::parse(files.at("manifest.json"));
    CHECK(manifest.at("points") == kSweepPoints);
    CHECK(manifest.at("points_resumed") == 0);
    CHECK(manifest.at("replications_per_point") == kSweepReplications);
    CHECK(manifest.at("seed") == 5);
    CHECK(manifest.at("command_line") == "smesim sweep sweep.yaml");
    // Variants go to the executor in one request (the sweep knows them all up front).
    CHECK(executor.variants_per_request == std::vector<std::size_t>{kSweepPoints});

    files.at("manifest.json") = manifest_without(files.at("manifest.json"), kRunFields);
    if (reference.empty())
      reference = files;
    else
      check_same_files(files, reference);
  }
}

namespace {

// Keeps a text of every replication it is fed (its index and two KPIs, to the last bit) and
// the size of every block.
class TextReducer final : public VariantReducer {
 public:
  explicit TextReducer(std::vector<std::size_t>& blocks) : blocks_(blocks) {}
  void add(std::span<ReplicationResult> block) override {
    blocks_.push_back(block.size());
    for (const ReplicationResult& r : block) {
      if (r.replication != next_) in_order_ = false;
      ++next_;
      text_ += fmt::format("{} {} {}\n", r.replication, r.kpis.developed, r.kpis.cost_reduction_thb);
    }
  }
  Record finish() override { return in_order_ ? text_ : "out of order\n" + text_; }

 private:
  std::vector<std::size_t>& blocks_;
  std::uint32_t next_ = 0;
  bool in_order_ = true;
  std::string text_;
};

std::string replications_text(std::span<const ReplicationResult> results) {
  std::string text;
  for (const ReplicationResult& r : results)
    text += fmt::format("{} {} {}\n", r.replication, r.kpis.developed, r.kpis.cost_reduction_thb);
  return text;
}

}  // namespace

TEST_CASE(
    "Study: ThreadExecutor feeds reducers in replication order, in blocks of the size asked for, and "
    "gives the same records for any block size and thread count",
    "[study]") {
  std::vector<ScenarioDef> variants{small_scenario(), small_scenario("programme: {budget_thb: 20000000}\n"),
                                    small_scenario("seed: 77\n")};
  variants[0].replications = 7;
  variants[1].replications = 5;  // shorter than the others of its batch
  variants[2].replications = 7;
  const std::size_t total = 7 + 5 + 7;

  struct Run {
    std::vector<Record> records;
    std::vector<std::size_t> order;                // variant of each on_record call
    std::vector<std::vector<std::size_t>> blocks;  // per variant
    std::size_t replications = 0;
  };
  const auto run = [&](int threads, std::size_t block) {
    Run r;
    r.records.resize(variants.size());
    r.blocks.resize(variants.size());
    ThreadExecutor executor(threads);
    ExecutionRequest request;
    request.variants = variants;
    request.make_reducer = [&](std::size_t i) { return std::make_unique<TextReducer>(r.blocks.at(i)); };
    request.on_record = [&](std::size_t i, Record&& record) {
      r.order.push_back(i);
      r.records.at(i) = std::move(record);
    };
    request.on_replications = [&](std::size_t n) { r.replications += n; };
    request.block_replications = block;
    REQUIRE(executor.execute(request));
    return r;
  };

  const Run reference = run(1, 0);
  // The records are those of the engine's own forecast of each variant.
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const auto results = run_forecast(
        variants[v], test::forecast_options(static_cast<std::uint32_t>(variants[v].replications), 1));
    CHECK(reference.records[v] == replications_text(results));
  }
  CHECK(reference.records[0] != reference.records[1]);  // the budget changes the results
  CHECK(reference.records[0] != reference.records[2]);  // and so does the seed

  const std::size_t automatic = ThreadExecutor(2).block_replications(variants);
  CHECK(automatic >= 2);
  for (const int threads : {1, 2}) {
    for (const std::size_t block : {std::size_t{1}, std::size_t{3}, std::size_t{0}}) {
      INFO("threads " << threads << ", block " << block);
      const Run r = run(threads, block);
      CHECK(r.order == std::vector<std::size_t>{0, 1, 2});  // records in variant order
      CHECK(r.records == reference.records);                // the same bytes
      CHECK(r.replications == total);
      const std::size_t size = block > 0 ? block : ThreadExecutor(threads).block_replications(variants);
      for (std::size_t v = 0; v < variants.size(); ++v) {
        INFO("variant " << v);
        const auto& blocks = r.blocks[v];
        const auto reps = static_cast<std::size_t>(variants[v].replications);
        REQUIRE(blocks.size() == (reps + size - 1) / size);  // full blocks, then the remainder
        for (std::size_t b = 0; b + 1 < blocks.size(); ++b) CHECK(blocks[b] == size);
        CHECK(blocks.back() == reps - (blocks.size() - 1) * size);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Cancel and resume.

TEST_CASE(
    "Study: a cancelled sweep keeps its finished points, and run again resumes them and ends with the "
    "bytes of an uninterrupted run",
    "[study]") {
  const test::TempFolder dir("study-resume");
  const SweepDef def = small_sweep(dir);
  const fs::path whole = fs::path(dir.path) / "whole";
  const fs::path cut = fs::path(dir.path) / "cut";
  RunStudyOptions plain;
  plain.command_line = "smesim sweep sweep.yaml";
  {
    SweepStudy study(def);
    ThreadExecutor executor(2);
    REQUIRE(run_study(study, executor, study_folder(whole), plain).complete);
  }
  const std::map<std::string, std::string> expected = folder_files(whole);

  // Cancelled (as Ctrl-C does) once the first point is finished.
  std::size_t kept = 0;
  {
    SweepStudy study(def);
    ThreadExecutor executor(2);
    std::atomic<bool> cancel{false};
    RunStudyOptions options = plain;
    options.cancel = &cancel;
    options.on_progress = [&cancel](const StudyProgress& p) {
      if (p.records_done >= 1) cancel = true;
    };
    const StudyResult result = run_study(study, executor, study_folder(cut), options);
    CHECK_FALSE(result.complete);
    CHECK(result.resumable);
    CHECK(result.folder == cut);
    CHECK(result.records_resumed == 0);
    kept = result.records_kept;
    INFO("points kept: " << kept);
    // It must have stopped midway, or this would not test resuming.
    REQUIRE(kept > 0);
    REQUIRE(kept < kSweepPoints);
    CHECK(test::stored_points(cut) == kept);
    // An interrupted study does not look finished, and what it kept is what the whole run made.
    CHECK_FALSE(fs::exists(cut / "points.csv"));
    CHECK_FALSE(fs::exists(cut / "manifest.json"));
    for (const auto& [name, bytes] : folder_files(cut)) {
      INFO("file " << name);
      REQUIRE(expected.count(name) == 1);
      CHECK(bytes == expected.at(name));
    }
  }

  // Run again (on another thread count): the kept points are read back, the others run.
  {
    SweepStudy study(def);
    ThreadExecutor executor(1);
    ProgressLog progress;
    std::vector<std::string> notices;
    RunStudyOptions options = plain;
    options.on_progress = progress.callback();
    options.on_notice = [&notices](const std::string& line) { notices.push_back(line); };
    const StudyResult result = run_study(study, executor, study_folder(cut), options);
    REQUIRE(result.complete);
    CHECK(result.records_resumed == kept);
    CHECK(result.records_kept == kSweepPoints);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].find("resuming") != std::string::npos);
    CHECK(notices[0].find(fmt::format("{} of {} points already done", kept, kSweepPoints)) !=
          std::string::npos);
    progress.check_consistent();
    CHECK(progress.reports.front().records_done == kept);  // the stored points count as done
    CHECK(progress.reports.back().replications_total == (kSweepPoints - kept) * kSweepReplications);
    CHECK(progress.reports.back().replications_done == progress.reports.back().replications_total);
  }

  // Every file the same bytes but the manifest's record of when, how and what was resumed.
  std::map<std::string, std::string> got = folder_files(cut);
  REQUIRE(got.count("manifest.json") == 1);
  CHECK(nlohmann::json::parse(got.at("manifest.json")).at("points_resumed") == kept);
  CHECK(nlohmann::json::parse(expected.at("manifest.json")).at("points_resumed") == 0);
  std::map<std::string, std::string> want = expected;
  for (auto* files : {&got, &want})
    files->at("manifest.json") = manifest_without(
        files->at("manifest.json"), {"started_utc", "finished_utc", "command_line", "points_resumed"});
  check_same_files(got, want);
}

// ---------------------------------------------------------------------------------------------
// 3. A solve is sequential.

namespace {

// Passes everything to `inner`, noting how many variants each call of next_variants proposed.
class RoundsProbe final : public Study {
 public:
  explicit RoundsProbe(Study& inner) : inner_(inner) {}
  [[nodiscard]] StudyIdentity identity() const override { return inner_.identity(); }
  [[nodiscard]] std::string_view record_noun() const override { return inner_.record_noun(); }
  [[nodiscard]] std::vector<ScenarioDef> memory_bounds() const override { return inner_.memory_bounds(); }
  [[nodiscard]] MemoryUse memory_use() const override { return inner_.memory_use(); }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override {
    records_seen.push_back(records.size());
    std::vector<ScenarioDef> round = inner_.next_variants(records);
    proposed.push_back(round.size());
    return round;
  }
  void check_stored(std::size_t index, const Record& record) const override {
    inner_.check_stored(index, record);
  }
  std::unique_ptr<VariantReducer> reducer(std::size_t index, const ScenarioDef& variant,
                                          ResultsStore& store) override {
    return inner_.reducer(index, variant, store);
  }
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override {
    return inner_.reduce(index, variant, results);
  }
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override {
    return inner_.finish(records, run);
  }

  std::vector<std::size_t> records_seen;  ///< records given to each call of next_variants
  std::vector<std::size_t> proposed;      ///< variants each call returned

 private:
  Study& inner_;
};

SolveDef small_solve(const test::TempFolder& dir, int developed_target) {
  test::write_text(fs::path(dir.path) / "small-target.yaml",
                   fmt::format("{}targets: {{developed_smes: {}}}\n", kSmall, developed_target));
  test::write_text(fs::path(dir.path) / "solve.yaml", kSolve);
  return load_solve_file((fs::path(dir.path) / "solve.yaml").string());
}

constexpr int kSolveTarget = 350;

}  // namespace

TEST_CASE(
    "Study: a solve proposes one variant a round, makes the bisection's evaluations, and refuses a "
    "tampered record",
    "[study]") {
  const test::TempFolder dir("study-solve");
  const SolveDef def = small_solve(dir, kSolveTarget);
  const fs::path out = fs::path(dir.path) / "out";
  SolveStudy solve(def);
  RoundsProbe study(solve);
  ProbeExecutor executor(2, 0);
  ProgressLog progress;
  RunStudyOptions options;
  options.on_progress = progress.callback();
  const StudyResult result = run_study(study, executor, study_folder(out), options);
  REQUIRE(result.complete);
  CHECK(result.record_noun == "evaluation");

  const std::size_t n = test::stored_points(out);
  INFO("evaluations: " << n);
  REQUIRE(n >= 4);  // both ends and at least two midpoints: a real search
  // One variant a round, each round given every record so far; none once the search ended.
  REQUIRE(study.proposed.size() == n + 1);
  for (std::size_t k = 0; k < n; ++k) {
    CHECK(study.proposed[k] == 1);
    CHECK(study.records_seen[k] == k);
  }
  CHECK(study.proposed.back() == 0);
  CHECK(executor.variants_per_request == std::vector<std::size_t>(n, 1));

  // The records are the bisection's evaluations: replayed, each is at the value the search
  // asked for next, and the search ends with the last.
  Bisection search(solve_settings(def));
  for (std::size_t k = 0; k < n; ++k) {
    INFO("evaluation " << k);
    const auto record = nlohmann::json::parse(test::read_text(out / "points" / fmt::format("{:06}.json", k)));
    REQUIRE(search.next_value().has_value());
    CHECK(record.at("step") == k);
    CHECK(record.at("value").is_number());  // a number, not text
    CHECK(record.at("value").get<double>() == *search.next_value());
    CHECK(record.at("replications") == 8);
    search.record(record.at("replications_met").get<std::size_t>(),
                  record.at("replications").get<std::size_t>());
  }
  CHECK_FALSE(search.next_value().has_value());
  CHECK(search.status() == BisectionStatus::converged);
  CHECK(search.steps().size() == n);
  const std::string csv = test::read_text(out / "evaluations.csv");
  CHECK(lines(csv) == 1 + n);
  const auto solution = nlohmann::json::parse(test::read_text(out / "solution.json"));
  CHECK(solution.at("evaluations").size() == n);
  CHECK(solution.at("status") == "converged");
  CHECK(nlohmann::json::parse(test::read_text(out / "manifest.json")).at("evaluations") == n);

  // The progress of a sequential study: records proposed one round at a time.
  progress.check_consistent();
  CHECK(progress.reports.back().records_total == n);
  CHECK(progress.reports.back().records_done == n);
  CHECK(progress.reports.back().replications_total == n * 8);
  CHECK(progress.reports.back().replications_done == n * 8);

  // Run again: everything is resumed, nothing runs.
  {
    SolveStudy again(def);
    ProbeExecutor idle(2, 0);
    const StudyResult resumed = run_study(again, idle, study_folder(out), {});
    REQUIRE(resumed.complete);
    CHECK(resumed.records_resumed == n);
    CHECK(idle.variants_per_request.empty());
  }

  // A stored evaluation moved to another value: not something to resume from.
  const fs::path third = out / "points" / "000002.json";
  auto record = nlohmann::ordered_json::parse(test::read_text(third));
  record["value"] = 12345678;
  test::write_sealed_record(third, record.dump(2) + "\n");
  const std::string csv_before = test::read_text(out / "evaluations.csv");
  SolveStudy tampered(def);
  ThreadExecutor plain(2);
  bool refused = false;
  try {
    (void)run_study(tampered, plain, study_folder(out), {});
  } catch (const ResumeError& e) {
    refused = true;
    CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains(out.string()));
    CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains("evaluation 2"));
  }
  CHECK(refused);
  CHECK(test::read_text(out / "evaluations.csv") == csv_before);  // the outputs are left alone
}

namespace {

// Another executor: each variant in a request of its own (so no set-up is shared between
// variants), setting `cancel` once `cancel_after` records are made.
class OneByOneExecutor final : public Executor {
 public:
  OneByOneExecutor(std::atomic<bool>& cancel, std::size_t cancel_after)
      : inner_(2), cancel_(cancel), cancel_after_(cancel_after) {}
  bool execute(const ExecutionRequest& request) override {
    for (std::size_t i = 0; i < request.variants.size(); ++i) {
      if (cancel_) return false;
      ExecutionRequest one;
      one.variants = request.variants.subspan(i, 1);
      one.make_reducer = [&request, i](std::size_t) { return request.make_reducer(i); };
      one.on_record = [&](std::size_t, Record&& record) {
        request.on_record(i, std::move(record));
        if (++records_ == cancel_after_) cancel_ = true;
      };
      one.on_replications = request.on_replications;
      one.cancel = request.cancel;
      if (!inner_.execute(one)) return false;
    }
    return true;
  }
  void check_memory(std::span<const ScenarioDef> variants, MemoryUse use,
                    std::size_t limit_bytes) const override {
    inner_.check_memory(variants, use, limit_bytes);
  }
  [[nodiscard]] int workers() const override { return inner_.workers(); }

 private:
  ThreadExecutor inner_;
  std::atomic<bool>& cancel_;
  std::size_t cancel_after_;
  std::size_t records_ = 0;
};

// A comparison and two sensitivity analyses of kSmall, as small as their designs allow.
constexpr const char* kCompare = R"(name: study-compare
scenario: small.yaml
replications: 3
seed: 5
baseline: quarter
variants:
  quarter: {}
  month: {agencies.*.strategy.mentoring.engagement_months: 1}
  largest: {agencies.*.strategy.mentoring.targeting: largest}
  v1-laggards: {agencies.*.strategy.mentoring.engagement_months: 0, agencies.*.strategy.mentoring.targeting: laggards}
)";
constexpr const char* kMorris = R"(name: study-morris
scenario: small.yaml
replications: 2
seed: 5
method: morris
base_points: 2
levels: 4
parameters:
  dynamics.learning_rate: [0.02, 0.10]
  dynamics.dropout.base_per_year: [0.15, 0.5]
)";

std::string study_file(const test::TempFolder& dir, const std::string& name, const char* text) {
  const fs::path path = fs::path(dir.path) / (name + ".yaml");
  test::write_text(path, text);
  return path.string();
}

}  // namespace

TEST_CASE(
    "Study: every built-in study ends with the same files whether run whole, or one variant at a time, "
    "cancelled after two records and resumed",
    "[study]") {
  const test::TempFolder dir("study-kinds");
  const SolveDef small_solve_def = small_solve(dir, kSolveTarget);
  SweepDef sweep = small_sweep(dir);  // and small.yaml, which the others read
  sweep.base.replications = 2;
  const CompareDef compare = load_compare_file(study_file(dir, "compare", kCompare));
  const SensitivityDef sobol =
      load_sensitivity_file(study_file(dir, "sobol", test::sensitivity_fixture::kSmallestSobol));
  const SensitivityDef morris = load_sensitivity_file(study_file(dir, "morris", kMorris));
  struct Kind {
    const char* name;
    std::function<std::unique_ptr<Study>()> make;
  };
  const std::vector<Kind> kinds{
      {"sweep", [&] { return std::make_unique<SweepStudy>(sweep); }},
      {"compare", [&] { return std::make_unique<CompareStudy>(compare); }},
      {"sobol", [&] { return std::make_unique<SensitivityStudy>(sobol); }},
      {"morris", [&] { return std::make_unique<SensitivityStudy>(morris); }},
      {"solve", [&] { return std::make_unique<SolveStudy>(small_solve_def); }},
  };
  const std::vector<std::string> run_fields{"started_utc",  "finished_utc",       "command_line",
                                            "threads",      "points_resumed",     "variants_resumed",
                                            "rows_resumed", "evaluations_resumed"};
  for (const Kind& kind : kinds) {
    INFO("study " << kind.name);
    const fs::path whole = fs::path(dir.path) / fmt::format("{}-whole", kind.name);
    const fs::path cut = fs::path(dir.path) / fmt::format("{}-cut", kind.name);
    {
      const auto study = kind.make();
      ThreadExecutor executor(2);
      REQUIRE(run_study(*study, executor, study_folder(whole), {}).complete);
    }
    std::atomic<bool> cancel{false};
    {
      const auto study = kind.make();
      OneByOneExecutor executor(cancel, 2);
      RunStudyOptions options;
      options.cancel = &cancel;
      const StudyResult result = run_study(*study, executor, study_folder(cut), options);
      CHECK_FALSE(result.complete);
      CHECK(result.records_kept == 2);
      REQUIRE(study->identity().records > 2);  // so two records are not the whole study
    }
    {
      const auto study = kind.make();
      ThreadExecutor executor(1);
      const StudyResult result = run_study(*study, executor, study_folder(cut), {});
      REQUIRE(result.complete);
      CHECK(result.records_resumed == 2);
    }
    std::map<std::string, std::string> got = folder_files(cut);
    std::map<std::string, std::string> want = folder_files(whole);
    REQUIRE(got.count("manifest.json") == 1);
    REQUIRE(want.count("manifest.json") == 1);
    for (auto* files : {&got, &want})
      files->at("manifest.json") = manifest_without(files->at("manifest.json"), run_fields);
    check_same_files(got, want);
  }
}

// ---------------------------------------------------------------------------------------------
// 4. A study defined here: the interface is all a new kind of study needs.

namespace {

// The mean number of SMEs developed, a record per variant, as text; the output lists them.
class MeanDevelopedStudy final : public Study {
 public:
  explicit MeanDevelopedStudy(std::vector<ScenarioDef> variants) : variants_(std::move(variants)) {}

  [[nodiscard]] StudyIdentity identity() const override {
    return {"mean-developed", "toy", "mean developed of two budgets", variants_.size()};
  }
  [[nodiscard]] std::string_view record_noun() const override { return "variant"; }
  std::vector<ScenarioDef> next_variants(std::span<const Record> records) override {
    return records.empty() ? variants_ : std::vector<ScenarioDef>{};
  }
  [[nodiscard]] Record reduce(std::size_t index, const ScenarioDef& variant,
                              std::span<const ReplicationResult> results) const override {
    if (variant.name != variants_.at(index).name ||
        results.size() != static_cast<std::size_t>(variant.replications))
      wrong_input = true;
    double sum = 0;
    for (std::size_t r = 0; r < results.size(); ++r) {
      if (results[r].replication != r) wrong_input = true;
      sum += results[r].kpis.developed;
    }
    return fmt::format("{}", sum / static_cast<double>(results.size()));
  }
  StudyResults finish(std::span<const Record> records, const StudyRun& run) override {
    seen.assign(records.begin(), records.end());
    resumed = run.records_resumed;
    StudyResults results;
    ResultTable& means = results.tables.emplace_back("means", "");
    means.column("developed_mean", Quantity::number);
    std::string text;
    for (const Record& r : records) {
      means.cell_as_written(r).end_row();
      text += r + "\n";
    }
    results.console.emplace_back(text);
    results.texts.push_back({"means.txt", text});
    return results;
  }

  std::vector<Record> seen;  ///< what finish was given
  std::size_t resumed = 0;
  mutable std::atomic<bool> wrong_input{false};

 private:
  std::vector<ScenarioDef> variants_;
};

// A store in memory: what it holds outlives it, for the test to look at.
struct MemoryContents {
  std::map<std::size_t, std::string> records;
  std::map<std::string, std::string> outputs;
  bool committed = false;
};

class MemoryStore final : public ResultsStore {
 public:
  explicit MemoryStore(MemoryContents& contents) : contents_(contents) {}
  [[nodiscard]] bool has_record(std::size_t index) const override {
    return contents_.records.count(index) > 0;
  }
  [[nodiscard]] std::size_t stored_records() const override { return contents_.records.size(); }
  [[nodiscard]] std::string read_record(std::size_t index) const override {
    return contents_.records.at(index);
  }
  void write_record(std::size_t index, const std::string& record) override {
    contents_.records[index] = record;
  }
  void write_output_file(const std::string& name,
                         const std::function<void(const fs::path&)>& write) override {
    // Written to a file and read back: the writers write files (the workbook through libxlsxwriter).
    const test::TempFolder scratch("memory-store");
    const fs::path path = fs::path(scratch.path) / "output";
    write(path);
    contents_.outputs[name] = test::read_text(path);
  }
  [[nodiscard]] fs::path working_folder() const override { return folder_; }
  [[nodiscard]] const fs::path& folder() const override { return folder_; }
  void commit() override { contents_.committed = true; }
  [[nodiscard]] bool resumable() const override { return true; }

 private:
  MemoryContents& contents_;
  fs::path folder_{"(memory)"};
};

std::string mean_developed(const ScenarioDef& def) {
  const auto results =
      run_forecast(def, test::forecast_options(static_cast<std::uint32_t>(def.replications), 1));
  double sum = 0;
  for (const ReplicationResult& r : results) sum += r.kpis.developed;
  return fmt::format("{}", sum / static_cast<double>(results.size()));
}

}  // namespace

TEST_CASE(
    "Study: a study defined in a few lines runs through run_study and finishes with its records in "
    "variant order",
    "[study]") {
  std::vector<ScenarioDef> variants{small_scenario("programme: {budget_thb: 5000000}\n"),
                                    small_scenario("programme: {budget_thb: 30000000}\n")};
  variants[0].name = "low";
  variants[1].name = "high";
  variants[0].replications = 6;
  variants[1].replications = 9;
  const std::vector<std::string> expected{mean_developed(variants[0]), mean_developed(variants[1])};
  REQUIRE(expected[0] != expected[1]);
  CHECK(std::stod(expected[1]) > std::stod(expected[0]));  // the larger budget develops more

  MemoryContents contents;
  bool opened = false;
  const StoreOpener memory = [&](const StudyIdentity& identity) {
    opened = true;
    CHECK(identity.kind == "mean-developed");
    CHECK(identity.records == 2);
    return std::make_unique<MemoryStore>(contents);
  };
  {
    MeanDevelopedStudy study(variants);
    ThreadExecutor executor(2);
    ProgressLog progress;
    RunStudyOptions options;
    options.on_progress = progress.callback();
    const StudyResult result = run_study(study, executor, memory, options);
    REQUIRE(result.complete);
    CHECK(opened);
    CHECK_FALSE(study.wrong_input);  // each variant's replications, in order, at its index
    CHECK(study.seen == expected);   // finish sees the records in variant order
    CHECK(contents.records == std::map<std::size_t, std::string>{{0, expected[0]}, {1, expected[1]}});
    CHECK(contents.outputs.at("means.txt") == expected[0] + "\n" + expected[1] + "\n");
    CHECK(contents.committed);
    CHECK(result.report.console == contents.outputs.at("means.txt"));
    CHECK(result.folder == fs::path("(memory)"));
    progress.check_consistent();
    CHECK(progress.reports.back().replications_total == 15);
    CHECK(progress.reports.back().replications_done == 15);
    CHECK(progress.reports.back().records_done == 2);
    CHECK(progress.reports.back().record_noun == "variant");
  }

  // Resuming belongs to run_study, not to the study or the store: with the first record kept
  // (its value changed, to see that it is read back, not made again), only the second runs.
  contents = MemoryContents{};
  contents.records[0] = "resumed";
  {
    MeanDevelopedStudy study(variants);
    ThreadExecutor executor(1);
    ProgressLog progress;
    RunStudyOptions options;
    options.on_progress = progress.callback();
    const StudyResult result = run_study(study, executor, memory, options);
    REQUIRE(result.complete);
    CHECK(result.records_resumed == 1);
    CHECK(study.resumed == 1);
    CHECK(study.seen == std::vector<Record>{"resumed", expected[1]});
    CHECK(progress.reports.back().replications_total == 9);
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Progress.

TEST_CASE("Study: progress never goes back and ends with every replication and record done", "[study]") {
  const test::TempFolder dir("study-progress");
  const SweepDef def = small_sweep(dir);
  SweepStudy study(def);
  ThreadExecutor executor(2);
  ProgressLog progress;
  RunStudyOptions options;
  options.on_progress = progress.callback();
  const StudyResult result = run_study(study, executor, study_folder(fs::path(dir.path) / "out"), options);
  REQUIRE(result.complete);
  progress.check_consistent();
  // Every replication was reported, one report per batch of them at least.
  CHECK(progress.reports.size() >= kSweepPoints);
  const StudyProgress& last = progress.reports.back();
  CHECK(last.replications_total == kSweepPoints * kSweepReplications);
  CHECK(last.replications_done == last.replications_total);
  CHECK(last.records_total == kSweepPoints);
  CHECK(last.records_done == last.records_total);
  CHECK(last.record_noun == "point");
  // The first report already knows the whole sweep, and nothing is done yet.
  CHECK(progress.reports.front().records_total == kSweepPoints);
  CHECK(progress.reports.front().records_done == 0);
  CHECK(progress.reports.front().replications_done == 0);
}

// ---------------------------------------------------------------------------------------------
// 6. Memory refusal.

TEST_CASE("Study: a study too big for the memory allowed is refused before its folder is opened", "[study]") {
  const test::TempFolder dir("study-memory");
  const fs::path out = fs::path(dir.path) / "out";
  RunStudyOptions tiny;
  tiny.max_memory_bytes = 1;
  ThreadExecutor executor(2);
  bool opened = false;

  SECTION("a sweep") {
    SweepStudy study(small_sweep(dir));
    CHECK_THROWS_WITH(run_study(study, executor, study_folder(out, &opened), tiny),
                      Catch::Matchers::Contains("needs about"));
    CHECK_THROWS_AS(run_study(study, executor, study_folder(out, &opened), tiny), ResourceError);
  }
  SECTION("a solve") {
    SolveStudy study(small_solve(dir, kSolveTarget));
    CHECK_THROWS_AS(run_study(study, executor, study_folder(out, &opened), tiny), ResourceError);
  }
  SECTION("a forecast") {
    ScenarioDef def = small_scenario();
    def.replications = 3;
    ForecastStudy study(def, "test");
    const StoreOpener run_folder = [&](const StudyIdentity&) {
      opened = true;
      return open_run_folder(out, false);
    };
    CHECK_THROWS_AS(run_study(study, executor, run_folder, tiny), ResourceError);
  }
  CHECK_FALSE(opened);
  CHECK_FALSE(fs::exists(out));
  // Nothing beside the inputs either (no staging folder).
  for (const auto& entry : fs::directory_iterator(dir.path)) CHECK(entry.path().extension() == ".yaml");
}

// A variant's replications are held whole until it is reduced, however many: the estimate may
// not cap them at the batch size. Two points of 100,000 replications each hold about
// 100,000 x the result of one replication of kSmall (over 1 kB: its agencies' and months'
// KPIs), far above 100 MB; a cap at 32 MB of held results would let it through.
TEST_CASE("Study: a point whose replications alone outgrow the memory allowed is refused up front",
          "[study]") {
  const test::TempFolder dir("study-held");
  const fs::path out = fs::path(dir.path) / "out";
  test::write_text(fs::path(dir.path) / "small.yaml", kSmall);
  test::write_text(fs::path(dir.path) / "sweep.yaml",
                   "name: many\nscenario: small.yaml\nreplications: 100000\nparameters:\n"
                   "  programme.budget_thb: [5000000, 6000000]\n");
  SweepStudy study(load_sweep_file((fs::path(dir.path) / "sweep.yaml").string()));
  RunStudyOptions limited;
  limited.max_memory_bytes = std::size_t{100} << 20;
  ThreadExecutor executor(2);
  bool opened = false;
  CHECK_THROWS_WITH(run_study(study, executor, study_folder(out, &opened), limited),
                    Catch::Matchers::Contains("needs about"));
  CHECK_FALSE(opened);
}

TEST_CASE("Study: a solve whose upper end would not fit is refused before its folder is opened", "[study]") {
  // The first round is the range's lower end alone; the upper end is checked with it
  // (Study::memory_bounds), so a search that would outgrow memory midway never starts.
  const test::TempFolder dir("study-bounds");
  const fs::path out = fs::path(dir.path) / "out";
  small_solve(dir, kSolveTarget);
  test::write_text(fs::path(dir.path) / "members.yaml",
                   "name: members-solve\nscenario: small-target.yaml\nreplications: 8\nseed: 5\n"
                   "parameter: networks.generate.members\nrange: [10, 200000]\ntarget: developed_smes\n"
                   "probability: 0.5\ntolerance: 5\n");
  const SolveDef def = load_solve_file((fs::path(dir.path) / "members.yaml").string());
  ThreadExecutor executor(2);
  const ScenarioDef lo = solve_variant(def, 10);
  const ScenarioDef hi = solve_variant(def, 200000);
  // The smallest power of two the lower end fits in; the upper end (20,000 times the SMEs)
  // does not.
  std::size_t limit = 0;
  for (std::size_t bytes = std::size_t{1} << 20; bytes <= (std::size_t{1} << 40) && limit == 0; bytes *= 2) {
    try {
      executor.check_memory(std::span<const ScenarioDef>(&lo, 1), MemoryUse::held_per_variant, bytes);
      limit = bytes;
    } catch (const ResourceError&) {
    }
  }
  REQUIRE(limit > 0);
  REQUIRE_THROWS_AS(
      executor.check_memory(std::span<const ScenarioDef>(&hi, 1), MemoryUse::held_per_variant, limit),
      ResourceError);

  SolveStudy study(def);
  RunStudyOptions options;
  options.max_memory_bytes = limit;
  bool opened = false;
  CHECK_THROWS_AS(run_study(study, executor, study_folder(out, &opened), options), ResourceError);
  CHECK_FALSE(opened);
  CHECK_FALSE(fs::exists(out));
}

// ---------------------------------------------------------------------------------------------
// 7. A forecast's run folder appears only when complete.

TEST_CASE(
    "Study: a forecast's run folder appears only when complete, the same files at 1 and 2 threads, and "
    "not at all when cancelled",
    "[study]") {
  const test::TempFolder dir("study-forecast");
  ScenarioDef def = small_scenario();
  def.replications = 6;
  const auto run_folder = [](const fs::path& destination) {
    return [destination](const StudyIdentity&) { return open_run_folder(destination, false); };
  };

  std::map<std::string, std::string> reference;
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    const fs::path dest = fs::path(dir.path) / fmt::format("run-{}", threads);
    ForecastStudy study(def, "test");
    ThreadExecutor executor(threads);
    bool seen_early = false;
    std::size_t reports = 0;
    RunStudyOptions options;
    options.threads = threads;
    options.on_progress = [&](const StudyProgress&) {
      ++reports;
      if (fs::exists(dest)) seen_early = true;
    };
    const StudyResult result = run_study(study, executor, run_folder(dest), options);
    REQUIRE(result.complete);
    CHECK(reports > 0);
    CHECK_FALSE(seen_early);  // never there while it ran
    CHECK(result.folder == dest);
    CHECK_FALSE(result.resumable);
    CHECK(result.record_noun == "forecast");
    CHECK(study.summary().replications == 6);
    REQUIRE(fs::is_directory(dest));
    std::map<std::string, std::string> files = folder_files(dest);
    for (const char* name : {"manifest.json", "summary.json", "kpis.csv", "timeseries.csv"}) {
      INFO(name);
      CHECK(files.count(name) == 1);
    }
    for (const auto& [name, bytes] : files) {
      INFO("file " << name);
      CHECK(name.front() != '.');  // no scratch file left behind
    }
    CHECK(lines(files.at("kpis.csv")) == 1 + 6);
    const auto manifest = nlohmann::json::parse(files.at("manifest.json"));
    CHECK(manifest.at("threads") == threads);
    files.erase("manifest.json");  // it records the thread count and the times
    if (reference.empty())
      reference = files;
    else
      check_same_files(files, reference);
  }

  {
    // Cancelled midway.
    const fs::path dest = fs::path(dir.path) / "cancelled";
    ScenarioDef longer = def;
    longer.replications = 40;
    ForecastStudy study(longer, "test");
    ThreadExecutor executor(1);
    std::atomic<bool> cancel{false};
    bool staged = false;
    RunStudyOptions options;
    options.cancel = &cancel;
    options.on_progress = [&](const StudyProgress& p) {
      if (p.replications_done < 3) return;
      // Meanwhile the results are staged beside the destination.
      for (const auto& entry : fs::directory_iterator(dir.path))
        if (entry.path().filename().string().find("cancelled.partial") != std::string::npos) staged = true;
      cancel = true;
    };
    const StudyResult result = run_study(study, executor, run_folder(dest), options);
    CHECK_FALSE(result.complete);
    CHECK_FALSE(result.resumable);
    CHECK(result.records_kept == 0);
    CHECK(staged);
    CHECK_FALSE(fs::exists(dest));
    // The staging folder is gone too: only the two complete runs are there.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"run-1", "run-2"});
  }
}
