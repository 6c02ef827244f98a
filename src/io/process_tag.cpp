#include "io/process_tag.hpp"

#include <unistd.h>

#include <cctype>

#include <fmt/format.h>

namespace smesim::detail {

std::string host_tag() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  std::string out;
  for (const char* c = name; *c != '\0'; ++c)
    out += std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' ? *c : '_';
  return out;
}

std::string process_tag() { return fmt::format("{}-{}", host_tag(), ::getpid()); }

}  // namespace smesim::detail
