// The reader of stored files (src/io/stored_file.hpp): the nesting limit counts only arrays
// and objects, not brackets inside strings or escaped quotes; members are taken only as the
// types smesim writes, never converted.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "io/stored_file.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

using Catch::Matchers::Contains;

const std::filesystem::path kFile = "f.json";

TEST_CASE("stored JSON: nesting is counted outside strings, refused past the limit at its line and column",
          "[io]") {
  const std::string at_limit = std::string(kMaxStoredJsonDepth, '[') + std::string(kMaxStoredJsonDepth, ']');
  CHECK_NOTHROW(check_stored_json_depth(at_limit, kFile));
  // Brackets in strings, after an escaped quote too, are text.
  const std::string in_strings = R"({"a": "[[[[{{{{", "b": "\"[[[[", "c": [1, "]]]]"]})";
  CHECK_NOTHROW(check_stored_json_depth(std::string(200, ' ') + in_strings, kFile));
  // The object is the first level, so the 64th bracket (column 6 + 64) is the 65th level.
  std::string text = "{\"a\": \"x\",\n \"b\": " + std::string(200, '[');
  CHECK_THROWS_WITH(check_stored_json_depth(text, kFile),
                    Contains("f.json:2:70: arrays and objects nested more than 64 levels deep"));
  // Many shallow values are not deep.
  std::string wide = "[";
  for (int i = 0; i < 10'000; ++i) wide += "[1],";
  wide += "[]]";
  CHECK_NOTHROW(check_stored_json_depth(wide, kFile));
}

TEST_CASE("stored members: whole numbers in range and text, anything else refused naming file and member",
          "[io]") {
  const auto j = nlohmann::json::parse(
      R"({"n": 3, "neg": -5, "big": 1e12, "frac": 2.5, "text": "x", "flag": true, "list": []})");
  CHECK(stored_count(j, "n", 0, 10, 0, kFile) == 3);
  CHECK(stored_count(j, "absent", 0, 10, 7, kFile) == 7);
  CHECK_THROWS_WITH(stored_count(j, "n", 4, 10, 0, kFile),
                    Contains("f.json: `n` is 3; smesim writes a whole number from 4 to 10 there"));
  for (const char* key : {"neg", "big", "frac", "text", "flag", "list"}) {
    INFO(key);
    CHECK_THROWS_AS(stored_count(j, key, 0, std::uint64_t{1} << 60, 0, kFile), StoredFileError);
  }
  CHECK(stored_text(j, "text", "", kFile) == "x");
  CHECK(stored_text(j, "absent", "dflt", kFile) == "dflt");
  CHECK_THROWS_WITH(stored_text(j, "n", "", kFile), Contains("f.json: `n` is 3; smesim writes text there"));
}

}  // namespace
}  // namespace smesim::detail
