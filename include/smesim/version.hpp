#pragma once
/// @file version.hpp
/// @brief The version of the library and the git revision it was built from (recorded in
/// every manifest).

#include <string_view>

namespace smesim {

/// `0.1.0`: the project's version (CMakeLists.txt).
std::string_view version();
/// `git describe --always --dirty` of the source tree at build time, or `unknown`.
std::string_view git_revision();

}  // namespace smesim
