#pragma once
// A stored record's seal (points/NNNNNN.seal beside points/NNNNNN.json): the checksum of the
// record's bytes and the version and revision of the smesim that wrote it. A resumed study or a
// merge uses a record only when its seal says this smesim wrote exactly these bytes: a record
// edited by hand, or made by another build, would otherwise pass into the results as smesim's.

#include <filesystem>
#include <string>

namespace smesim::detail {

/// points/NNNNNN.seal of points/NNNNNN.json.
std::filesystem::path seal_path(const std::filesystem::path& record_path);

/// The seal of `record` as this smesim writes it.
std::string seal_text(const std::string& record);

/// @brief Why `record`, read from `record_path`, is not one this smesim wrote — no seal, a
/// checksum that differs, another version or revision — or "" when it is.
std::string foreign_reason(const std::filesystem::path& record_path, const std::string& record);

}  // namespace smesim::detail
