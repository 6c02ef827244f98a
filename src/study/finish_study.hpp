#pragma once
// The end every complete study shares, whether its records were run here (run_study) or
// merged from shards (merge_shards): the study's outputs from all records, the report when
// asked for, and the commit.

#include <span>
#include <string>
#include <string_view>

#include "smesim/study/run_study.hpp"

namespace smesim::detail {

void finish_study(Study& study, std::span<const Record> records, StudyRun& run, ResultsStore& store,
                  const RunStudyOptions& options, StudyResult& result);

/// @brief A stored record read back: used when `foreign` (record_seal.hpp's reason it is not
/// this smesim's) is empty, or noted in `run` with options.accept_foreign_records.
/// @throws ResumeError naming the file, `way_out` and --accept-foreign-records
void accept_stored(const std::string& foreign, const RunStudyOptions& options, StudyRun& run,
                   std::string_view way_out);

}  // namespace smesim::detail
