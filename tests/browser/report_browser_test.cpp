// End-to-end: the report of real runs opened in a real browser (Debian's Chromium, headless).
// Checks what a reader would see: the page loads with no console message, every chart and
// table is in the DOM after the script ran, a screenshot at 1280 px is not blank and shows
// the palette's colours, and the page prints to PDF.
//
// SMESIM_REPORT_SCREENSHOT=PATH also copies the screenshot of the default run's report to
// PATH (docs/images/report.png in the README is made that way).

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "browser/headless_chromium.hpp"
#include "support/experiment_support.hpp"

namespace fs = std::filesystem;
using namespace smesim::test;

namespace {

void require_chromium() {
  INFO("Chromium is needed for the browser tests; `./setup.sh test` installs Debian's chromium package");
  REQUIRE_FALSE(find_chromium().empty());
}

// Loads the page, and requires a clean load: exit 0, no console message, the script ran.
std::string load_dom(const fs::path& report) {
  const BrowserRun run = run_chromium(report, "--dump-dom");
  INFO("console messages:\n"
       << [&] {
            std::string all;
            for (const auto& line : run.console) all += line + "\n";
            return all;
          }());
  REQUIRE(run.exit_code == 0);
  CHECK(run.console.empty());
  REQUIRE(run.out.find("data-ready=\"true\"") != std::string::npos);
  return run.out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

void require_in_dom(const std::string& dom, const std::vector<std::string>& charts,
                    const std::vector<std::string>& sections) {
  for (const auto& chart : charts) {
    INFO("chart " << chart);
    CHECK(count(dom, "data-chart=\"" + chart + "\"") == 1);
  }
  for (const auto& section : sections) {
    INFO("section " << section);
    CHECK(count(dom, "data-section=\"" + section + "\"") == 1);
  }
  CHECK(count(dom, "<svg") == charts.size());
}

// A copy of the page with a script that, once it has loaded, measures every non-empty text of
// every chart (its rendered box) and records in <body data-layout-problems> each text that
// leaves its chart (clipped) or overlaps another text of the same chart by more than a pixel
// both ways: tick labels running into each other, a label over an axis title.
constexpr const char* kLayoutProbe = R"(<script>
window.addEventListener('load', function () {
  var problems = [];
  document.querySelectorAll('svg').forEach(function (svg, si) {
    var holder = svg.closest('[data-chart]');
    var name = holder ? holder.getAttribute('data-chart') : String(si);
    var box = svg.getBoundingClientRect();
    var texts = Array.prototype.filter.call(svg.querySelectorAll('text'),
                                            function (t) { return t.textContent.trim() !== ''; });
    var rects = texts.map(function (t) { return t.getBoundingClientRect(); });
    rects.forEach(function (r, i) {
      if (r.width === 0) return;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 ||
          r.bottom > box.bottom + 0.5)
        problems.push('clipped: ' + name + ': ' + texts[i].textContent);
    });
    for (var i = 0; i < rects.length; ++i)
      for (var j = i + 1; j < rects.length; ++j) {
        var a = rects[i], b = rects[j];
        if (a.width === 0 || b.width === 0) continue;
        var ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        var oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (ox > 1 && oy > 1)
          problems.push('overlap: ' + name + ': ' + texts[i].textContent + ' / ' + texts[j].textContent);
      }
  });
  document.body.setAttribute('data-layout-problems', JSON.stringify(problems));
});
</script>)";

// The chart texts that overlap or are clipped when the page is `width` px wide ("[]": none).
std::string layout_problems(const fs::path& report, int width) {
  std::string page = read_text(report);
  const auto body_end = page.rfind("</body>");
  REQUIRE(body_end != std::string::npos);
  page.insert(body_end, kLayoutProbe);
  const fs::path probe = report.parent_path() / "layout_probe.html";
  {
    std::ofstream out(probe);
    out << page;
  }
  const BrowserRun run =
      run_chromium(probe, "--window-size=" + std::to_string(width) + ",2400 --hide-scrollbars --dump-dom");
  fs::remove(probe);
  REQUIRE(run.exit_code == 0);
  const std::string key = "data-layout-problems=\"";
  const auto at = run.out.find(key);
  REQUIRE(at != std::string::npos);
  return run.out.substr(at + key.size(), run.out.find('"', at + key.size()) - at - key.size());
}

// Axis labels, titles and legends neither overlap nor leave their chart, on a wide screen and
// on a narrow one (the charts scale with the page).
void require_clean_layout(const fs::path& report) {
  for (const int width : {1280, 640}) {
    INFO("page width " << width << " px");
    CHECK(layout_problems(report, width) == "[]");
  }
}

struct PixelCensus {
  double non_white_share = 0;
  std::size_t colours = 0;  ///< distinct colours, quantised to 4 bits a channel
  std::size_t near(unsigned r, unsigned g, unsigned b) const;
  const Image* image = nullptr;
};

std::size_t PixelCensus::near(unsigned r, unsigned g, unsigned b) const {
  std::size_t n = 0;
  const auto close = [](unsigned a, unsigned c) { return (a > c ? a - c : c - a) <= 12; };
  for (std::size_t i = 0; i + 3 < image->rgba.size(); i += 4)
    if (close(image->rgba[i], r) && close(image->rgba[i + 1], g) && close(image->rgba[i + 2], b)) ++n;
  return n;
}

PixelCensus census(const Image& image) {
  PixelCensus c;
  c.image = &image;
  std::size_t non_white = 0;
  std::set<unsigned> colours;
  for (std::size_t i = 0; i + 3 < image.rgba.size(); i += 4) {
    const unsigned r = image.rgba[i], g = image.rgba[i + 1], b = image.rgba[i + 2];
    if (r < 245 || g < 245 || b < 245) ++non_white;
    colours.insert((r >> 4) << 8 | (g >> 4) << 4 | (b >> 4));
  }
  c.non_white_share = static_cast<double>(non_white) / (static_cast<double>(image.rgba.size()) / 4);
  c.colours = colours.size();
  return c;
}

}  // namespace

TEST_CASE(
    "The report of a default run renders in headless Chromium with every chart, no console message, "
    "a screenshot that is not blank and a printable PDF",
    "[browser]") {
  // About 20 s in Release, the slowest test case: the default forecast as it ships (1,000
  // replications, about 8 s on 2 cores), then Chromium three times (DOM, screenshot, PDF). The
  // report of a smaller run would not show what a planner sees.
  require_chromium();
  TempFolder dir("browser-run");
  const fs::path results = fs::path(dir.path) / "run";
  // The default scenario as it ships: 1,000 replications (the issue's "done when").
  const CommandResult run = smesim_in(dir.path, "run --quiet --out run --report");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const fs::path report = results / "report.html";
  REQUIRE(fs::exists(report));

  const std::string dom = load_dom(report);
  require_in_dom(
      dom,
      {"budget", "fan-developed", "fan-expanded", "fan-cost_reduction_thb", "agencies-developed",
       "agencies-expanded", "agencies-cost_reduction_thb", "agencies-spent_thb", "drivers-developed",
       "drivers-expanded", "drivers-cost_reduction_thb"},
      {"headline", "trajectories", "agencies", "clusters", "drivers", "assumptions", "provenance"});
  for (const char* table : {"agency-table", "province-table", "cluster-table", "drivers-table",
                            "parameter-table", "agency-parameter-table"}) {
    INFO("table " << table);
    CHECK(count(dom, std::string("id=\"") + table + "\"") == 1);
  }
  CHECK(count(dom, "data-target=\"") == 4);  // three targets and all three together
  require_clean_layout(report);

  const fs::path png = fs::path(dir.path) / "report.png";
  const BrowserRun shot =
      run_chromium(report, "--window-size=1280,2400 --hide-scrollbars --screenshot=" + png.string());
  REQUIRE(shot.exit_code == 0);
  const Image image = read_png(png);
  CHECK(image.width == 1280);
  CHECK(image.height == 2400);
  const PixelCensus pixels = census(image);
  // A rendered report covers far more than a tenth of the page with text, bands and bars; a
  // blank or unstyled failure page does not, nor does it show a hundred distinct colours.
  CHECK(pixels.non_white_share > 0.10);
  CHECK(pixels.colours > 100);
  CHECK(pixels.near(0x00, 0x72, 0xB2) > 1000);  // Okabe-Ito blue: median lines and bars
  CHECK(pixels.near(0xD5, 0x5E, 0x00) > 100);   // vermillion: the "likely missed" marks
  CHECK(pixels.near(0x00, 0x9E, 0x73) > 100);   // green: the "likely met" mark
  if (const char* copy_to = std::getenv("SMESIM_REPORT_SCREENSHOT"); copy_to != nullptr && *copy_to != '\0')
    fs::copy_file(png, copy_to, fs::copy_options::overwrite_existing);

  const fs::path pdf = fs::path(dir.path) / "report.pdf";
  const BrowserRun print = run_chromium(report, "--no-pdf-header-footer --print-to-pdf=" + pdf.string());
  REQUIRE(print.exit_code == 0);
  REQUIRE(fs::exists(pdf));
  std::ifstream in(pdf, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  CHECK(head == "%PDF-");
  CHECK(fs::file_size(pdf) > 50'000);
}

TEST_CASE(
    "The reports of a sweep, a comparison, a solve and a sensitivity analysis render in headless Chromium",
    "[browser]") {
  require_chromium();
  TempFolder dir("browser-experiments");
  write_text(fs::path(dir.path) / "sweep.yaml",
             "name: s\nscenario: default\nreplications: 8\ndesign: grid\n"
             "parameters:\n  programme.budget_thb: {from: 100000000, to: 300000000, steps: 3}\n");
  write_text(fs::path(dir.path) / "compare.yaml",
             "name: c\nscenario: default\nreplications: 8\nbaseline: broad\nvariants:\n  broad: {}\n"
             "  laggards: {agencies.*.strategy.mentoring.targeting: laggards}\n");
  write_text(
      fs::path(dir.path) / "solve.yaml",
      "name: v\nscenario: default\nreplications: 8\nparameter: programme.budget_thb\n"
      "range: [10000000, 400000000]\ntarget: cost_reduction_thb\nprobability: 0.8\ntolerance: 50000000\n");
  write_text(
      fs::path(dir.path) / "sens.yaml",
      "name: m\nscenario: default\nreplications: 4\nmethod: morris\nbase_points: 2\nkpis: [developed]\n"
      "parameters:\n  dynamics.learning_rate: [0.02, 0.10]\n  dynamics.dropout.base_per_year: [0.15, 0.5]\n");
  struct Case {
    std::string command, folder;
    std::vector<std::string> charts;
    std::string section;
  };
  const std::vector<Case> cases{
      {"sweep sweep.yaml",
       "sweep",
       {"sweep-p-met-programme.budget_thb", "sweep-developed-programme.budget_thb",
        "sweep-expanded-programme.budget_thb", "sweep-cost_reduction_thb-programme.budget_thb"},
       "sweep"},
      {"compare compare.yaml",
       "compare",
       {"forest-developed", "forest-expanded", "forest-cost_reduction_thb", "p-best"},
       "compare"},
      {"solve solve.yaml", "solve", {"solve-curve"}, "solve"},
      {"sensitivity sens.yaml", "sens", {"morris-developed"}, "sensitivity"},
  };
  for (const auto& c : cases) {
    INFO(c.command);
    const CommandResult r = smesim_in(dir.path, c.command + " --quiet --report --out " + c.folder);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string dom = load_dom(fs::path(dir.path) / c.folder / "report.html");
    require_in_dom(dom, c.charts, {c.section, "assumptions", "provenance"});
    require_clean_layout(fs::path(dir.path) / c.folder / "report.html");
  }
}
