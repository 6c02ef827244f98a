#include "smesim/study/load_study.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "smesim/study/study_kinds.hpp"

namespace smesim {

std::unique_ptr<Study> load_study_file(const std::string& kind, const std::string& file,
                                       std::optional<int> replications, std::optional<std::uint32_t> seed) {
  const StudyKind* found = find_study_kind(kind);
  if (found == nullptr)
    throw std::invalid_argument(fmt::format("no study kind `{}` ({})", kind, study_kind_names(false)));
  return found->load(file, {replications, seed});
}

}  // namespace smesim
