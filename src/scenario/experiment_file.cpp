#include "scenario/experiment_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scenario/fields.hpp"
#include "smesim/parameter_paths.hpp"

namespace smesim::detail {

void fail(const SourceLocation& at, const std::string& key_path, const std::string& what) {
  throw ScenarioError(at, key_path, what);
}

std::string got(const DocNode& node) { return ", got " + describe_node(node); }

std::string read_text(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail({path, 0, 0}, "", "expected a file, got a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail({path, 0, 0}, "", "cannot open the file (does it exist and is it readable?)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

long long whole_number(const DocNode& node, const std::string& key_path, double min, double max) {
  double v = 0;
  if (!parse_number(node, v) || v != std::floor(v) || v < min || v > max)
    fail(node.where, key_path,
         fmt::format("expected a whole number in [{}, {}]{}", format_number(min), format_number(max),
                     got(node)));
  return static_cast<long long>(v);
}

double number(const DocNode& node, const std::string& key_path) {
  double v = 0;
  if (!parse_number(node, v)) fail(node.where, key_path, "expected a number" + got(node));
  return v;
}

bool is_whole_number_parameter(const ScenarioDef& base, const std::string& path) {
  ScenarioDef probe = base;
  // A whole-number field rejects 0.5; a numeric one takes it (or rejects it for its range).
  try {
    set_parameter(probe, path, "0.5");
    return false;
  } catch (const ScenarioError& e) {
    return e.message().find("whole number") != std::string::npos;
  }
}

}  // namespace smesim::detail
