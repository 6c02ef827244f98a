#include "io/results_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <fstream>
#include <regex>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/process_tag.hpp"
#include "io/stored_file.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

namespace {

// The code point of the UTF-8 sequence at text[i] and its length, or length 0 when the bytes
// there are not UTF-8 (scenario names are checked UTF-8; other callers need not be). Written
// here because none of the project's libraries decodes UTF-8 to code points, and ICU would be
// a large new dependency for these few lines.
std::pair<char32_t, std::size_t> decode_utf8(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  std::size_t n = 0;
  char32_t cp = 0;
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return {0, 0};
  }
  if (i + n > text.size()) return {0, 0};
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, n};
}

// Code points that would make a folder name hard to see or to type: C1 controls, spaces
// other than ASCII's, and invisible format characters (soft hyphen, zero-width characters,
// bidirectional controls that could show a name reversed, the byte-order mark).
bool invisible_or_space(char32_t cp) {
  return cp <= 0x9F || cp == 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x180E ||
         (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

// The results folder's name for a scenario name (docs/scenario.md "How a file is read"):
// ASCII keeps letters, digits, `-`, `_` and `.`, so no path, shell or Windows metacharacter
// (`/ \ : * ? " < > |`, spaces, quotes) gets through; every other script keeps its letters,
// digits and marks (Thai vowels and tone marks are marks), so `โครงการ-2570` names
// `results/โครงการ-2570/`; what is a control, a space or invisible becomes `_`. A name that
// would be hidden, `.`, `..` or empty gets a leading `_`.
std::string safe_name(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const auto [cp, n] = decode_utf8(name, i);
    if (n == 0) {
      out += '_';
      ++i;
      continue;
    }
    const bool ascii_kept = cp < 0x80 && (std::isalnum(static_cast<unsigned char>(cp)) != 0 || cp == '-' ||
                                          cp == '_' || cp == '.');
    const bool kept = cp < 0x80 ? ascii_kept : !invisible_or_space(cp);
    out += kept ? name.substr(i, n) : "_";
    i += n;
  }
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "a file";
    case fs::file_type::directory:
      return "a folder";
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a folder";
  }
}

fs::file_type type_of(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type();
}

bool is_empty_folder(const fs::path& p) {
  std::error_code ec;
  return type_of(p) == fs::file_type::directory && fs::is_empty(p, ec) && !ec;
}

// The first `limit` bytes of a regular file, "" when it is not one: opened without blocking
// and checked on the open descriptor, so a FIFO put there after the caller looked cannot hang.
std::string head_of(const fs::path& p, std::size_t limit) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return "";
  struct stat info {};
  std::string text;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    text.resize(std::min<std::size_t>(limit, static_cast<std::size_t>(info.st_size)));
    std::size_t size = 0;
    while (size < text.size()) {
      const ssize_t got = ::read(fd, text.data() + size, text.size() - size);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      size += static_cast<std::size_t>(got);
    }
    text.resize(size);
  }
  ::close(fd);
  return text;
}

bool process_exists(long pid) {
  if (pid <= 0) return false;
  if (pid == ::getpid()) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::string replace_refusal(const fs::path& path) {
  const fs::file_type type = type_of(path);
  if (type == fs::file_type::not_found) return "";
  if (type != fs::file_type::directory) return fmt::format("it is {}, not a results folder", kind_of(type));
  const fs::path manifest_path = path / "manifest.json";
  if (type_of(manifest_path) != fs::file_type::regular)
    return "it has no manifest.json, so it is not a results folder smesim wrote";
  nlohmann::json manifest;
  try {
    manifest = read_stored_json(manifest_path);
  } catch (const StoredFileError&) {
    return "its manifest.json is not one smesim wrote";
  }
  // Compared as JSON: `value("tool", "")` would throw on a `tool` that is not text.
  if (!manifest.is_object() || manifest.value("tool", nlohmann::json()) != "smesim" ||
      !manifest.contains("files") || !manifest["files"].is_array())
    return "its manifest.json is not one smesim wrote";
  std::vector<std::string> written{"manifest.json", "report.html"};
  for (const auto& f : manifest["files"])
    if (f.is_string()) written.push_back(f.get<std::string>());
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::find(written.begin(), written.end(), name) == written.end())
      return fmt::format("it holds `{}`, which smesim did not write there", name);
    if (type_of(entry.path()) != fs::file_type::regular)
      return fmt::format("its `{}` is {}, which smesim did not write there", name,
                         kind_of(type_of(entry.path())));
  }
  if (ec) return fmt::format("it cannot be listed: {}", ec.message());
  return "";
}

std::string report_replace_refusal(const fs::path& path) {
  const fs::file_type type = type_of(path);
  if (type == fs::file_type::not_found) return "";
  if (type != fs::file_type::regular) return fmt::format("it is {}, not a report", kind_of(type));
  const std::string head = head_of(path, 1024);
  if (!head.starts_with("<!DOCTYPE html>") ||
      head.find("<meta name=\"generator\" content=\"smesim\">") == std::string::npos)
    return "it is not a report smesim wrote";
  return "";
}

fs::path staging_path(const fs::path& destination) {
  return destination.parent_path() /
         fmt::format(".{}.partial-{}", destination.filename().string(), process_tag());
}

std::size_t remove_stale_staging(const fs::path& folder) {
  // `.NAME.partial-HOST-PID`, `.NAME.old-HOST-PID`, `.NAME.tmp-HOST-PID`: what ResultsDir and
  // write_file_atomically create. A name from another host is left alone (its process may be
  // alive there: results folders on a shared file system), as is anything else.
  static const std::regex kLeftover(R"(^\..+\.(partial|old|tmp)-(.+)-([0-9]{1,9})$)");
  const std::string host = host_tag();
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, kLeftover) || m[2].str() != host || process_exists(std::stol(m[3].str())))
      continue;
    const fs::file_type type = type_of(entry.path());
    const bool folder_kind = m[1].str() != "tmp";
    if (folder_kind ? type != fs::file_type::directory : type != fs::file_type::regular) continue;
    // A folder of that name is smesim's only if it says so: a staging folder by its marker, a
    // set-aside one by being a results folder smesim wrote.
    if (m[1].str() == "partial" && type_of(entry.path() / kStagingMarker) != fs::file_type::regular) continue;
    if (m[1].str() == "old" && !replace_refusal(entry.path()).empty()) continue;
    std::error_code remove_ec;
    if (fs::remove_all(entry.path(), remove_ec) > 0 && !remove_ec) ++removed;
  }
  return removed;
}

fs::file_type destination_type(const fs::path& path, bool follow_links) {
  std::error_code ec;
  const fs::file_status status = follow_links ? fs::status(path, ec) : fs::symlink_status(path, ec);
  // A name too long, a parent that is a file (/dev/null/x), a folder that may not be searched:
  // the destination is not there, but it cannot be made either. Not "it already exists".
  if (ec && status.type() != fs::file_type::not_found)
    throw DestinationError(fmt::format("{} cannot be used as a results folder: {}; choose another --out",
                                       path.string(), ec.message()));
  return status.type();
}

ResultsDir::ResultsDir(fs::path destination, bool replace)
    : destination_(std::move(destination)), replace_(replace) {
  // `out/` names the folder `out`: without the trailing separator its staging folder is a
  // sibling, not a child that could never be renamed onto its own parent.
  destination_ = destination_.lexically_normal();
  if (!destination_.has_filename() && destination_.has_relative_path())
    destination_ = destination_.parent_path();
  if (destination_type(destination_, false) != fs::file_type::not_found && !is_empty_folder(destination_)) {
    if (!replace_)
      throw DestinationError(
          fmt::format("{} already exists and is not an empty folder; choose another --out, "
                      "or add --force to replace a results folder smesim wrote",
                      destination_.string()));
    if (const std::string refusal = replace_refusal(destination_); !refusal.empty())
      throw DestinationError(
          fmt::format("--force replaces only a results folder that smesim wrote, and {} is not "
                      "one: {}; choose another --out",
                      destination_.string(), refusal));
  }
  // Nothing is computed yet: a folder that cannot be made here (a read-only file system,
  // /proc, a parent that is a file) is a destination that cannot be used, bad input.
  fs::path parent = destination_.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw DestinationError(
        fmt::format("{} cannot be used as a results folder: cannot create {}: {}; choose "
                    "another --out",
                    destination_.string(), parent.string(), ec.message()));
  remove_stale_staging(parent);
  staging_ = staging_path(destination_);
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec)
    throw DestinationError(
        fmt::format("{} cannot be used as a results folder: cannot create {}: {}; choose "
                    "another --out",
                    destination_.string(), staging_.string(), ec.message()));
  std::ofstream(staging_ / kStagingMarker) << process_tag() << '\n';
  if (type_of(staging_ / kStagingMarker) != fs::file_type::regular)
    throw OutputError(fmt::format("cannot write {}", (staging_ / kStagingMarker).string()));
}

ResultsDir::~ResultsDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void ResultsDir::commit() {
  std::error_code ec;
  fs::path old;
  // Checked again: the destination may have changed while the results were computed.
  if (type_of(destination_) != fs::file_type::not_found) {
    if (is_empty_folder(destination_)) {
      fs::remove(destination_, ec);
    } else if (!replace_) {
      throw DestinationError(fmt::format("{} appeared while the results were computed; nothing was replaced",
                                         destination_.string()));
    } else if (const std::string refusal = replace_refusal(destination_); !refusal.empty()) {
      throw DestinationError(
          fmt::format("{} changed while the results were computed and {}; nothing was replaced",
                      destination_.string(), refusal));
    } else {
      old = destination_.parent_path() /
            fmt::format(".{}.old-{}", destination_.filename().string(), process_tag());
      fs::rename(destination_, old, ec);
      if (ec) throw OutputError(fmt::format("cannot move aside {}: {}", destination_.string(), ec.message()));
    }
  }
  fs::remove(staging_ / kStagingMarker, ec);
  fs::rename(staging_, destination_, ec);
  if (ec)
    throw OutputError(
        fmt::format("cannot rename {} to {}: {}", staging_.string(), destination_.string(), ec.message()));
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

std::string read_results_file(const fs::path& path) { return read_stored_file(path); }

fs::path default_results_path(const fs::path& root, const std::string& scenario_name) {
  const std::string stamp = fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(std::time(nullptr)));
  const fs::path base = root / safe_name(scenario_name);
  fs::path candidate = base / stamp;
  std::error_code ec;
  for (int k = 2; fs::exists(candidate, ec); ++k) candidate = base / fmt::format("{}-{}", stamp, k);
  return candidate;
}

}  // namespace smesim::detail
