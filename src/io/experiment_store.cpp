#include "io/experiment_store.hpp"
#include "io/results_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/output_ledger.hpp"
#include "io/outputs.hpp"
#include "io/record_seal.hpp"
#include "io/stored_file.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

namespace {

// Beyond --shard's largest N, so that a header naming more is read and then refused by
// comparison, not overflowed.
constexpr std::uint64_t kMaxShardCount = std::uint64_t{1} << 32;

bool is_experiment_header(const fs::path& path) {
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::regular) return false;
  try {
    const nlohmann::json header = read_stored_json(path);
    return header.is_object() && header.value("tool", nlohmann::json()) == "smesim" &&
           header.contains("identity");
  } catch (const Error&) {
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
  return stored_count(read_stored_json(header_path), "points", 0, std::numeric_limits<std::uint64_t>::max(),
                      0, header_path);
}

// Read as the types smesim writes (stored_file.hpp): a hand-edited header is refused, naming
// it, rather than failing on a member of another type.
std::string part_of(const nlohmann::json& header, const fs::path& path) {
  const auto shard = header.find("shard");
  if (shard == header.end() || !shard->is_object()) return "the whole study";
  return fmt::format("shard {} of {}", stored_count(*shard, "index", 0, kMaxShardCount, 0, path),
                     stored_count(*shard, "count", 0, kMaxShardCount, 0, path));
}

}  // namespace

ExperimentStore::ExperimentStore(fs::path folder, const StudyIdentity& experiment, bool restart,
                                 const Shard& shard)
    : folder_(std::move(folder)), points_(experiment.records) {
  const nlohmann::ordered_json header = header_json(experiment, shard);
  const fs::path header_path = folder_ / "experiment.json";
  std::error_code ec;
  const fs::file_type type = destination_type(folder_, true);
  if (type != fs::file_type::not_found && type != fs::file_type::directory)
    throw DestinationError(
        fmt::format("{} exists and is not a folder; choose another --out", folder_.string()));
  // Resuming writes records into it as they finish: find out now, not after the first one.
  if (type == fs::file_type::directory && ::access(folder_.c_str(), W_OK) != 0)
    throw DestinationError(fmt::format("{} cannot be used as a study folder: {}; choose another --out",
                                       folder_.string(), std::strerror(errno)));
  // Temporary files of points whose process was killed mid-write.
  if (type == fs::file_type::directory) {
    require_own_folders("points");
    remove_stale_staging(folder_);
    if (fs::is_directory(folder_ / "points", ec)) remove_stale_staging(folder_ / "points");
  }
  if (fs::exists(header_path, ec) && !restart) {
    const nlohmann::json existing = read_stored_json(header_path);
    if (!existing.is_object())
      throw ResumeError(
          fmt::format("{} is not an experiment header; choose another --out", header_path.string()));
    if (stored_text(existing, "identity", "", header_path) != header["identity"].get<std::string>())
      throw ResumeError(fmt::format(
          "{} holds a different {} (`{}`, identity {}); this one is {}: the file or its scenario changed, so "
          "its finished points cannot be reused. Use another --out, or --restart to discard them",
          folder_.string(), stored_text(existing, "kind", "experiment", header_path),
          stored_text(existing, "name", "?", header_path),
          stored_text(existing, "identity", "?", header_path), header["identity"].get<std::string>()));
    // A shard's records are a part of the study's: resuming must not mix parts.
    const nlohmann::json written = header;
    if (part_of(existing, header_path) != part_of(written, header_path))
      throw ResumeError(fmt::format("{} holds {} of this {}; this run is {}: use another --out",
                                    folder_.string(), part_of(existing, header_path), experiment.kind,
                                    part_of(written, header_path)));
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
  // Before anything runs: a folder that cannot be made or written (a read-only file system,
  // /proc, a parent that is a file) is a destination that cannot be used, bad input.
  fs::create_directories(folder_ / "points", ec);
  if (!ec && ::access((folder_ / "points").c_str(), W_OK) != 0) ec.assign(errno, std::generic_category());
  if (ec)
    throw DestinationError(
        fmt::format("{} cannot be used as a study folder: cannot create {}: {}; choose another --out",
                    folder_.string(), (folder_ / "points").string(), ec.message()));
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
  require_own_folders("points");
  // The seal first: a record is never on disk without the seal that vouches for it.
  write_file_atomically(seal_path(point_path(index)), seal_text(record));
  write_file_atomically(point_path(index), record);
}

std::string ExperimentStore::foreign_reason(std::size_t index, const std::string& record) const {
  return detail::foreign_reason(point_path(index), record);
}

std::string ExperimentStore::read_record(std::size_t index) const {
  return read_stored_record(point_path(index));
}

void ExperimentStore::write_output_file(const std::string& name,
                                        const std::function<void(const std::filesystem::path&)>& write) {
  require_own_folders(fs::path(name).parent_path());
  record_output(folder_, name);
  write_output_with(folder_, name, write);
}

void ExperimentStore::require_own_folders(const fs::path& relative) const {
  // Every folder on the way is a real one: a symbolic link there (variants/<name> linked to a
  // user's folder) would have smesim write into a folder it did not make, as --out never does.
  fs::path path = folder_;
  for (const fs::path& part : relative) {
    path /= part;
    std::error_code ec;
    if (fs::symlink_status(path, ec).type() == fs::file_type::symlink)
      throw DestinationError(fmt::format(
          "{} is a symbolic link inside the study folder {}; smesim writes only into folders it made there: "
          "remove the link, or choose another --out",
          path.string(), folder_.string()));
  }
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
