#include "io/sweep_store.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv_writer.hpp"
#include "io/outputs.hpp"
#include "smesim/forecast_summary.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OutputError(fmt::format("cannot read {}", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

nlohmann::ordered_json sweep_header(const SweepDef& sweep, std::size_t points) {
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto& p : sweep.parameters) params.push_back(p.path);
  return {{"tool", "smesim"},
          {"sweep", sweep.name},
          {"identity", scenario_hash(sweep_identity(sweep))},
          {"points", points},
          {"parameters", params},
          {"replications_per_point", sweep.base.replications},
          {"seed", sweep.base.seed}};
}

}  // namespace

SweepStore::SweepStore(fs::path folder, const SweepDef& sweep, bool restart)
    : folder_(std::move(folder)), points_(sweep_points(sweep).size()) {
  const nlohmann::ordered_json header = sweep_header(sweep, points_);
  const fs::path header_path = folder_ / "sweep.json";
  std::error_code ec;
  if (fs::exists(header_path, ec) && !restart) {
    nlohmann::json existing;
    try {
      existing = nlohmann::json::parse(read_text(header_path));
    } catch (const nlohmann::json::exception&) {
      throw ResumeError(fmt::format("{} is not a sweep header; choose another --out", header_path.string()));
    }
    if (existing.value("identity", "") != header["identity"].get<std::string>())
      throw ResumeError(fmt::format(
          "{} holds a different sweep (`{}`, identity {}); this sweep is {}: the sweep file or its scenario "
          "changed, so its finished points cannot be reused. Use another --out, or --restart to discard them",
          folder_.string(), existing.value("sweep", "?"), existing.value("identity", "?"),
          header["identity"].get<std::string>()));
    return;
  }
  if (restart) {
    fs::remove_all(folder_ / "points", ec);
    fs::remove(folder_ / "points.csv", ec);
  } else if (fs::exists(folder_, ec) && !fs::is_empty(folder_, ec)) {
    throw ResumeError(fmt::format("{} exists and is not a sweep folder; choose another --out", folder_.string()));
  }
  fs::create_directories(folder_ / "points", ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", (folder_ / "points").string(), ec.message()));
  write_file_atomically(header_path, header.dump(2) + "\n");
}

fs::path SweepStore::point_path(std::size_t index) const {
  return folder_ / "points" / fmt::format("{:06}.json", index);
}

bool SweepStore::has_point(std::size_t index) const {
  std::error_code ec;
  return fs::exists(point_path(index), ec);
}

std::size_t SweepStore::finished_points() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < points_; ++i) n += has_point(i) ? 1 : 0;
  return n;
}

void SweepStore::write_point(std::size_t index, const std::string& json) const {
  write_file_atomically(point_path(index), json);
}

std::string SweepStore::read_point(std::size_t index) const { return read_text(point_path(index)); }

void SweepStore::write_output(const std::string& name, const std::string& content) const {
  write_file_atomically(folder_ / name, content);
}

std::string points_csv(const SweepDef& sweep, const std::vector<std::string>& point_json) {
  std::ostringstream out;
  CsvWriter csv(out);
  csv.cell("point");
  for (const auto& p : sweep.parameters) csv.cell(p.path);
  for (const FinalKpi k : kFinalKpis)
    for (const char* stat : {"mean", "sd", "p5", "p50", "p95"}) csv.cell(fmt::format("{}_{}", to_string(k), stat));
  for (const Target t : kTargets) {
    csv.cell(fmt::format("p_met_{}", to_string(t)));
    csv.cell(fmt::format("p_met_{}_ci95_lo", to_string(t)));
    csv.cell(fmt::format("p_met_{}_ci95_hi", to_string(t)));
  }
  csv.end_row();
  auto number = [](const nlohmann::json& v) {
    return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
  };
  for (std::size_t i = 0; i < point_json.size(); ++i) {
    const nlohmann::json point = nlohmann::json::parse(point_json[i]);
    csv.cell(static_cast<long long>(i));
    for (const auto& p : sweep.parameters) csv.cell(point.at("values").at(p.path).get<std::string>());
    const auto& summary = point.at("summary");
    for (const FinalKpi k : kFinalKpis) {
      const auto& s = summary.at("kpis").at(to_string(k));
      for (const char* stat : {"mean", "sd", "p5", "p50", "p95"}) csv.cell(number(s.at(stat)));
    }
    for (const Target t : kTargets) {
      const auto& a = summary.at("targets").at(to_string(t));
      csv.cell(number(a.at("probability_met"))).cell(number(a.at("ci95")[0])).cell(number(a.at("ci95")[1]));
    }
    csv.end_row();
  }
  return out.str();
}

}  // namespace smesim::detail
