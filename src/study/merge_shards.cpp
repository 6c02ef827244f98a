// `smesim merge` (docs/cluster.md "Shards"). A merge checks everything it can before it
// writes anything: that every folder is a shard of this very study (the same identity, so the
// same file, scenario, replications and seed), that the N shards are all there, once each,
// and finished; only then are the records copied and the outputs written, by the same
// Study::finish as a run in one process, from the same records: the same bytes.
#include "smesim/study/merge_shards.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "io/experiment_store.hpp"
#include "io/outputs.hpp"
#include "io/record_seal.hpp"
#include "smesim/error.hpp"
#include "study/finish_study.hpp"

namespace smesim {
namespace {

void require_same_study(const ShardFolder& shard, const StudyIdentity& study) {
  const std::string hash = detail::scenario_hash(study.identity);
  if (shard.kind == study.kind && shard.identity_hash == hash && shard.records == study.records) return;
  throw ShardError(fmt::format(
      "{} holds shard {} of {} `{}` (identity {}), not of this {} `{}` (identity {}): give merge the study "
      "file, --reps and --seed its shards ran with",
      shard.folder.string(), shard_label(shard.shard), shard.kind, shard.name, shard.identity_hash,
      study.kind, study.name, hash));
}

// The shards in index order (shard i at i - 1), each given once, none missing.
std::vector<const ShardFolder*> in_index_order(const std::vector<ShardFolder>& shards) {
  const std::size_t count = shards.front().shard.count;
  std::vector<const ShardFolder*> by_index(count, nullptr);
  for (const ShardFolder& s : shards) {
    if (s.shard.count != count)
      throw ShardError(
          fmt::format("{} is shard {}, but {} is shard {}: a study is merged from shards of one "
                      "split",
                      s.folder.string(), shard_label(s.shard), shards.front().folder.string(),
                      shard_label(shards.front().shard)));
    const ShardFolder*& slot = by_index[s.shard.index - 1];
    if (slot != nullptr)
      throw ShardError(fmt::format("shard {} is given twice: {} and {}", shard_label(s.shard),
                                   slot->folder.string(), s.folder.string()));
    slot = &s;
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < count; ++i)
    if (by_index[i] == nullptr) missing.push_back(i + 1);
  if (!missing.empty()) {
    const std::size_t total = missing.size();
    const Shard first{missing.front(), count};
    constexpr std::size_t kNamed = 20;  // the first ones make the point
    const std::string more = total > kNamed ? fmt::format(", … ({} in all)", total) : "";
    missing.resize(std::min(total, kNamed));
    throw ShardError(fmt::format(
        "{} {}{} of {} {} missing (shard {} writes {} unless given --out); merge needs "
        "every shard",
        total == 1 ? "shard" : "shards", fmt::join(missing, ", "), more, count, total == 1 ? "is" : "are",
        shard_label(first), default_shard_folder(shards.front().name, first).string()));
  }
  return by_index;
}

void require_finished(const std::vector<const ShardFolder*>& shards, std::size_t records,
                      std::string_view noun) {
  std::vector<std::string> unfinished;
  for (const ShardFolder* s : shards) {
    if (s->finished) continue;
    std::size_t stored = 0;
    for (std::size_t k = s->shard.index - 1; k < records; k += s->shard.count) {
      std::error_code ec;
      stored += std::filesystem::exists(detail::record_file(s->folder, k), ec) ? 1 : 0;
    }
    unfinished.push_back(fmt::format("shard {} ({}: {} of {} {}s stored)", shard_label(s->shard),
                                     s->folder.string(), stored, s->shard.records_of(records), noun));
  }
  if (!unfinished.empty())
    throw ShardError(fmt::format("not finished: {}; run the command of each again to finish it, then merge",
                                 fmt::join(unfinished, "; ")));
}

}  // namespace

StudyResult merge_shards(Study& study, std::span<const std::filesystem::path> shard_folders,
                         const StoreOpener& open_store, const RunStudyOptions& options) {
  if (study.sequential())
    throw ShardError(
        fmt::format("a {} is never split into shards, so there is nothing to merge", study.identity().kind));
  if (shard_folders.empty()) throw ShardError("merge needs the folders of the study's shards");
  std::vector<ScenarioDef> variants = study.next_variants({});
  const StudyIdentity identity = study.identity();
  std::vector<ShardFolder> shards;
  for (const std::filesystem::path& folder : shard_folders) {
    shards.push_back(read_shard_folder(folder));
    require_same_study(shards.back(), identity);
  }
  const std::vector<const ShardFolder*> by_index = in_index_order(shards);
  require_finished(by_index, variants.size(), study.record_noun());

  std::vector<Record> records(variants.size());
  StudyRun run;
  for (std::size_t k = 0; k < records.size(); ++k) {
    const ShardFolder& shard = *by_index[k % by_index.size()];
    records[k] = read_shard_record(shard, k);
    detail::accept_stored(detail::foreign_reason(detail::record_file(shard.folder, k), records[k]), options,
                          run, fmt::format("run shard {} again with --restart", shard_label(shard.shard)));
    try {
      study.check_stored(k, records[k]);
    } catch (const ResumeError& e) {
      throw ResumeError(fmt::format("{}: {}", shard.folder.string(), e.what()));
    } catch (const nlohmann::json::exception& e) {
      throw StoredFileError(fmt::format("{}: not a record smesim wrote ({}); run shard {}'s command again",
                                        detail::record_file(shard.folder, k).string(), e.what(),
                                        shard_label(shard.shard)));
    }
  }
  SMESIM_ASSERT(study.next_variants(records).empty());

  StudyResult result;
  result.record_noun = study.record_noun();
  const std::unique_ptr<ResultsStore> store = open_store(identity);
  result.folder = store->folder();
  result.resumable = store->resumable();
  if (options.on_notice)
    options.on_notice(fmt::format("smesim: merging {} shards of {} `{}` into {}", by_index.size(),
                                  identity.kind, identity.name, store->folder().string()));
  for (std::size_t k = 0; k < records.size(); ++k) store->write_record(k, records[k]);
  run.command_line = options.command_line;
  run.started_utc = detail::utc_now_iso8601();
  run.threads = by_index.front()->run.threads;
  run.workbook = options.workbook;
  for (const ShardFolder* s : by_index) run.records_resumed += s->run.records_resumed;
  result.records_resumed = run.records_resumed;
  result.records_kept = records.size();
  detail::finish_study(study, records, run, *store, options, result);
  return result;
}

}  // namespace smesim
