#pragma once
/// @file load_study.hpp
/// @brief The study of each kind from its file, with the replications and seed a caller puts
/// over the file's, by the kind's name in the registry (smesim/study/study_kinds.hpp).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "smesim/study/study.hpp"

namespace smesim {

/// @brief `kind` is a name in the registry (smesim/study/study_kinds.hpp; a run's `file` may be
/// empty: the built-in scenario); `replications` and `seed`, when given, replace the file's.
/// @throws ScenarioError for a bad file; std::invalid_argument for another kind
std::unique_ptr<Study> load_study_file(const std::string& kind, const std::string& file,
                                       std::optional<int> replications = std::nullopt,
                                       std::optional<std::uint32_t> seed = std::nullopt);

}  // namespace smesim
