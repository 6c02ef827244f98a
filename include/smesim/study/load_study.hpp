#pragma once
/// @file load_study.hpp
/// @brief The study of each kind from its file, with the replications and seed a caller puts
/// over the file's: what the study commands, `smesim merge` and the Python module build.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "smesim/study/study.hpp"

namespace smesim {

/// @brief `kind` is `sweep`, `compare`, `sensitivity`, `solve` or `optimise`; `replications`
/// and `seed`, when given, replace the file's.
/// @throws ScenarioError for a bad file; std::invalid_argument for another kind
std::unique_ptr<Study> load_study_file(const std::string& kind, const std::string& file,
                                       std::optional<int> replications = std::nullopt,
                                       std::optional<std::uint32_t> seed = std::nullopt);

}  // namespace smesim
