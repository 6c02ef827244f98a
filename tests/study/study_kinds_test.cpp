// The registry of study kinds (smesim/study/study_kinds.hpp): the one place that names them,
// and every kind's loader puts --reps and --seed over its file's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "smesim/engine/executor_factory.hpp"
#include "smesim/engine/thread_executor.hpp"
#include "smesim/study/load_study.hpp"
#include "smesim/study/study_kinds.hpp"
#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using smesim::test::read_text;

namespace {
// Where a kind's name may stand as a string literal besides the registry: the kind's own files,
// named after it (its study, its outputs, its definition's reader, its report's sections),
// which write the name into the outputs (the identity in experiment.json, the manifest's keys,
// the report's anchors). The run's study is the forecast, and the files named run_… are not
// the run's own (run_study.cpp is every study's loop).
bool may_name(const std::string& relative, const fs::path& file, std::string_view kind) {
  if (relative == "src/study/study_kinds.cpp") return true;
  if (kind == "run") return relative == "src/study/forecast_study.cpp";
  return file.filename().string().starts_with(fmt::format("{}_", kind));
}

// A golden study file of each kind (a run: the built-in scenario).
std::string study_file(std::string_view kind) {
  const fs::path folder = fs::path(SMESIM_SOURCE_DIR) / "tests" / "golden" / "studies";
  if (fs::exists(folder / fmt::format("{}.yaml", kind)))
    return (folder / fmt::format("{}.yaml", kind)).string();
  if (kind == "sensitivity") return (folder / "sobol.yaml").string();
  return {};
}

}  // namespace

TEST_CASE("no file but the registry lists the kinds of study", "[study_kinds]") {
  std::vector<std::string> offences;
  std::size_t files = 0;
  for (const char* root : {"src", "include", "python/src"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SMESIM_SOURCE_DIR) / root)) {
      const fs::path& path = entry.path();
      if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
      ++files;
      const std::string text = read_text(path);
      const std::string relative = fs::relative(path, SMESIM_SOURCE_DIR).generic_string();
      for (const StudyKind& kind : study_kinds()) {
        if (may_name(relative, path, kind.name)) continue;
        if (text.find(fmt::format("\"{}\"", kind.name)) != std::string::npos)
          offences.push_back(fmt::format("{} names \"{}\"", relative, kind.name));
      }
    }
  }
  CHECK(files > 100);
  // The search finds a name as the registry writes it.
  const std::string registry = read_text(fs::path(SMESIM_SOURCE_DIR) / "src" / "study" / "study_kinds.cpp");
  for (const StudyKind& kind : study_kinds())
    CHECK(registry.find(fmt::format("\"{}\"", kind.name)) != std::string::npos);
  INFO(fmt::format("{}", fmt::join(offences, "\n")));
  CHECK(offences.empty());
}

TEST_CASE("the registry names each kind once, and finds it by name", "[study_kinds]") {
  std::set<std::string_view> names;
  for (const StudyKind& kind : study_kinds()) {
    INFO(kind.name);
    CHECK(names.insert(kind.name).second);
    CHECK(find_study_kind(kind.name) == &kind);
    CHECK(kind.load != nullptr);
    CHECK(kind.report != nullptr);
    CHECK(!kind.help.empty());
  }
  CHECK(find_study_kind("forecast") == nullptr);
  CHECK(study_kind_names(true) == "sweep, compare, solve, optimise or sensitivity");
  CHECK(study_kind_names(false) == "run, sweep, compare, solve, optimise or sensitivity");
  CHECK_THROWS_WITH(load_study_file("bisect", ""),
                    "no study kind `bisect` (run, sweep, compare, solve, optimise or sensitivity)");
}

TEST_CASE("every kind's loader makes a study of its kind with the overrides over its file", "[study_kinds]") {
  for (const StudyKind& kind : study_kinds()) {
    INFO(kind.name);
    const std::string file = study_file(kind.name);
    REQUIRE((file.empty() != kind.resumable));
    const std::unique_ptr<Study> as_written = kind.load(file, {});
    const std::unique_ptr<Study> overridden = kind.load(file, {7, 4242});
    CHECK(overridden->identity().kind == kind.name);
    // The identity is everything that determines the results: the overrides are in it.
    const std::string written = as_written->identity().identity;
    const std::string identity = overridden->identity().identity;
    CHECK(written.find("4242") == std::string::npos);
    CHECK(identity.find("4242") != std::string::npos);
    CHECK(identity != written);
    REQUIRE(!overridden->next_variants({}).empty());
  }
}

TEST_CASE("without an MPI session the executor is this process' threads", "[study_kinds]") {
  const std::unique_ptr<Executor> executor = make_executor(3);
  CHECK(dynamic_cast<ThreadExecutor*>(executor.get()) != nullptr);
  CHECK(executor->workers() == 3);
}
