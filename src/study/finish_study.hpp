#pragma once
// The end every complete study shares, whether its records were run here (run_study) or
// merged from shards (merge_shards): the study's outputs from all records, the report when
// asked for, and the commit.

#include <span>

#include "smesim/study/run_study.hpp"

namespace smesim::detail {

void finish_study(Study& study, std::span<const Record> records, StudyRun& run, ResultsStore& store,
                  const RunStudyOptions& options, StudyResult& result);

}  // namespace smesim::detail
