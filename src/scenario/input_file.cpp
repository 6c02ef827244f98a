#include "scenario/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
  throw ScenarioError({path, 0, 0}, "", what);
}

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes the descriptor on every path out of read_input_file.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// Length of the UTF-8 sequence starting at text[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

bool is_allowed_control(unsigned char c) { return c == '\t' || c == '\n' || c == '\r'; }

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

}  // namespace

std::optional<std::string> read_regular_file(const std::string& path, std::size_t max_bytes,
                                             std::string_view kind_of_file, std::string& problem) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever; fstat on the
  // open descriptor (not stat on the name) so the checked file is the one read.
  const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) {
    problem =
        fmt::format("cannot open the file: {} (does it exist and is it readable?)", std::strerror(errno));
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    problem = fmt::format("cannot read the file: {}", std::strerror(errno));
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    problem = fmt::format("expected a regular file, got {}", file_kind(info.st_mode));
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    problem = fmt::format("the file is {} bytes; {} may have at most {} bytes", info.st_size, kind_of_file,
                          max_bytes);
    return std::nullopt;
  }
  // Read up to one byte past the limit: a file that grows while being read is refused too.
  // The buffer starts at the file's size (plus room to see it end) and grows only if the
  // file does: a scenario of a few kB must not cost an 8 MiB buffer.
  const std::size_t limit = max_bytes + 1;
  std::string text(std::min(limit, static_cast<std::size_t>(info.st_size) + 4096), '\0');
  std::size_t size = 0;
  while (size < limit) {
    if (size == text.size()) text.resize(std::min(limit, 2 * text.size()));
    const ssize_t got = ::read(file.fd, text.data() + size, text.size() - size);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got < 0) {
      problem = fmt::format("cannot read the file: {}", std::strerror(errno));
      return std::nullopt;
    }
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  if (size > max_bytes) {
    problem = fmt::format("the file grew past {} bytes while being read", max_bytes);
    return std::nullopt;
  }
  text.resize(size);
  return text;
}

std::string read_input_file(const std::string& path) {
  std::string problem;
  std::optional<std::string> text =
      read_regular_file(path, kMaxInputFileBytes, "a scenario or study file", problem);
  if (!text) refuse(path, problem);
  return std::move(*text);
}

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void check_input_text(std::string_view text, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0)
      throw ScenarioError({file, line, column}, "",
                          fmt::format("byte 0x{:02X} is not UTF-8; expected a text file in UTF-8", c));
    if (n == 1 && is_control(c) && !is_allowed_control(c))
      throw ScenarioError(
          {file, line, column}, "",
          fmt::format("control character 0x{:02X}; expected text (only tab and line breaks)", c));
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
}

std::string folder_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > kMaxNameBytes)
    return fmt::format("it has {} bytes, at most {} are allowed", name.size(), kMaxNameBytes);
  if (name == "." || name == "..") return fmt::format("`{}` names a folder's parent or itself", name);
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '/' || ch == '\\') return fmt::format("it holds `{}`, which separates folders", ch);
    if (is_control(c)) return fmt::format("it holds control character 0x{:02X}", c);
  }
  if (name.front() == ' ' || name.back() == ' ') return "it starts or ends with a space";
  return "";
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0 || (n == 1 && is_control(c) && c != '\n')) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace smesim::detail
