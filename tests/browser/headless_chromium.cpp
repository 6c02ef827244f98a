#include "browser/headless_chromium.hpp"

#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "support/test_support.hpp"

namespace smesim::test {

std::string find_chromium() {
  if (const char* given = std::getenv("SMESIM_CHROMIUM"); given != nullptr && *given != '\0') return given;
  const CommandResult which = run_command("command -v chromium");
  std::string path = which.out;
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  return which.exit_code == 0 ? path : std::string();
}

BrowserRun run_chromium(const std::filesystem::path& page, const std::string& extra) {
  const std::string profile = make_temp_dir("chromium-profile");
  std::string command = "'";
  command += find_chromium();
  command +=
      "' --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --enable-logging=stderr --v=0 --user-data-dir='";
  command += profile;
  command += "' ";
  command += extra;
  command += " 'file://";
  command += std::filesystem::absolute(page).string();
  command += "'";
  const CommandResult r = run_command(command);
  std::filesystem::remove_all(profile);
  BrowserRun out;
  out.exit_code = r.exit_code;
  out.out = r.out;
  // With --enable-logging=stderr every console message of the page is logged as
  // `...:INFO:CONSOLE(line)] "message", source: ...` (uncaught exceptions included).
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) out.console.push_back(line);
  return out;
}

Image read_png(const std::filesystem::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, path.c_str()) == 0)
    throw std::runtime_error(path.string() + ": not a PNG: " + image.message);
  image.format = PNG_FORMAT_RGBA;
  Image out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgba.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    throw std::runtime_error(path.string() + ": cannot decode: " + image.message);
  }
  return out;
}

}  // namespace smesim::test
