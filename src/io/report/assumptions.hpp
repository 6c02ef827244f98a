#pragma once
// The report's last two sections: every parameter of the (base) scenario with its value or
// prior and where docs/model.md §9 says it comes from, and the provenance of the results.

#include <nlohmann/json.hpp>

#include "io/report/page.hpp"

namespace smesim::detail::report {

/// From the resolved scenario of manifest.json (`scenario`): the programme, target, SME and
/// dynamics parameters, the agencies' strategies side by side, and the listed networks.
Section assumptions_section(const nlohmann::json& resolved_scenario);

/// Version, git revision, scenario hash, seed, dates and command line from manifest.json.
Section provenance_section(const nlohmann::json& manifest);

}  // namespace smesim::detail::report
