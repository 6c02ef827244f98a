// Shards (docs/cluster.md "Shards"): the part of a study a shard holds, its folder's marks,
// and reading them back for `smesim merge`. A shard's folder is an ordinary study folder
// (experiment.json with a `shard` member, points/NNNNNN.json) plus shard.json, written last,
// when every record of the shard is stored.
#include "smesim/io/shard.hpp"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "io/results_dir.hpp"
#include "io/stored_file.hpp"
#include "smesim/error.hpp"

namespace smesim {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxShards = 100'000;

bool parse_count(std::string_view text, std::size_t& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// The members of experiment.json and shard.json are read as the types smesim writes them,
// and bounded (io/stored_file.hpp): a hand-edited `"count": 1e12` must not size a
// vector, `"index": "x"` must not escape as a type error, a negative `records_resumed` must
// not wrap to a huge count in the merged manifest.
constexpr std::uint64_t kMaxRecords = std::uint64_t{1} << 53;
constexpr std::uint64_t kMaxThreads = 1 << 20;

// The shard a study folder's header names; a whole study's header names none.
Shard header_shard(const nlohmann::json& header, const fs::path& folder, const fs::path& header_path) {
  const auto shard = header.find("shard");
  if (shard == header.end() || !shard->is_object())
    throw ShardError(
        fmt::format("{} holds a whole study, not a shard: give smesim merge the folders "
                    "that `--shard i/N` wrote",
                    folder.string()));
  const auto refuse = [&] {
    throw ShardError(fmt::format("{}: experiment.json names no valid shard", folder.string()));
  };
  Shard s;
  s.count = detail::stored_count(*shard, "count", 1, kMaxShards, 0, header_path);
  if (s.count < 1) refuse();
  s.index = detail::stored_count(*shard, "index", 1, s.count, 0, header_path);
  if (s.index < 1) refuse();
  return s;
}

}  // namespace

Shard parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !parse_count(text.substr(0, slash), shard.index) ||
      !parse_count(text.substr(slash + 1), shard.count) || shard.count < 1 || shard.count > kMaxShards ||
      shard.index < 1 || shard.index > shard.count)
    throw ShardError(fmt::format("expected i/N, shard i of N with 1 <= i <= N <= {} (e.g. 3/16), got `{}`",
                                 kMaxShards, text));
  return shard;
}

std::string shard_label(const Shard& shard) { return fmt::format("{} of {}", shard.index, shard.count); }

fs::path default_shard_folder(const std::string& study_name, const Shard& shard) {
  return fs::path("results") / fmt::format("{}-shard-{}-of-{}", study_name, shard.index, shard.count);
}

std::string shard_mark_json(const StudyIdentity& study, const Shard& shard, const ShardRun& run) {
  const nlohmann::ordered_json mark{{"tool", "smesim"},
                                    {"kind", study.kind},
                                    {"name", study.name},
                                    {"identity", detail::scenario_hash(study.identity)},
                                    {"shard", {{"index", shard.index}, {"count", shard.count}}},
                                    {"records", shard.records_of(study.records)},
                                    {"records_resumed", run.records_resumed},
                                    {"threads", run.threads},
                                    {"command_line", run.command_line},
                                    {"started_utc", run.started_utc},
                                    {"finished_utc", run.finished_utc}};
  return mark.dump(2) + "\n";
}

ShardFolder read_shard_folder(const fs::path& folder) {
  std::error_code ec;
  const fs::path header_path = folder / "experiment.json";
  if (fs::symlink_status(header_path, ec).type() == fs::file_type::not_found)
    throw ShardError(fmt::format("{} is not a shard folder: it has no experiment.json", folder.string()));
  const nlohmann::json header = detail::read_stored_json(header_path);
  if (!header.is_object() || detail::stored_text(header, "tool", "", header_path) != "smesim" ||
      !header.contains("identity"))
    throw ShardError(fmt::format("{} is not an experiment header of smesim's", header_path.string()));
  ShardFolder shard;
  shard.folder = folder;
  shard.kind = detail::stored_text(header, "kind", "", header_path);
  shard.name = detail::stored_text(header, "name", "", header_path);
  shard.identity_hash = detail::stored_text(header, "identity", "", header_path);
  shard.records = detail::stored_count(header, "points", 0, kMaxRecords, 0, header_path);
  shard.shard = header_shard(header, folder, header_path);
  const fs::path mark_path = folder / "shard.json";
  // Present is enough to be read (and refused if it is not a regular file): a FIFO or a
  // folder named shard.json is not "unfinished".
  shard.finished = fs::symlink_status(mark_path, ec).type() != fs::file_type::not_found;
  if (shard.finished) {
    const nlohmann::json mark = detail::read_stored_json(mark_path);
    if (!mark.is_object() || detail::stored_text(mark, "identity", "", mark_path) != shard.identity_hash)
      throw ShardError(
          fmt::format("{} does not belong to the study of {}", mark_path.string(), header_path.string()));
    // A shard resumes at most the records it holds.
    shard.run.records_resumed =
        detail::stored_count(mark, "records_resumed", 0, shard.shard.records_of(shard.records), 0, mark_path);
    shard.run.threads = static_cast<int>(detail::stored_count(mark, "threads", 0, kMaxThreads, 0, mark_path));
    shard.run.command_line = detail::stored_text(mark, "command_line", "", mark_path);
    shard.run.started_utc = detail::stored_text(mark, "started_utc", "", mark_path);
    shard.run.finished_utc = detail::stored_text(mark, "finished_utc", "", mark_path);
  }
  return shard;
}

std::string read_shard_record(const ShardFolder& shard, std::size_t index) {
  const fs::path path = detail::record_file(shard.folder, index);
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() == fs::file_type::not_found)
    throw ShardError(fmt::format("{} is missing from shard {} ({}): run that shard's command again",
                                 path.string(), shard_label(shard.shard), shard.folder.string()));
  return detail::read_stored_record(path);
}

}  // namespace smesim
