#pragma once
// Reading back what smesim stored (records, experiment and shard headers, manifests, the
// tables a report reads) without trusting it: a results folder outlives the process that
// wrote it and can be edited, replaced by another program's files, or hold a FIFO or a
// device where a file was. Every such file is read through here: only a regular file (opening
// never blocks), only up to a size smesim never reaches, JSON only up to a nesting depth
// smesim never writes, and members only of the type smesim wrote. Anything else is a
// StoredFileError naming the file, never a crash, a hang or an "internal error".

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace smesim::detail {

/// The largest JSON file smesim reads back. A record of an optimisation's re-evaluation keeps
/// every replication's objective (about 25 bytes each), a manifest the resolved scenario
/// (about 30 kB for the national programme).
inline constexpr std::size_t kMaxStoredJsonBytes = std::size_t{256} << 20;

/// The largest CSV table the report reads back (a forecast's per-replication tables).
inline constexpr std::size_t kMaxStoredTableBytes = std::size_t{2} << 30;

/// The deepest nesting of arrays and objects smesim reads back. What it writes nests at most
/// about ten levels (a manifest's resolved scenario); nlohmann-json recurses once per level,
/// so a file nested 200,000 levels deep would exhaust the stack.
inline constexpr std::size_t kMaxStoredJsonDepth = 64;

/// @brief The bytes of the regular file `path`, at most `max_bytes`.
/// @throws StoredFileError naming the file when it is missing, unreadable, not a regular file
/// (a FIFO, a device, a folder) or larger
std::string read_stored_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxStoredJsonBytes);

/// @brief Refuses JSON text nested deeper than kMaxStoredJsonDepth, at the file:line:col
/// where it goes too deep, before any parser recurses into it. A linear scan of the bytes.
/// @throws StoredFileError
void check_stored_json_depth(std::string_view text, const std::filesystem::path& path);

/// @brief The text of a stored record (points/NNNNNN.json), read and checked
/// (read_stored_file, check_stored_json_depth); the study parses it. @throws StoredFileError
std::string read_stored_record(const std::filesystem::path& path);

/// @brief A stored JSON file, read and checked (read_stored_file, check_stored_json_depth)
/// and parsed. @throws StoredFileError naming the file, also when it is not JSON
nlohmann::json read_stored_json(const std::filesystem::path& path);

/// @brief Member `key` of the stored object `object` of `path`, a whole number in [min, max];
/// `fallback` when it is absent. A value of another type (text, a fraction, a number written
/// as 1e12) or out of range is refused, never converted: a negative count must not wrap to a
/// huge unsigned. @throws StoredFileError naming the file and the member
std::uint64_t stored_count(const nlohmann::json& object, std::string_view key, std::uint64_t min,
                           std::uint64_t max, std::uint64_t fallback, const std::filesystem::path& path);

/// @brief Member `key` of the stored object `object` of `path`, a string; `fallback` when it
/// is absent. @throws StoredFileError naming the file and the member when it is not a string
std::string stored_text(const nlohmann::json& object, std::string_view key, std::string_view fallback,
                        const std::filesystem::path& path);

}  // namespace smesim::detail
