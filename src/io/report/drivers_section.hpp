#pragma once
// "What drives the result": the drivers of a run's KPIs and targets in words, charts and a
// table, from summary.json's `drivers` (docs/report.md gives the rule for the words).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "io/report/page.hpp"

namespace smesim::detail::report {

/// The section, or nullopt for a folder written before runs reported their drivers.
std::optional<Section> drivers_section(const nlohmann::json& summary);

/// The sentence for one output of summary.json's `drivers.outputs` (`output` is its key), by
/// the rule of docs/report.md: the parameters whose 95% CI excludes 0, largest first, at most
/// three named; or why there is none. Plain text (not yet escaped for HTML).
std::string drivers_sentence(const std::string& output, const nlohmann::json& drivers,
                             const nlohmann::json& summary);

}  // namespace smesim::detail::report
