#include "cli/option_checks.hpp"

#include <charconv>

#include <fmt/format.h>

#include "engine/memory_estimate.hpp"
#include "smesim/error.hpp"
#include "smesim/io/shard.hpp"

namespace smesim::cli {

CLI::Validator whole_number_in(std::uint64_t min, std::uint64_t max) {
  const std::string expected = fmt::format("a whole number in [{}, {}]", min, max);
  return CLI::Validator(
      [min, max, expected](std::string& value) -> std::string {
        std::uint64_t n = 0;
        const char* end = value.data() + value.size();
        const auto [stop, ec] = std::from_chars(value.data(), end, n);
        const bool decimal = !value.empty() && stop == end && ec == std::errc();
        if (!decimal || n < min || n > max) return fmt::format("expected {}, got `{}`", expected, value);
        return "";
      },
      expected.substr(2));
}

CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return detail::parse_byte_size(value) > 0
                   ? ""
                   : fmt::format("expected a memory size such as 4G, 512M or 2.5GB, got `{}`", value);
      },
      "SIZE");
}

CLI::Validator shard_spec() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        try {
          parse_shard(value);
          return "";
        } catch (const ShardError& e) {
          return e.what();
        }
      },
      "i/N");
}

CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& value) -> std::string { return value.empty() ? "expected a non-empty value" : ""; },
      "NON-EMPTY");
}

}  // namespace smesim::cli
