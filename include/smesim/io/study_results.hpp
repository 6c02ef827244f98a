#pragma once
/// @file io/study_results.hpp
/// @brief What a finished study returns (docs/architecture.md "Tables and writers"): its
/// results as data — typed tables, JSON documents, the console summary as paragraphs and
/// tables — which writers (io/results_writer.hpp) turn into files and text. A study formats no
/// file and no number itself, so the console, the CSV files, the workbook and the report show
/// the same figure the same way.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/io/result_table.hpp"

namespace smesim {

/// What a reader of the results needs to know besides them: a title and facts such as the
/// scenario, seed, replications and revision (the workbook's README sheet).
struct ResultsContext {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  ///< (label, value), in order
};

/// A JSON document of the results folder: summary.json, solution.json, manifest.json, …
struct ResultDocument {
  std::string name;  ///< its path in the folder: `manifest.json`, `variants/a/summary.json`
  nlohmann::ordered_json content;
};

/// A file of the results folder that is neither a table nor JSON (`best_scenario.yaml`).
struct ResultText {
  std::string name;
  std::string content;
};

/// One block of the console summary: a paragraph (its own line breaks; the writer ends it with
/// one) or a table (its description, when not empty, is the caption above it).
using ConsoleBlock = std::variant<std::string, ResultTable>;

struct StudyResults {
  /// The kind of study that made them, as the registry names it (`run`, `sweep`, …): it
  /// chooses the report's sections.
  std::string kind;
  ResultsContext context;
  /// Each a `<name>.csv` file and a sheet of results.xlsx, in this order.
  std::vector<ResultTable> tables;
  std::vector<ResultDocument> documents;
  std::vector<ResultText> texts;
  /// What standard output shows, block after block with a blank line between them. Its
  /// tables are for the console only (the director's view of the files' tables).
  std::vector<ConsoleBlock> console;
  std::vector<std::string> warnings;  ///< one line each, for standard error
  /// The output (a table's `<name>.csv`, a document's or text's name) that marks the folder
  /// finished: written after every other file. Empty: none (a run's folder is staged and
  /// renamed into place whole).
  std::string finished_file;
};

}  // namespace smesim
