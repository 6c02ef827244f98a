// Shards (docs/cluster.md "Shards"): the part of a study a shard holds, its folder's marks,
// and reading them back for `smesim merge`. A shard's folder is an ordinary study folder
// (experiment.json with a `shard` member, points/NNNNNN.json) plus shard.json, written last,
// when every record of the shard is stored.
#include "smesim/io/shard.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "io/results_dir.hpp"
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

nlohmann::json parse_json_file(const fs::path& path) {
  try {
    return nlohmann::json::parse(detail::read_results_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw ShardError(fmt::format("{} is not a file smesim wrote: {}", path.string(), e.what()));
  }
}

// The shard a study folder's header names; a whole study's header names none.
Shard header_shard(const nlohmann::json& header, const fs::path& folder) {
  const nlohmann::json shard = header.value("shard", nlohmann::json());
  if (!shard.is_object())
    throw ShardError(
        fmt::format("{} holds a whole study, not a shard: give smesim merge the folders "
                    "that `--shard i/N` wrote",
                    folder.string()));
  const Shard s{shard.value("index", std::size_t{0}), shard.value("count", std::size_t{0})};
  if (s.count < 1 || s.index < 1 || s.index > s.count)
    throw ShardError(fmt::format("{}: experiment.json names no valid shard", folder.string()));
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
  if (!fs::is_regular_file(header_path, ec))
    throw ShardError(fmt::format("{} is not a shard folder: it has no experiment.json", folder.string()));
  const nlohmann::json header = parse_json_file(header_path);
  if (!header.is_object() || header.value("tool", "") != "smesim" || !header.contains("identity"))
    throw ShardError(fmt::format("{} is not an experiment header of smesim's", header_path.string()));
  ShardFolder shard;
  shard.folder = folder;
  shard.kind = header.value("kind", "");
  shard.name = header.value("name", "");
  shard.identity_hash = header.value("identity", "");
  shard.records = header.value("points", std::size_t{0});
  shard.shard = header_shard(header, folder);
  const fs::path mark_path = folder / "shard.json";
  shard.finished = fs::is_regular_file(mark_path, ec);
  if (shard.finished) {
    const nlohmann::json mark = parse_json_file(mark_path);
    if (!mark.is_object() || mark.value("identity", "") != shard.identity_hash)
      throw ShardError(
          fmt::format("{} does not belong to the study of {}", mark_path.string(), header_path.string()));
    shard.run.records_resumed = mark.value("records_resumed", std::size_t{0});
    shard.run.threads = mark.value("threads", 0);
    shard.run.command_line = mark.value("command_line", "");
    shard.run.started_utc = mark.value("started_utc", "");
    shard.run.finished_utc = mark.value("finished_utc", "");
  }
  return shard;
}

std::string read_shard_record(const ShardFolder& shard, std::size_t index) {
  const fs::path path = detail::record_file(shard.folder, index);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw ShardError(fmt::format("{} is missing from shard {} ({}): run that shard's command again",
                                 path.string(), shard_label(shard.shard), shard.folder.string()));
  return detail::read_results_file(path);
}

}  // namespace smesim
