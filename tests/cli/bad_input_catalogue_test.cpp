// One catalogue of bad input (tests/scenario/fixtures/catalogue.tsv): every fixture and every
// bad command line with its exit code and the first line of its message. Each entry runs the
// real binary in an empty working folder, which must still be empty afterwards: bad input
// writes nothing (docs/scenario.md "Bad input").
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Entry {
  std::string fixture;  ///< a file of the fixtures folder, or "-"
  std::string arguments;
  int exit_code = 0;
  std::string first_line;
};

std::vector<Entry> read_catalogue(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Entry> entries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> columns;
    std::istringstream fields(line);
    for (std::string c; std::getline(fields, c, '\t');) columns.push_back(c);
    REQUIRE(columns.size() == 4);
    entries.push_back({columns[0], columns[1], std::stoi(columns[2]), columns[3]});
  }
  return entries;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("the catalogue of bad input: exit code, first message line, nothing written", "[cli][hardening]") {
  const fs::path fixtures = SMESIM_FIXTURES_DIR;
  const std::vector<Entry> entries = read_catalogue(fixtures / "catalogue.tsv");
  // Every bad_* fixture of the folder is in the catalogue.
  std::set<std::string> listed;
  for (const Entry& e : entries) listed.insert(e.fixture);
  for (const auto& file : fs::directory_iterator(fixtures)) {
    const std::string name = file.path().filename().string();
    if (name.rfind("bad_", 0) == 0) CHECK(listed.count(name) == 1);
  }
  CHECK(entries.size() >= 60);

  for (const Entry& e : entries) {
    const fs::path tmp = smesim::test::make_temp_dir("catalogue");
    const fs::path fifo = tmp / "pipe.yaml";
    const bool uses_fifo = e.arguments.find("{fifo}") != std::string::npos;
    if (uses_fifo) REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string fixture = (fixtures / e.fixture).string();
    auto expand = [&](std::string text) {
      text = replace_all(text, "{f}", fixture);
      text = replace_all(text, "{dir}", fixtures.string());
      text = replace_all(text, "{fifo}", fifo.string());
      return replace_all(text, "{tmp}", tmp.string());
    };
    INFO("smesim " << e.arguments << "  (" << e.fixture << ")");
    const smesim::test::CommandResult r =
        smesim::test::run_command("cd '" + tmp.string() + "' && timeout 60 " + smesim::test::smesim_binary() +
                                  " " + expand(e.arguments));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == e.exit_code);
    CHECK(r.err.substr(0, r.err.find('\n')) == expand(e.first_line));
    CHECK(r.out.empty());
    const std::set<std::string> left = names_in(tmp);
    CHECK(left == (uses_fifo ? std::set<std::string>{"pipe.yaml"} : std::set<std::string>{}));
    std::error_code ec;
    fs::remove_all(tmp, ec);
  }
}
