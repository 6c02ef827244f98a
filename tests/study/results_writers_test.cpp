// The one choice of writers and the order they write in: every file through the store, the
// file that marks the folder finished after all the others whatever writer makes it, the report
// after that (it reads the folder back), and a failed report costing no result.
#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <string>
#include <vector>

#include "io/xlsx_table_writer.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "study/results_writers.hpp"
#include "support/experiment_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace smesim;
using namespace smesim::detail;

namespace {

// A store that writes its outputs into a real folder and remembers their order.
class RecordingStore final : public ResultsStore {
 public:
  explicit RecordingStore(fs::path folder) : folder_(std::move(folder)) {}
  [[nodiscard]] bool has_record(std::size_t) const override { return false; }
  [[nodiscard]] std::size_t stored_records() const override { return 0; }
  [[nodiscard]] std::string read_record(std::size_t) const override { return ""; }
  void write_record(std::size_t, const std::string&) override {}
  void write_output_file(const std::string& name,
                         const std::function<void(const fs::path&)>& write) override {
    if (written.size() == fail_at) throw OutputError(fmt::format("cannot write {}: disk full", name));
    written.push_back(name);
    fs::create_directories((folder_ / name).parent_path());
    write(folder_ / name);
  }
  [[nodiscard]] fs::path working_folder() const override { return folder_; }
  [[nodiscard]] const fs::path& folder() const override { return folder_; }
  void commit() override {}
  [[nodiscard]] bool resumable() const override { return true; }

  std::vector<std::string> written;
  std::size_t fail_at = std::numeric_limits<std::size_t>::max();  ///< the write that fails

 private:
  fs::path folder_;
};

ResultTable one_column(const std::string& name) {
  ResultTable table(name, "A table.");
  table.column("x", Quantity::count);
  table.cell(1.0).end_row();
  return table;
}

// Two tables, the first of which marks the folder finished, a document and a console line.
StudyResults results_marked_by_first_table() {
  StudyResults results;
  results.context = {"smesim test: t", {}};
  results.tables.push_back(one_column("marker"));
  results.tables.push_back(one_column("other"));
  results.documents.push_back({"manifest.json", {{"tool", "smesim"}}});
  results.texts.push_back({"best_scenario.yaml", "name: t\n"});
  results.console.emplace_back("smesim test: t");
  results.finished_file = "marker.csv";
  return results;
}

}  // namespace

TEST_CASE("results are written workbook, documents, tables, with the finished file last",
          "[study][writers]") {
  const test::TempFolder dir("results-writers");
  RecordingStore store(dir.path);
  const WrittenResults written = write_results(results_marked_by_first_table(), store, {});
  CHECK(store.written == std::vector<std::string>{kWorkbookName, "manifest.json", "best_scenario.yaml",
                                                  "other.csv", "marker.csv"});
  CHECK(written.console == "smesim test: t\n");
  CHECK_FALSE(written.report_written);
  CHECK(written.report_error.empty());
  CHECK(test::read_text(fs::path(dir.path) / "marker.csv") == "x\n1\n");
}

TEST_CASE("the finished file waits when it is a document too", "[study][writers]") {
  StudyResults results = results_marked_by_first_table();
  results.finished_file = "manifest.json";
  const test::TempFolder dir("results-writers-document");
  RecordingStore store(dir.path);
  OutputOptions options;
  options.workbook = false;  // --no-xlsx
  write_results(results, store, options);
  CHECK(store.written ==
        std::vector<std::string>{"best_scenario.yaml", "marker.csv", "other.csv", "manifest.json"});
}

TEST_CASE("the report comes after the finished file, and a report that fails keeps the results",
          "[study][writers]") {
  const test::TempFolder dir("results-writers-report");
  RecordingStore store(dir.path);
  OutputOptions options;
  options.report = true;
  // Results of no kind of study: no report can be made of them.
  const WrittenResults written = write_results(results_marked_by_first_table(), store, options);
  REQUIRE(store.written.size() == 5);
  CHECK(store.written[4] == "marker.csv");
  CHECK_FALSE(written.report_written);
  CHECK_THAT(written.report_error, Catch::Matchers::Contains("no report for results of kind"));
  CHECK(fs::exists(fs::path(dir.path) / "marker.csv"));
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "report.html"));
}

TEST_CASE("the writers: console, workbook unless --no-xlsx, documents, CSV, report with --report",
          "[study][writers]") {
  for (const bool workbook : {true, false})
    for (const bool report : {true, false}) {
      OutputOptions options;
      options.workbook = workbook;
      options.report = report;
      const auto writers = results_writers(options);
      CHECK(writers.size() == std::size_t{3} + (workbook ? 1U : 0U) + (report ? 1U : 0U));
      // Only the last may come after the finished file.
      for (std::size_t i = 0; i + 1 < writers.size(); ++i) CHECK_FALSE(writers[i]->after_finish());
      CHECK(writers.back()->after_finish() == report);
    }
}

TEST_CASE("an output that cannot be written leaves no finished file, whichever output it is",
          "[study][writers]") {
  // The folder was finished before (a resumed or restarted study finishing again): its old
  // finished file must not make a mix of old and new outputs pass for finished.
  for (std::size_t failing = 0; failing < 5; ++failing) {
    INFO("failing write " << failing);
    const test::TempFolder dir("results-writers-failing");
    test::write_text(fs::path(dir.path) / "marker.csv", "old\n");
    RecordingStore store(dir.path);
    store.fail_at = failing;
    CHECK_THROWS_AS(write_results(results_marked_by_first_table(), store, {}), OutputError);
    CHECK_FALSE(fs::exists(fs::path(dir.path) / "marker.csv"));
  }
}
