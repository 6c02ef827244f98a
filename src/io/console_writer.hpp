#pragma once
// The console writer: the study's console summary (StudyResults::console) as text for a
// terminal — paragraphs as they are, tables laid out in columns with every number written as
// the report writes it (io/report/number_text.hpp), so the console and the report never show
// one figure two ways.

#include <span>
#include <string>

#include "io/results_writer.hpp"

namespace smesim::detail {

/// A table for a terminal: its description (wrapped) as a caption when not empty, a header row
/// of column names, then a row per table row. Text columns are aligned left, the others right;
/// the two ends of an interval show as one column headed by the lower end's name, "lo to hi".
/// Counts of SMEs are whole numbers with separators, money is THB as a director reads it
/// ("475 M THB"), probabilities as the report writes them, an undefined value "n/a".
std::string console_table_text(const ResultTable& table);

/// The blocks, a blank line between each two.
std::string console_text(std::span<const ConsoleBlock> blocks);

/// How many columns `text` (UTF-8) takes in a terminal: one per character but the combining
/// marks, which take none (Thai vowel and tone marks above and below a consonant).
std::size_t display_width(std::string_view text);

/// `text` broken at spaces into lines of at most `width` columns (a word longer than that
/// stays whole), each ending in a newline: console notes read in an 80-100 column terminal.
std::string wrapped(const std::string& text, std::size_t width = 96);

class ConsoleWriter final : public ResultsWriter {
 public:
  void write(const StudyResults& results, ResultsDestination& destination) override;
};

}  // namespace smesim::detail
