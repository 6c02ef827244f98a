#pragma once
// What names this process's temporary files and folders, so that a later smesim can tell a
// leftover of a dead process from the work of a live one.

#include <string>

namespace smesim::detail {

/// This host's name with every character outside [A-Za-z0-9.] replaced by `_` (never empty).
std::string host_tag();

/// `<host_tag()>-<pid>`.
std::string process_tag();

}  // namespace smesim::detail
