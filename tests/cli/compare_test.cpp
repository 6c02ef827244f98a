// `smesim compare` as a shell: bad compare files rejected at file:line:col with nothing
// written, SIGINT, resuming after a kill with byte-identical outputs, results/<name>/ and
// --restart. The comparison itself is tested in process in tests/study/compare_study_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"
#include "support/study_fixtures.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using namespace smesim::test::compare_fixture;
using smesim::test::run_command;

namespace {}  // namespace

TEST_CASE("bad compare files are rejected with file:line:col, exit code 2 and nothing written",
          "[cli][compare]") {
  TempFolder dir("bad");
  struct Case {
    std::string text, location, phrase;
  };
  const std::string head = "name: c\nreplications: 2\n";
  const std::vector<Case> cases{
      {head + "basline: a\nvariants: {a: {}, b: {}}\n", "bad.yaml:3:1: error:", "did you mean `baseline`"},
      {head + "variants:\n  a: {}\n  b: {programme.budget: 5}\n",
       "bad.yaml:5:7: error:", "nearest valid paths"},
      {head + "baseline: as-si\nvariants:\n  as-is: {}\n  b: {}\n",
       "bad.yaml:3:11: error:", "did you mean `as-is`"},
      {head + "variants:\n  a: {}\n", "bad.yaml:4:3: error:", "at least 2 variants"},
      {head + "variants:\n  a: {}\n  b: {agencies.DIP.strategy.mentoring.targeting: lagards}\n",
       "bad.yaml:5:50: error:", "did you mean `laggards`"},
      {head + "variants:\n  a: {}\n  b: {programme.budget_thb: -5}\n",
       "bad.yaml:5:29: error:", "expected a number"},
      {head + "variants:\n  a: {}\n  b: {seed: 5}\n", "bad.yaml:5:7: error:", "common random numbers"},
      {head + "precision: {develop: 5}\nvariants: {a: {}, b: {}}\n",
       "bad.yaml:3:13: error:", "did you mean `developed`"},
      // Each share is valid alone; together they no longer sum to 1: blamed on the variant.
      {head + "variants:\n  a: {}\n  b: {agencies.DIP.strategy.split.mentoring: 0.9}\n",
       "bad.yaml:5:3: error:", "not a valid scenario"},
      {head + "variants:\n  a: {}\n  ../b: {}\n", "bad.yaml:5:3: error:", "folder name"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "compare bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "results"));
  }
}

// [scale]: whole comparisons in child processes; the sanitizer build stops a run by SIGINT and
// SIGTERM ("SIGINT and SIGTERM stop a run promptly…") and a study in process.
TEST_CASE("compare: SIGINT exits 130 and keeps the folder resumable", "[cli][compare][scale]") {
  TempFolder dir("interrupt");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  // Ten variants of 60 replications: the runner finishes variants in batches of at most eight
  // (src/engine/experiment.cpp), so an interrupt once the first batch is on disk lands while
  // the last two run. Interrupted, the running batch is dropped and what is on disk stays.
  std::string text = kCompare;
  text.replace(text.find("replications: 8"), 15, "replications: 60");
  text +=
      "  leaders: {agencies.*.strategy.mentoring.targeting: leaders}\n"
      "  hubs: {agencies.*.strategy.mentoring.targeting: hubs}\n"
      "  b10: {programme.budget_thb: 10000000}\n"
      "  b15: {programme.budget_thb: 15000000}\n"
      "  b20: {programme.budget_thb: 20000000}\n"
      "  b25: {programme.budget_thb: 25000000}\n"
      "  b40: {programme.budget_thb: 40000000}\n";
  write_text(fs::path(dir.path) / "compare.yaml", text);
  const auto whole = smesim_in(dir.path, "compare compare.yaml --quiet --out whole");
  REQUIRE(whole.exit_code == 0);
  // Interrupt once eight variants are on disk; kill after 20 s so the test cannot hang.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' compare compare.yaml --quiet --out res & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls res/points 2>/dev/null | grep -c json); [ \"$n\" -ge 8 ] && break; "
      "sleep 0.01; done; kill -INT $pid; "
      "i=0; while [ $i -lt 400 ] && kill -0 $pid 2>/dev/null; do sleep 0.05; i=$((i+1)); done; "
      "kill -0 $pid 2>/dev/null && kill -KILL $pid; wait $pid; echo exit=$?)",
      dir.path, smesim::test::smesim_binary());
  const auto r = run_command(script);
  INFO(r.out << r.err);
  REQUIRE(r.out.find("exit=130") != std::string::npos);
  CHECK(r.err.find("interrupted") != std::string::npos);
  CHECK(r.err.find("run the same command again to resume") != std::string::npos);
  const fs::path res = fs::path(dir.path) / "res";
  CHECK(fs::exists(res / "experiment.json"));
  CHECK_FALSE(fs::exists(res / "comparison.csv"));  // unfinished
  const std::size_t done_before = stored_points(res);
  INFO("variants on disk after the interrupt: " << done_before);
  REQUIRE(done_before == 8);  // the interrupt landed midway, and the running batch was dropped
  // Resumed, it runs only the last two and ends with the same bytes as the uninterrupted run.
  const auto resumed = smesim_in(dir.path, "compare compare.yaml --out res");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  CHECK(nlohmann::json::parse(read_text(res / "manifest.json")).at("variants_resumed") == 8);
  CHECK(read_text(res / "comparison.csv") == read_text(fs::path(dir.path) / "whole" / "comparison.csv"));
  for (int i = 0; i < 10; ++i) {
    const std::string name = fmt::format("points/{:06}.json", i);
    CHECK(read_text(res / name) == read_text(fs::path(dir.path) / "whole" / name));
  }
}

// [scale]: as the killed sweep (tests/cli/sweep_test.cpp).
TEST_CASE("a killed comparison resumes and ends with byte-identical outputs", "[cli][compare][scale]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  // Ten variants: the experiment runner finishes variants in batches of at most eight
  // (src/engine/experiment.cpp), so a kill once the first batch is on disk lands while the
  // last two are still running.
  std::string text = kCompare;
  // More replications than the other tests, so the last batch runs long enough to be cut.
  text.replace(text.find("replications: 8"), 15, "replications: 60");
  text +=
      "  leaders: {agencies.*.strategy.mentoring.targeting: leaders}\n"
      "  hubs: {agencies.*.strategy.mentoring.targeting: hubs}\n"
      "  half-budget: {programme.budget_thb: 15000000}\n"
      "  budget-10m: {programme.budget_thb: 10000000}\n"
      "  budget-20m: {programme.budget_thb: 20000000}\n"
      "  budget-25m: {programme.budget_thb: 25000000}\n"
      "  budget-40m: {programme.budget_thb: 40000000}\n";
  write_text(fs::path(dir.path) / "compare.yaml", text);
  // The reference: one uninterrupted run.
  const auto whole_run = smesim_in(dir.path, "compare compare.yaml --quiet --out whole");
  INFO(whole_run.err);
  REQUIRE(whole_run.exit_code == 0);

  // Start the same comparison, kill it (SIGKILL: no chance to clean up) once the first batch
  // is on disk, then run the same command again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' compare compare.yaml --quiet --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 8 ] && break; "
      "sleep 0.01; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("variants finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming: the first batch of
  // eight is on disk and the last two were still running.
  REQUIRE(done_before >= 8);
  REQUIRE(done_before < 10);
  CHECK_FALSE(fs::exists(cut / "comparison.csv"));  // does not look finished

  const auto resumed = smesim_in(dir.path, "compare compare.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "comparison.csv") == read_text(whole / "comparison.csv"));
  for (const std::string variant : {"laggards", "as-is", "network-heavy", "leaders", "hubs", "half-budget",
                                    "budget-10m", "budget-20m", "budget-25m", "budget-40m"}) {
    INFO(variant);
    const std::string name = "variants/" + variant + "/summary.json";
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
  for (int i = 0; i < 10; ++i) {
    const std::string name = fmt::format("points/{:06}.json", i);
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
  CHECK(nlohmann::json::parse(read_text(cut / "manifest.json")).at("variants_resumed") == done_before);
  // The console table too, apart from the folder it names.
  CHECK(resumed.out.substr(0, resumed.out.find("Results:")) ==
        whole_run.out.substr(0, whole_run.out.find("Results:")));
}

TEST_CASE("compare: results/<name>/ resumes, a changed file is refused, --restart starts over",
          "[cli][compare]") {
  TempFolder dir("changed");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  // The default folder is stable, so the same command again finds the finished variants.
  REQUIRE(smesim_in(dir.path, "compare compare.yaml --quiet").exit_code == 0);
  const fs::path out = fs::path(dir.path) / "results" / "strategies-test";
  REQUIRE(fs::exists(out / "comparison.csv"));
  const std::string first = read_text(out / "comparison.csv");
  const auto again = smesim_in(dir.path, "compare compare.yaml");
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("3 of 3 variants already done") != std::string::npos);
  CHECK(again.out.find("Results: results/strategies-test") != std::string::npos);
  CHECK(read_text(out / "comparison.csv") == first);

  // A changed compare file is a different comparison: refused, naming the kind and --restart.
  std::string changed = kCompare;
  changed.replace(changed.find("seed: 11"), 8, "seed: 12");
  write_text(fs::path(dir.path) / "compare.yaml", changed);
  const auto refused = smesim_in(dir.path, "compare compare.yaml --quiet");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different compare") != std::string::npos);
  CHECK(refused.err.find("--restart") != std::string::npos);
  CHECK(read_text(out / "comparison.csv") == first);  // left as it was
  // So is a changed precision (it changes replications_needed) ...
  changed = kCompare;
  changed.replace(changed.find("developed: 20"), 13, "developed: 30");
  write_text(fs::path(dir.path) / "compare.yaml", changed);
  CHECK(smesim_in(dir.path, "compare compare.yaml --quiet").exit_code == 2);
  // ... and a changed scenario.
  write_text(fs::path(dir.path) / "compare.yaml", kCompare);
  std::string scenario = kSmall;
  scenario.replace(scenario.find("30000000"), 8, "31000000");
  write_text(fs::path(dir.path) / "small.yaml", scenario);
  CHECK(smesim_in(dir.path, "compare compare.yaml --quiet").exit_code == 2);

  const auto restarted = smesim_in(dir.path, "compare compare.yaml --restart");
  INFO(restarted.err);
  CHECK(restarted.exit_code == 0);
  CHECK(restarted.err.find("resuming") == std::string::npos);
  CHECK(stored_points(out) == 3);
  CHECK(read_text(out / "comparison.csv") != first);
  // --force is the old name of --restart.
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  CHECK(smesim_in(dir.path, "compare compare.yaml --quiet --force").exit_code == 0);
  CHECK(read_text(out / "comparison.csv") == first);
}
