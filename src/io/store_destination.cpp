#include "io/store_destination.hpp"

namespace smesim::detail {

StoreDestination::StoreDestination(ResultsStore& store, std::string finished_file)
    : store_(store), finished_file_(std::move(finished_file)) {}

void StoreDestination::file(const std::string& name,
                            const std::function<void(const std::filesystem::path&)>& write) {
  // A reader takes a folder with its finished file for a finished one: that file waits until
  // every other is in place.
  if (!finished_file_.empty() && name == finished_file_) {
    finished_write_ = write;
    return;
  }
  store_.write_output_file(name, write);
}

void StoreDestination::finish() {
  if (!finished_write_) return;
  const auto write = std::move(finished_write_);
  finished_write_ = nullptr;
  store_.write_output_file(finished_file_, write);
}

}  // namespace smesim::detail
