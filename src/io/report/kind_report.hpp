#pragma once
// What a report shows of one kind of results folder. The kinds themselves are the study
// layer's registry (include/smesim/study/study_kinds.hpp), which this layer cannot name: its
// callers hand the report the kinds it may meet, each with the KindReport its file defines.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/report/page.hpp"
#include "io/report/report_input.hpp"

namespace smesim::detail::report {

/// The part of a report that depends on the kind: the report adds the base scenario's
/// assumptions and the provenance after `sections`.
struct ReportPage {
  std::string title;
  std::string what;  ///< under the title, before the time and seed; empty: the kind's name
  std::vector<Section> sections;
};

/// How the report shows one kind of results.
struct KindReport {
  std::string_view finished_file;  ///< written only by a finished study (a run: beside manifest.json)
  ReportPage (*page)(const ReportInput& results, const nlohmann::json& manifest);
};

/// A kind of results folder as the registry names it.
struct NamedReport {
  std::string_view kind;  ///< the command; an experiment.json says it as `kind`
  bool experiment;        ///< a resumable study's folder (experiment.json); false: a run's
  const KindReport* report;
};

}  // namespace smesim::detail::report
