// docs/model.md §9 defaults and the nine OSMEP agencies (docs/programme_2015.md), as C++ data: what
// a scenario without `extends` starts from.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "scenario/input_file.hpp"
#include "smesim/scenario/scenario.hpp"

namespace smesim {
namespace detail {
std::string_view builtin_scenario_text();  // generated from scenarios/osmep_2015.yaml
}  // namespace detail

namespace {

std::string format_error(const SourceLocation& where, const std::string& key_path,
                         const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out = where.known() ? fmt::format("{}:{}:{}: ", where.file, where.line, where.column) : where.file + ": ";
  }
  out += "error: ";
  if (!key_path.empty()) out += key_path + ": ";
  // Scalars, keys and file names in a message come from the user's bytes.
  return detail::printable(out + message);
}

AgencyDef agency(const char* id, const char* name, int networks, std::vector<Sector> sectors) {
  AgencyDef a;
  a.id = id;
  a.name = name;
  a.networks = networks;
  a.sectors = std::move(sectors);
  return a;
}

}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string key_path, std::string message)
    : Error(format_error(where, key_path, message)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

ScenarioError::ScenarioError(const ScenarioError& first, const std::string& text)
    : Error(text), where_(first.where_), key_path_(first.key_path_), message_(first.message_) {}

namespace {

std::vector<ScenarioError> in_file_order(std::vector<ScenarioError> errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const ScenarioError& a, const ScenarioError& b) {
    const SourceLocation &x = a.where(), &y = b.where();
    return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
  });
  return errors;
}

std::string joined_what(const std::vector<ScenarioError>& errors) {
  std::string text;
  for (const ScenarioError& e : errors)
    text = text.empty() ? e.what() : fmt::format("{}\n{}", text, e.what());
  return text;
}

}  // namespace

ScenarioErrors::ScenarioErrors(std::vector<ScenarioError> errors)
    : ScenarioError(in_file_order(errors).front(), joined_what(in_file_order(errors))),
      all_(in_file_order(std::move(errors))) {}

std::string_view builtin_scenario_yaml() { return detail::builtin_scenario_text(); }

ScenarioDef default_scenario_def() {
  using S = Sector;
  ScenarioDef d;
  d.name = "unnamed";
  // The networks each agency leads are from the 2015 announcement; their sectors are the
  // assumption of docs/model.md §9 "The default networks".
  d.agencies = {
      agency("MOI-OPS", "Office of the Permanent Secretary, Ministry of Interior", 18,
             {S::agriculture, S::trade, S::services}),
      agency("DIP", "Department of Industrial Promotion", 17, {S::manufacturing}),
      agency("FTI", "Federation of Thai Industries", 7, {S::manufacturing}),
      agency("DOAE", "Department of Agricultural Extension", 6, {S::agriculture}),
      agency("TISTR", "Thailand Institute of Scientific and Technological Research", 2, {S::manufacturing}),
      agency("DOF", "Department of Fisheries", 1, {S::agriculture}),
      agency("DLD", "Department of Livestock Development", 1, {S::agriculture}),
      agency("QSDS", "Queen Sirikit Department of Sericulture", 1, {S::agriculture}),
      agency("RICE", "Rice Department", 1, {S::agriculture}),
  };
  return d;
}

const std::vector<std::string>& official_province_groups() {
  static const std::vector<std::string> groups{
      "North Upper 1",          "North Upper 2",      "North Lower 1",
      "North Lower 2",          "North-East Upper 1", "North-East Upper 2",
      "North-East Central",     "North-East Lower 1", "North-East Lower 2",
      "Central Upper 1",        "Central Upper 2",    "Central Metropolitan",
      "Central Lower 1",        "Central Lower 2",    "East",
      "South Gulf of Thailand", "South Andaman",      "South Border"};
  return groups;
}

const char* to_string(Sector s) {
  switch (s) {
    case Sector::manufacturing:
      return "manufacturing";
    case Sector::trade:
      return "trade";
    case Sector::services:
      return "services";
    case Sector::agriculture:
      return "agriculture";
  }
  return "?";
}

const char* to_string(Targeting t) {
  switch (t) {
    case Targeting::broad:
      return "broad";
    case Targeting::laggards:
      return "laggards";
    case Targeting::leaders:
      return "leaders";
    case Targeting::hubs:
      return "hubs";
    case Targeting::largest:
      return "largest";
  }
  return "?";
}

const char* to_string(TopologyKind k) {
  switch (k) {
    case TopologyKind::small_world:
      return "small_world";
    case TopologyKind::complete:
      return "complete";
    case TopologyKind::random:
      return "random";
    case TopologyKind::scale_free:
      return "scale_free";
  }
  return "?";
}

const char* to_string(SizeClass c) {
  switch (c) {
    case SizeClass::micro:
      return "micro";
    case SizeClass::small:
      return "small";
    case SizeClass::medium:
      return "medium";
    case SizeClass::large:
      return "large";
  }
  return "?";
}

}  // namespace smesim
