#include "smesim/scenario/distribution.hpp"

#include <fmt/format.h>

#include "scenario/fields.hpp"

namespace smesim {

int distribution_arity(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::unset:
      return 0;
    case DistributionKind::fixed:
      return 1;
    case DistributionKind::triangular:
      return 3;
    default:
      return 2;
  }
}

const char* distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::unset:
      return "auto";
    case DistributionKind::fixed:
      return "fixed";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::beta:
      return "beta";
    case DistributionKind::triangular:
      return "triangular";
  }
  return "?";
}

std::string describe(const Param& p) {
  using detail::format_number;
  switch (distribution_arity(p.kind)) {
    case 0:
      return "auto";
    case 1:
      return format_number(p.args[0]);
    case 2:
      return fmt::format("{}[{}, {}]", distribution_name(p.kind), format_number(p.args[0]),
                         format_number(p.args[1]));
    default:
      return fmt::format("{}[{}, {}, {}]", distribution_name(p.kind), format_number(p.args[0]),
                         format_number(p.args[1]), format_number(p.args[2]));
  }
}

}  // namespace smesim
