// docs/model.md §6, the 2019 rule: the higher of the employee class and the revenue class.
#include <catch2/catch.hpp>

#include "model/size_class.hpp"

using namespace smesim;
using smesim::detail::size_class_2019;

TEST_CASE("docs/model.md §10 case 10: a manufacturer with 40 employees and 150 M THB is medium",
          "[model][size]") {
  CHECK(size_class_2019(Sector::manufacturing, 40, 150e6) == SizeClass::medium);
}

TEST_CASE("Size classes at the 2019 bounds", "[model][size]") {
  using S = Sector;
  // Micro: <= 5 employees and <= 1.8 M THB in both columns.
  CHECK(size_class_2019(S::manufacturing, 5, 1.8e6) == SizeClass::micro);
  CHECK(size_class_2019(S::trade, 5, 1.8e6) == SizeClass::micro);
  CHECK(size_class_2019(S::manufacturing, 6, 1.0e6) == SizeClass::small);
  CHECK(size_class_2019(S::services, 3, 1.8e6 + 1) == SizeClass::small);
  // Small: manufacturing <= 50 and <= 100 M; trade and services <= 30 and <= 50 M.
  CHECK(size_class_2019(S::manufacturing, 50, 100e6) == SizeClass::small);
  CHECK(size_class_2019(S::manufacturing, 51, 10e6) == SizeClass::medium);
  CHECK(size_class_2019(S::trade, 30, 50e6) == SizeClass::small);
  CHECK(size_class_2019(S::trade, 31, 10e6) == SizeClass::medium);
  CHECK(size_class_2019(S::services, 10, 50e6 + 1) == SizeClass::medium);
  // Medium: manufacturing <= 200 and <= 500 M; trade and services <= 100 and <= 300 M.
  CHECK(size_class_2019(S::manufacturing, 200, 500e6) == SizeClass::medium);
  CHECK(size_class_2019(S::manufacturing, 201, 1e6) == SizeClass::large);
  CHECK(size_class_2019(S::trade, 100, 300e6) == SizeClass::medium);
  CHECK(size_class_2019(S::trade, 10, 300e6 + 1) == SizeClass::large);
  // Agriculture uses the manufacturing column [A].
  CHECK(size_class_2019(S::agriculture, 40, 80e6) == SizeClass::small);
  CHECK(size_class_2019(S::trade, 40, 80e6) == SizeClass::medium);
}
