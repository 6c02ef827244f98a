#pragma once
// Drives Debian's Chromium headless for the report's browser tests: load a file, dump the
// DOM after scripts ran, take a screenshot, print to PDF. Each call uses a new empty profile
// and the flags that keep Chromium offline and quiet (no sandbox: CI runs as root).

#include <filesystem>
#include <string>
#include <vector>

namespace smesim::test {

/// Path of the chromium executable (`SMESIM_CHROMIUM` or `chromium` on PATH); empty if none.
std::string find_chromium();

struct BrowserRun {
  int exit_code = -1;
  std::string out;                   ///< stdout (the DOM with --dump-dom)
  std::vector<std::string> console;  ///< every console message the page logged
};

/// Loads `page` in headless Chromium with `extra` flags (e.g. `--dump-dom`).
BrowserRun run_chromium(const std::filesystem::path& page, const std::string& extra);

/// A decoded PNG as 8-bit RGBA rows.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgba;
};
/// Reads a PNG file (libpng). Throws std::runtime_error when it is not a valid PNG.
Image read_png(const std::filesystem::path& path);

}  // namespace smesim::test
