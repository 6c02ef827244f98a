#pragma once
// Reading what a user points smesim at (scenario and study files) without trusting it: only
// a regular file, only up to a size no real scenario reaches, and only text that is UTF-8
// without control characters, so a device, a FIFO, /dev/zero or a binary file is refused
// at once with the file named, never read until memory runs out (docs/scenario.md "Bad input").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smesim::detail {

/// The largest scenario or study file smesim reads. The built-in scenario with its 54 listed
/// networks is 12 KB; a scenario listing 5,000 networks one by one is about 1 MB.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{8} << 20;

/// @brief The whole of the regular file at `path` (a symlink to one is followed) if it has at
/// most `max_bytes`; else nullopt, and `problem` says why: missing, unreadable, not a regular
/// file (folder, FIFO, device, socket: opening never blocks, and the file checked is the file
/// read) or too large ("the file is N bytes; <kind_of_file> may have at most M bytes").
/// Every reader of a file, the user's or smesim's own stored ones, reads through this.
std::optional<std::string> read_regular_file(const std::string& path, std::size_t max_bytes,
                                             std::string_view kind_of_file, std::string& problem);

/// @brief The whole of the regular file at `path` (a symlink to one is followed).
/// @throws ScenarioError naming the file when it is missing, unreadable, not a regular file
/// (folder, FIFO, device, socket) or larger than kMaxInputFileBytes. Opening never blocks.
std::string read_input_file(const std::string& path);

/// @brief Refuses text that is not UTF-8 or holds a control character other than tab, line
/// feed and carriage return (a NUL, an escape sequence), at the file:line:col of the first
/// offending byte. @throws ScenarioError
void check_input_text(std::string_view text, const std::string& file);

/// @brief Whether `text` is UTF-8 throughout (RFC 3629).
bool is_utf8(std::string_view text);

/// The longest name a scenario or study may have: its results folder is named after it, and
/// staging folders add a suffix, within the 255 bytes a file name may have.
inline constexpr std::size_t kMaxNameBytes = 100;

/// @brief Why `name` cannot name a results folder (empty, longer than kMaxNameBytes, `.` or
/// `..`, a `/`, `\` or control character, space at either end), or "" when it can.
std::string folder_name_problem(std::string_view name);

/// @brief `text` with every byte that is not printable UTF-8 (control characters, invalid
/// sequences) written as `\xHH`, so a message never sends raw bytes to a terminal.
/// Line feeds are kept: messages may span lines.
std::string printable(std::string_view text);

}  // namespace smesim::detail
