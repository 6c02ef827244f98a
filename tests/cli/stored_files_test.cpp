// What smesim reads back from a results folder (records, experiment.json, shard.json,
// manifest.json, the files a report reads) is bounded and checked before it is used: a file
// nested 200,000 levels deep, a FIFO where a file was, a member of another type or a count out
// of range is refused with exit 2 and the file named, by `merge`, by a resumed study, by
// `report` and by `--force`; never a crash, a hang or an "internal error", and nothing is
// written. Destinations that cannot be used (a name too long, /proc, a parent that is a file)
// are refused the same way, before anything runs.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;

namespace {

const std::string kSweep = fmt::format(
    "'{}/tests/golden/studies/sweep.yaml' --reps 2 --seed 9 --threads 1 --quiet", SMESIM_SOURCE_DIR);

// A FIFO without a writer blocks a plain open() forever, and a blocked study does not act on
// SIGTERM: the command runs under `timeout -s KILL`, so a regression fails the test (exit 137)
// instead of hanging it.
CommandResult smesim_bounded(const std::string& dir, const std::string& args) {
  return run_command(fmt::format("cd '{}' && timeout -s KILL 60 '{}' {}", dir, smesim_binary(), args));
}

std::string deep_json(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']') + "\n"; }

void make_fifo(const fs::path& path) {
  fs::remove(path);
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
}

void replace_text(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_text(file);
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_text(file, text);
}

void set_member(const fs::path& file, const std::string& key, const nlohmann::json& value) {
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(read_text(file));
  json[key] = value;
  write_text(file, json.dump(2) + "\n");
}

void fresh_copy(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

void check_refused(const CommandResult& r, const std::string& expected) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(expected) != std::string::npos);
  CHECK(r.err.find("internal error") == std::string::npos);
}

struct Hostile {
  std::string what;
  std::function<void(const fs::path&)> make;  ///< changes the folder it is given
  std::string expected;                       ///< in the message
};

}  // namespace

TEST_CASE("merge refuses a hostile shard folder, naming the file, and writes nothing", "[cli][shard]") {
  const TempFolder dir("stored-shards");
  const fs::path root(dir.path);
  for (const char* shard : {"1", "2"}) {
    const auto r =
        smesim_in(dir.path, fmt::format("sweep {} --shard {}/2 --out made-{}", kSweep, shard, shard));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  const std::vector<Hostile> cases{
      {"shard.json nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "shard.json", deep_json(200'000)); },
       "shard.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"a record nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "points" / "000000.json", deep_json(200'000)); },
       "000000.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"experiment.json nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "experiment.json", deep_json(200'000)); },
       "experiment.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"a huge shard count",
       [](const fs::path& s) { replace_text(s / "experiment.json", "\"count\": 2", "\"count\": 1e12"); },
       "experiment.json: `count` is 1000000000000.0; smesim writes a whole number from 1 to 100000"},
      {"a shard index of the wrong type",
       [](const fs::path& s) { replace_text(s / "experiment.json", "\"index\": 1", "\"index\": \"x\""); },
       "experiment.json: `index` is \"x\"; smesim writes a whole number"},
      {"a negative records_resumed",
       [](const fs::path& s) { set_member(s / "shard.json", "records_resumed", -5); },
       "shard.json: `records_resumed` is -5; smesim writes a whole number from 0 to 3"},
      {"more records resumed than the shard holds",
       [](const fs::path& s) { set_member(s / "shard.json", "records_resumed", 4); },
       "shard.json: `records_resumed` is 4"},
      {"threads of the wrong type",
       [](const fs::path& s) { set_member(s / "shard.json", "threads", "many"); },
       "shard.json: `threads` is \"many\""},
      {"a command line of the wrong type",
       [](const fs::path& s) { set_member(s / "shard.json", "command_line", nlohmann::json::array()); },
       "shard.json: `command_line` is []; smesim writes text there"},
      {"a FIFO for a record", [](const fs::path& s) { make_fifo(s / "points" / "000000.json"); },
       "000000.json: expected a regular file, got a FIFO (named pipe)"},
      {"a FIFO for shard.json", [](const fs::path& s) { make_fifo(s / "shard.json"); },
       "shard.json: expected a regular file, got a FIFO (named pipe)"},
      {"a FIFO for experiment.json", [](const fs::path& s) { make_fifo(s / "experiment.json"); },
       "experiment.json: expected a regular file, got a FIFO (named pipe)"},
      {"a folder for a record",
       [](const fs::path& s) {
         fs::remove(s / "points" / "000000.json");
         fs::create_directory(s / "points" / "000000.json");
       },
       "000000.json: expected a regular file, got a directory"},
  };
  for (const Hostile& c : cases) {
    INFO(c.what);
    fresh_copy(root / "made-1", root / "shard-1");
    fresh_copy(root / "made-2", root / "shard-2");
    c.make(root / "shard-1");
    const auto r = smesim_bounded(
        dir.path, fmt::format("merge '{}/tests/golden/studies/sweep.yaml' shard-1 shard-2 --reps 2 --seed 9 "
                              "--quiet --out merged",
                              SMESIM_SOURCE_DIR));
    check_refused(r, c.expected);
    CHECK_FALSE(fs::exists(root / "merged"));
  }
  // The untouched shards still merge.
  const auto r = smesim_in(dir.path, fmt::format("merge '{}/tests/golden/studies/sweep.yaml' made-1 made-2 "
                                                 "--reps 2 --seed 9 --quiet --out merged",
                                                 SMESIM_SOURCE_DIR));
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("resuming, report and --force refuse hostile stored files, naming them", "[cli]") {
  const TempFolder dir("stored-resume");
  const fs::path root(dir.path);
  const auto made = smesim_in(dir.path, fmt::format("sweep {} --out made", kSweep));
  INFO(made.err);
  REQUIRE(made.exit_code == 0);

  const std::vector<Hostile> resumed{
      {"a record nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "points" / "000001.json", deep_json(200'000)); },
       "000001.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"a FIFO for a record", [](const fs::path& s) { make_fifo(s / "points" / "000001.json"); },
       "000001.json: expected a regular file, got a FIFO (named pipe)"},
      {"a FIFO for experiment.json", [](const fs::path& s) { make_fifo(s / "experiment.json"); },
       "experiment.json: expected a regular file, got a FIFO (named pipe)"},
      {"experiment.json nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "experiment.json", deep_json(200'000)); },
       "experiment.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"an identity of the wrong type",
       [](const fs::path& s) { set_member(s / "experiment.json", "identity", 5); },
       "experiment.json: `identity` is 5; smesim writes text there"},
      {"a shard index of the wrong type",
       [](const fs::path& s) {
         set_member(s / "experiment.json", "shard", nlohmann::json{{"index", "x"}, {"count", 2}});
       },
       "experiment.json: `index` is \"x\""},
  };
  for (const Hostile& c : resumed) {
    INFO(c.what);
    fresh_copy(root / "made", root / "case");
    c.make(root / "case");
    check_refused(smesim_bounded(dir.path, fmt::format("sweep {} --out case", kSweep)), c.expected);
  }

  const std::vector<Hostile> reported{
      {"manifest.json nested 200,000 deep",
       [](const fs::path& s) { write_text(s / "manifest.json", deep_json(200'000)); },
       "manifest.json:1:65: arrays and objects nested more than 64 levels deep"},
      {"a FIFO for manifest.json", [](const fs::path& s) { make_fifo(s / "manifest.json"); },
       "manifest.json: expected a regular file, got a FIFO (named pipe)"},
      {"a FIFO for points.csv", [](const fs::path& s) { make_fifo(s / "points.csv"); },
       "points.csv: expected a regular file, got a FIFO (named pipe)"},
      {"experiment.json whose kind is not text",
       [](const fs::path& s) { set_member(s / "experiment.json", "kind", 7); },
       "unknown experiment kind \"\""},
  };
  for (const Hostile& c : reported) {
    INFO(c.what);
    fresh_copy(root / "made", root / "case");
    c.make(root / "case");
    check_refused(smesim_bounded(dir.path, "report case --out case.html"), c.expected);
    CHECK_FALSE(fs::exists(root / "case.html"));
  }

  // --force replaces only what smesim wrote: a manifest it cannot read is not one of its own.
  fs::create_directories(root / "forced");
  write_text(root / "forced" / "manifest.json", deep_json(200'000));
  check_refused(smesim_bounded(dir.path, "run --reps 1 --quiet --out forced --force"),
                "its manifest.json is not one smesim wrote");
  write_text(root / "forced" / "manifest.json", R"({"tool": 5, "files": []})");
  check_refused(smesim_bounded(dir.path, "run --reps 1 --quiet --out forced --force"),
                "its manifest.json is not one smesim wrote");
  make_fifo(root / "forced" / "manifest.json");
  check_refused(smesim_bounded(dir.path, "run --reps 1 --quiet --out forced --force"),
                "--force replaces only a results folder that smesim wrote, and forced is not one");
}

TEST_CASE("a destination that cannot be used is refused with exit 2 before anything runs", "[cli]") {
  const TempFolder dir("destinations");
  const std::string too_long(300, 'x');
  struct Destination {
    std::string out, expected;
  };
  const std::vector<Destination> destinations{
      {too_long, "cannot be used as a"},
      {"/proc/x", "cannot be used as a"},
      {"/dev/null/x", "cannot be used as a"},
      {"/sys/x", "cannot be used as a"},
  };
  for (const Destination& d : destinations) {
    for (const std::string& command : std::vector<std::string>{"run --reps 1 --quiet", "sweep " + kSweep}) {
      INFO(command << " --out " << d.out);
      const auto r = smesim_bounded(dir.path, fmt::format("{} --out '{}'", command, d.out));
      check_refused(r, d.expected);
      CHECK(r.err.find("already exists") == std::string::npos);
    }
  }
  CHECK(fs::is_empty(dir.path));
}
