#pragma once
// Edit distance and "did you mean" suggestions for keys and parameter paths.

#include <string>
#include <string_view>
#include <vector>

namespace smesim::detail {

std::size_t edit_distance(std::string_view a, std::string_view b);
/// Candidates sorted by edit distance to `word` (ties by name), at most `count`.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t count);
/// " (did you mean `x`?)" when a candidate is close enough, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace smesim::detail
