// `smesim solve` end to end: a converging search whose evaluations are consistent with its
// bracket, resuming after a kill with byte-identical outputs, and bad solve files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;
using smesim::test::run_command;

namespace {

// The default programme with 30-member networks (1,620 SMEs) develops about 30 SMEs with
// 5 M THB and about 1,500 with 100 M THB, so a target of 1,000 developed SMEs is reached
// somewhere inside the range.
const char* const kSmall =
    "extends: default\nname: small\nnetworks: {generate: {members: 30}, list: ~}\n"
    "targets: {developed_smes: 1000}\n";
const char* const kSolve = R"(name: small-solve
scenario: small.yaml
replications: 24
parameter: programme.budget_thb
range: [5000000, 100000000]
target: developed_smes
probability: 0.75
tolerance: 3000000
)";

struct Row {
  double value, p, ci_lo, ci_hi, bracket_lo, bracket_hi;
  int step, replications;
};

std::vector<Row> rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<Row> out;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::vector<std::string> c;
    std::string cell;
    while (std::getline(cells, cell, ',')) c.push_back(cell);
    REQUIRE(c.size() == 8);
    out.push_back({std::stod(c[1]), std::stod(c[2]), std::stod(c[3]), std::stod(c[4]), std::stod(c[6]),
                   std::stod(c[7]), std::stoi(c[0]), std::stoi(c[5])});
  }
  return out;
}

}  // namespace

TEST_CASE("solve converges inside the range with evaluations consistent with the bracket", "[cli][solve]") {
  TempFolder dir("converge");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "solve.yaml", kSolve);
  const auto r = smesim_in(dir.path, "solve solve.yaml --quiet --out out");
  INFO(r.err);
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  const fs::path out = fs::path(dir.path) / "out";
  const std::string csv = read_text(out / "evaluations.csv");
  CHECK(csv.rfind("step,value,p_met,ci95_lo,ci95_hi,replications,bracket_lo,bracket_hi\n", 0) == 0);
  const auto evaluations = rows(csv);
  // Both ends, then halvings of 95 M THB down to <= 3 M THB: 2 + 5 evaluations.
  REQUIRE(evaluations.size() == 7);
  CHECK(stored_points(out) == evaluations.size());
  CHECK(evaluations[0].value == 5e6);
  CHECK(evaluations[1].value == 1e8);
  CHECK(evaluations[0].p < 0.75);
  CHECK(evaluations[1].p >= 0.75);
  for (std::size_t i = 0; i < evaluations.size(); ++i) {
    const Row& e = evaluations[i];
    CHECK(e.step == static_cast<int>(i));
    CHECK(e.replications == 24);
    CHECK(e.ci_lo <= e.p);
    CHECK(e.p <= e.ci_hi);
    if (i < 2) continue;
    const Row& prev = evaluations[i - 1];
    CHECK(e.value == (prev.bracket_lo + prev.bracket_hi) / 2);  // the midpoint of the bracket before
    // The bracket moves to the midpoint on the side its estimate says.
    CHECK((e.p >= 0.75 ? e.bracket_hi : e.bracket_lo) == e.value);
    CHECK((e.p >= 0.75 ? e.bracket_lo == prev.bracket_lo : e.bracket_hi == prev.bracket_hi));
  }
  const Row& last = evaluations.back();
  CHECK(last.bracket_hi - last.bracket_lo <= 3e6);

  const auto solution = nlohmann::json::parse(read_text(out / "solution.json"));
  CHECK(solution.at("status") == "converged");
  CHECK(solution.at("converged") == true);
  const double answer = solution.at("answer").get<double>();
  CHECK(answer == last.bracket_hi);
  CHECK(answer > 5e6);
  CHECK(answer <= 1e8);
  CHECK(solution.at("p_met_at_answer").at("p_met").get<double>() >= 0.75);
  CHECK(solution.at("answer_interval").at("lo").get<double>() < answer);
  CHECK(solution.at("evaluations").size() == evaluations.size());
  CHECK(fs::exists(out / "manifest.json"));
  CHECK(r.out.find("Answer: programme.budget_thb = ") != std::string::npos);
}

TEST_CASE("a killed solve resumes and ends with byte-identical outputs", "[cli][solve]") {
  TempFolder dir("resume");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "solve.yaml", kSolve);
  REQUIRE(smesim_in(dir.path, "solve solve.yaml --quiet --out whole").exit_code == 0);

  // SIGKILL once three evaluations are on disk (no chance to clean up), then run it again.
  const std::string script = fmt::format(
      "cd '{}' && ('{}' solve solve.yaml --quiet --threads 1 --out cut & pid=$!; "
      "for i in $(seq 1 3000); do n=$(ls cut/points 2>/dev/null | grep -c json); [ \"$n\" -ge 3 ] && break; "
      "sleep "
      "0.005; done; kill -9 $pid; wait $pid; echo killed)",
      dir.path, smesim::test::smesim_binary());
  const auto killed = run_command(script);
  REQUIRE(killed.out.find("killed") != std::string::npos);
  const fs::path cut = fs::path(dir.path) / "cut";
  const std::size_t done_before = stored_points(cut);
  INFO("evaluations finished before the kill: " << done_before);
  // The kill must have landed midway, or this test would not test resuming.
  REQUIRE(done_before >= 3);
  REQUIRE(done_before < stored_points(fs::path(dir.path) / "whole"));
  CHECK_FALSE(fs::exists(cut / "solution.json"));  // an interrupted solve does not look finished

  const auto resumed = smesim_in(dir.path, "solve solve.yaml --out cut");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  const fs::path whole = fs::path(dir.path) / "whole";
  CHECK(read_text(cut / "evaluations.csv") == read_text(whole / "evaluations.csv"));
  CHECK(read_text(cut / "solution.json") == read_text(whole / "solution.json"));
  REQUIRE(stored_points(cut) == stored_points(whole));
  for (std::size_t i = 0; i < stored_points(whole); ++i) {
    const std::string name = fmt::format("points/{:06}.json", i);
    CHECK(read_text(cut / name) == read_text(whole / name));
  }
  const auto manifest = nlohmann::json::parse(read_text(cut / "manifest.json"));
  CHECK(manifest.at("evaluations_resumed").get<std::size_t>() == done_before);

  // A changed solve file is a different solve: refused, nothing overwritten.
  std::string changed = kSolve;
  changed.replace(changed.find("probability: 0.75"), 17, "probability: 0.70");
  write_text(fs::path(dir.path) / "solve.yaml", changed);
  const auto refused = smesim_in(dir.path, "solve solve.yaml --quiet --out cut");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("different solve") != std::string::npos);
}

TEST_CASE("solve reports a level not reachable within the range", "[cli][solve]") {
  TempFolder dir("unreachable");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  std::string text = kSolve;
  text.replace(text.find("[5000000, 100000000]"), 20, "[1000000, 10000000]");
  write_text(fs::path(dir.path) / "solve.yaml", text);
  const auto r = smesim_in(dir.path, "solve solve.yaml --quiet --out out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NOT REACHABLE within the range") != std::string::npos);
  const auto solution = nlohmann::json::parse(read_text(fs::path(dir.path) / "out" / "solution.json"));
  CHECK(solution.at("status") == "not_reachable");
  CHECK(solution.at("reachable") == false);
  CHECK(solution.at("answer").is_null());
  CHECK(solution.at("p_met_at_hi").at("p_met").get<double>() < 0.75);
  CHECK(solution.at("evaluations").size() == 2);
}

TEST_CASE("bad solve files are rejected with file:line:col and exit code 2", "[cli][solve]") {
  TempFolder dir("bad");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  const std::string head = "name: s\nscenario: small.yaml\n";
  const std::string tail = "probability: 0.8\ntolerance: 1000000\n";
  struct Case {
    std::string text, location, phrase;
  };
  const std::vector<Case> cases{
      {head + "parameter: programme.budget\nrange: [1, 2]\n" + tail,
       "bad.yaml:3:12: error:", "nearest valid paths"},
      {head + "parameter: programme.budget_thb\nrange: [5, -2]\n" + tail, "bad.yaml:4:8: error:", "lo < hi"},
      {head + "parameter: programme.budget_thb\nrange: [-5, 20]\n" + tail,
       "bad.yaml:4:9: error:", "expected"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\nprobability: 1.2\ntolerance: 1\n",
       "bad.yaml:5:14: error:", "(0, 1)"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\nprobability: 0.8\ntolerance: 0\n",
       "bad.yaml:6:12: error:", "> 0"},
      {head + "parameter: programme.budget_thb\nrange: [1, 2]\ntarget: develped_smes\n" + tail,
       "bad.yaml:5:9: error:", "did you mean `developed_smes`"},
      {head + "parameter: programme.budget_thb\nrnge: [1, 2]\n" + tail,
       "bad.yaml:4:1: error:", "did you mean `range`"},
      {head + "parameter: programme.budget_thb\n" + tail, "bad.yaml:1:1: error:", "range"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    write_text(fs::path(dir.path) / "bad.yaml", c.text);
    const auto r = smesim_in(dir.path, "solve bad.yaml --quiet --out out");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(c.location, 0) == 0);
    CHECK(r.err.find(c.phrase) != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "out"));
  }
}
