#pragma once
// The document writer: the results' JSON documents (summary.json, solution.json,
// manifest.json, …) in the one JSON layout of every file smesim writes — two-space indent, keys
// in the order given, a newline at the end, null for an undefined number — and their text files
// (best_scenario.yaml) as they are.

#include "io/results_writer.hpp"

namespace smesim::detail {

/// A document as its file holds it.
std::string document_text(const nlohmann::ordered_json& document);

class DocumentWriter final : public ResultsWriter {
 public:
  void write(const StudyResults& results, ResultsDestination& destination) override;
};

}  // namespace smesim::detail
