// A run's results folder as a ResultsStore: ResultsDir's staging and commit; a run is not
// resumed, so its records stay in memory.
#include <map>

#include "io/outputs.hpp"
#include "io/results_dir.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"

namespace smesim {
namespace {

class RunFolderStore final : public ResultsStore {
 public:
  RunFolderStore(const std::filesystem::path& destination, bool replace) : dir_(destination, replace) {}

  [[nodiscard]] bool has_record(std::size_t index) const override { return records_.count(index) > 0; }
  [[nodiscard]] std::size_t stored_records() const override { return 0; }
  [[nodiscard]] std::string read_record(std::size_t index) const override { return records_.at(index); }
  void write_record(std::size_t index, const std::string& record) override { records_[index] = record; }
  void write_output_file(const std::string& name,
                         const std::function<void(const std::filesystem::path&)>& write) override {
    detail::write_output_with(dir_.file(""), name, write);
  }
  [[nodiscard]] std::filesystem::path working_folder() const override { return dir_.file(""); }
  [[nodiscard]] const std::filesystem::path& folder() const override { return dir_.destination(); }
  void commit() override { dir_.commit(); }
  [[nodiscard]] bool resumable() const override { return false; }

 private:
  detail::ResultsDir dir_;
  std::map<std::size_t, std::string> records_;
};

}  // namespace

std::unique_ptr<ResultsStore> open_run_folder(const std::filesystem::path& destination, bool replace) {
  return std::make_unique<RunFolderStore>(destination, replace);
}

}  // namespace smesim
