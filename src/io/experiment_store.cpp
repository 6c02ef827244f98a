#include "io/experiment_store.hpp"
#include "io/results_dir.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/output_ledger.hpp"
#include "io/outputs.hpp"
#include "io/record_seal.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

namespace {

bool is_experiment_header(const fs::path& path) {
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::regular) return false;
  try {
    const nlohmann::json header = nlohmann::json::parse(read_results_file(path));
    return header.is_object() && header.value("tool", "") == "smesim" && header.contains("identity");
  } catch (const std::exception&) {
    return false;
  }
}

// A whole study's header has no `shard`: its bytes are those of every earlier version.
nlohmann::ordered_json header_json(const StudyIdentity& e, const Shard& shard) {
  nlohmann::ordered_json header{{"tool", "smesim"},
                                {"kind", e.kind},
                                {"name", e.name},
                                {"identity", scenario_hash(e.identity)},
                                {"points", e.records}};
  if (!shard.whole()) header["shard"] = {{"index", shard.index}, {"count", shard.count}};
  return header;
}

// How many records the study whose header this is could make (its `points`).
std::size_t header_records(const fs::path& header_path) {
  const nlohmann::json header = nlohmann::json::parse(read_results_file(header_path));
  const nlohmann::json points = header.value("points", nlohmann::json());
  return points.is_number_unsigned() ? points.get<std::size_t>() : 0;
}

std::string part_of(const nlohmann::json& header) {
  const nlohmann::json shard = header.value("shard", nlohmann::json());
  if (!shard.is_object()) return "the whole study";
  return fmt::format("shard {} of {}", shard.value("index", 0), shard.value("count", 0));
}

}  // namespace

ExperimentStore::ExperimentStore(fs::path folder, const StudyIdentity& experiment, bool restart,
                                 const Shard& shard)
    : folder_(std::move(folder)), points_(experiment.records) {
  const nlohmann::ordered_json header = header_json(experiment, shard);
  const fs::path header_path = folder_ / "experiment.json";
  std::error_code ec;
  const fs::file_type type = fs::status(folder_, ec).type();
  if (type != fs::file_type::not_found && type != fs::file_type::directory)
    throw DestinationError(
        fmt::format("{} exists and is not a folder; choose another --out", folder_.string()));
  // Temporary files of points whose process was killed mid-write.
  if (type == fs::file_type::directory) {
    remove_stale_staging(folder_);
    if (fs::is_directory(folder_ / "points", ec)) remove_stale_staging(folder_ / "points");
  }
  if (fs::exists(header_path, ec) && !restart) {
    nlohmann::json existing;
    try {
      existing = nlohmann::json::parse(read_results_file(header_path));
    } catch (const nlohmann::json::exception&) {
      throw ResumeError(
          fmt::format("{} is not an experiment header; choose another --out", header_path.string()));
    }
    if (existing.value("identity", "") != header["identity"].get<std::string>())
      throw ResumeError(fmt::format(
          "{} holds a different {} (`{}`, identity {}); this one is {}: the file or its scenario changed, so "
          "its finished points cannot be reused. Use another --out, or --restart to discard them",
          folder_.string(), existing.value("kind", "experiment"), existing.value("name", "?"),
          existing.value("identity", "?"), header["identity"].get<std::string>()));
    // A shard's records are a part of the study's: resuming must not mix parts.
    if (part_of(existing) != part_of(header))
      throw ResumeError(fmt::format("{} holds {} of this {}; this run is {}: use another --out",
                                    folder_.string(), part_of(existing), experiment.kind, part_of(header)));
    return;
  }
  if (restart) {
    // --restart discards an earlier experiment's points, never a folder smesim did not make.
    if (fs::exists(folder_, ec) && !fs::is_empty(folder_, ec) && !is_experiment_header(header_path))
      throw ResumeError(
          fmt::format("{} is not an experiment folder (it has no experiment.json of smesim's), so "
                      "--restart will not write into it; choose another --out",
                      folder_.string()));
    if (fs::exists(header_path, ec)) discard_earlier_study(folder_, header_records(header_path));
  } else if (fs::exists(folder_, ec) && !fs::is_empty(folder_, ec)) {
    throw ResumeError(
        fmt::format("{} exists and is not an experiment folder; choose another --out", folder_.string()));
  }
  fs::create_directories(folder_ / "points", ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", (folder_ / "points").string(), ec.message()));
  write_file_atomically(header_path, header.dump(2) + "\n");
}

fs::path record_file(const fs::path& folder, std::size_t index) {
  return folder / "points" / fmt::format("{:06}.json", index);
}

fs::path ExperimentStore::point_path(std::size_t index) const { return record_file(folder_, index); }

bool ExperimentStore::has_record(std::size_t index) const {
  std::error_code ec;
  return fs::exists(point_path(index), ec);
}

std::size_t ExperimentStore::stored_records() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < points_; ++i) n += has_record(i) ? 1 : 0;
  return n;
}

void ExperimentStore::write_record(std::size_t index, const std::string& record) {
  // The seal first: a record is never on disk without the seal that vouches for it.
  write_file_atomically(seal_path(point_path(index)), seal_text(record));
  write_file_atomically(point_path(index), record);
}

std::string ExperimentStore::foreign_reason(std::size_t index, const std::string& record) const {
  return detail::foreign_reason(point_path(index), record);
}

std::string ExperimentStore::read_record(std::size_t index) const {
  return read_results_file(point_path(index));
}

void ExperimentStore::write_output_file(const std::string& name,
                                        const std::function<void(const std::filesystem::path&)>& write) {
  record_output(folder_, name);
  write_output_with(folder_, name, write);
}

}  // namespace smesim::detail

namespace smesim {

void ResultsStore::write_output(const std::string& name, const std::string& content) {
  write_output_file(
      name, [&content](const std::filesystem::path& path) { detail::write_text_file(path, content); });
}

std::unique_ptr<ResultsStore> open_study_folder(const std::filesystem::path& folder,
                                                const StudyIdentity& study, bool restart,
                                                const Shard& shard) {
  return std::make_unique<detail::ExperimentStore>(folder, study, restart, shard);
}

std::unique_ptr<ResultsStore> open_study_folder(const std::filesystem::path& folder,
                                                const StudyIdentity& study, bool restart) {
  return open_study_folder(folder, study, restart, Shard{});
}

}  // namespace smesim
