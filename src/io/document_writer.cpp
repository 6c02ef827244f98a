#include "io/document_writer.hpp"

#include "io/outputs.hpp"

namespace smesim::detail {

std::string document_text(const nlohmann::ordered_json& document) { return document.dump(2) + "\n"; }

void DocumentWriter::write(const StudyResults& results, ResultsDestination& destination) {
  // The text goes with the function: a destination may hold it back (the finished file).
  const auto write_text = [&destination](const std::string& name, std::string text) {
    destination.file(
        name, [text = std::move(text)](const std::filesystem::path& path) { write_text_file(path, text); });
  };
  for (const ResultDocument& document : results.documents)
    write_text(document.name, document_text(document.content));
  for (const ResultText& text : results.texts) write_text(text.name, text.content);
}

}  // namespace smesim::detail
