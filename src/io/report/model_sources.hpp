#pragma once
// Where each parameter's default comes from (docs/model.md §9), and whether it calls it an
// assumption ([A]): the report shows this beside every value so a reader knows which numbers
// rest on evidence and which on judgement.

#include <string>
#include <string_view>

namespace smesim::detail::report {

struct ParameterSource {
  std::string_view source;  ///< empty when docs/model.md names none
  bool assumption = false;  ///< marked [A] in docs/model.md
};

/// The source of a parameter path (`dynamics.learning_rate`, `agencies.DIP.strategy.split.network`).
ParameterSource parameter_source(std::string_view path);

}  // namespace smesim::detail::report
