// `report.html` end to end: real results folders of run, sweep, compare, solve and
// sensitivity made by the built binary with `--report`, each chart's data checked against the
// CSV and JSON files beside it, `smesim report` reproducing the same bytes, provenance in the
// experiments' manifests, and bad folders refused with exit code 2 and nothing written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/report/drivers_section.hpp"
#include "io/report/target_status.hpp"
#include "support/experiment_support.hpp"
#include "support/html_probe.hpp"

namespace fs = std::filesystem;
namespace html = smesim::test::html;
using nlohmann::json;
using namespace smesim::test;

namespace {

// The default programme with 30-member networks (1,620 SMEs) and a tenth of its budget:
// fast, with development that varies across replications and parameters; a development
// target within reach so P(met) is neither always 0 nor always 1.
const char* const kSmall =
    "extends: default\nname: small\nprogramme: {budget_thb: 30000000}\n"
    "networks: {generate: {members: 30}, list: ~}\ntargets: {developed_smes: 1000}\n";

// The three targets: key in summary.json, final KPI, monthly series, fan chart id.
struct Target {
  const char* target;
  const char* kpi;
  const char* series;
};
constexpr Target kTargets[] = {{"developed_smes", "developed", "developed"},
                               {"expanded_smes", "expanded", "expanded"},
                               {"cost_reduction_thb", "cost_reduction_thb", "cost_reduction_cum_thb"}};

// A CSV file smesim wrote (no quoted fields in the files used here).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  explicit Csv(const fs::path& path) {
    std::istringstream in(read_text(path));
    std::string line;
    std::getline(in, line);
    header = split_csv(line);
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      rows.push_back(split_csv(line));
      REQUIRE(rows.back().size() == header.size());
    }
  }
  [[nodiscard]] std::size_t index(const std::string& column) const {
    const auto it = std::find(header.begin(), header.end(), column);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
  [[nodiscard]] const std::string& text(std::size_t row, const std::string& column) const {
    return rows.at(row).at(index(column));
  }
  [[nodiscard]] double number(std::size_t row, const std::string& column) const {
    return html::numbers(text(row, column)).at(0);
  }
  /// A column's numbers over the given rows (all rows when empty).
  [[nodiscard]] std::vector<double> numbers(const std::string& column,
                                            std::vector<std::size_t> which = {}) const {
    if (which.empty()) {
      which.resize(rows.size());
      std::iota(which.begin(), which.end(), 0);
    }
    std::vector<double> out;
    for (const auto r : which) out.push_back(number(r, column));
    return out;
  }
  /// Rows whose `column` is `value`, in file order.
  [[nodiscard]] std::vector<std::size_t> where(const std::string& column, const std::string& value) const {
    std::vector<std::size_t> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (text(r, column) == value) out.push_back(r);
    return out;
  }
};

json read_json_file(const fs::path& path) { return json::parse(read_text(path)); }

double number_attribute(const std::string& tag, const std::string& name) {
  bool found = false;
  const auto values = html::numbers(html::attribute(tag, name, &found));
  INFO(tag << " " << name);
  REQUIRE(found);
  REQUIRE(values.size() == 1);
  return values[0];
}

// `a` and `b` hold the same numbers (NaN equal to NaN), with both shown on failure.
#define CHECK_SAME(a, b)                                                                     \
  do {                                                                                       \
    const auto check_same_a = (a);                                                           \
    const auto check_same_b = (b);                                                           \
    INFO(#a " = " << html::show(check_same_a) << "\n" #b " = " << html::show(check_same_b)); \
    CHECK(html::same_numbers(check_same_a, check_same_b));                                   \
  } while (false)

// What every report must be, whatever made it: one self-contained, well-formed page whose
// charts have axes with numeric ticks and finite geometry.
void check_page(const std::string& page, const std::vector<std::string>& sections) {
  REQUIRE(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.size() > 1000);
  CHECK(page.compare(page.size() - 8, 8, "</html>\n") == 0);
  // Nothing fetched from elsewhere: it opens offline and cannot leak who reads it.
  for (const char* outside : {"src=\"http", "src='http", "href=\"http", "href='http", "<link", "@import",
                              "url(", "<img", "<iframe", "<object", "<embed", "<script src"}) {
    INFO(outside);
    CHECK(html::count(page, outside) == 0);
  }
  CHECK(html::count(page, "<script") == 1);
  for (const auto& [open, close] :
       std::vector<std::pair<std::string, std::string>>{{"<section", "</section>"},
                                                        {"<svg", "</svg>"},
                                                        {"<table", "</table>"},
                                                        {"<figure>", "</figure>"},
                                                        {"<tr", "</tr>"}}) {
    INFO(open);
    CHECK(html::count(page, open) == html::count(page, close));
  }
  for (const auto& id : sections) {
    INFO("section " << id);
    CHECK_FALSE(html::section(page, id).empty());
    CHECK(html::count(page, "<a href=\"#" + id + "\">") == 1);  // in the contents
  }
  CHECK(html::count(page, "<section ") == sections.size());

  const auto ids = html::chart_ids(page);
  CHECK_FALSE(ids.empty());
  const std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());
  static const std::regex geometry(R"re( (?:x|y|x1|x2|y1|y2|cx|cy|width|height|d)="([^"]*)")re");
  static const std::regex finite(R"re(^[MLHVZ0-9., -]*$)re");
  static const std::regex number_label(R"re(^-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$)re");
  for (const auto& id : ids) {
    INFO("chart " << id);
    const std::string svg = html::chart(page, id);
    REQUIRE_FALSE(svg.empty());
    CHECK(html::count(svg, "<g") == html::count(svg, "</g>"));
    CHECK_FALSE(html::series_names(svg).empty());
    const std::string x_axis = html::axis(svg, "x"), y_axis = html::axis(svg, "y");
    REQUIRE_FALSE(x_axis.empty());
    REQUIRE_FALSE(y_axis.empty());
    CHECK_FALSE(html::attribute(x_axis, "data-title").empty());
    const auto x_ticks = html::ticks(x_axis);
    CHECK(x_ticks.size() >= 2);
    for (const auto* group : {&x_axis, &y_axis})
      for (const auto& tick : html::ticks(*group)) {
        INFO("tick " << tick.value << " \"" << tick.label << "\"");
        CHECK(std::isfinite(tick.value));
        CHECK(std::regex_match(tick.label, number_label));
      }
    // Either numeric y ticks or categories.
    CHECK((html::ticks(y_axis).size() >= 2) != (html::categories(svg).size() >= 1));
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), geometry); it != std::sregex_iterator();
         ++it) {
      INFO((*it)[0].str());
      CHECK(std::regex_match((*it)[1].str(), finite));
    }
  }
}

// The tick labels of a money axis are millions of the tick values.
void check_millions_axis(const std::string& axis_group) {
  for (const auto& tick : html::ticks(axis_group)) {
    std::string digits;
    for (const char c : tick.label)
      if (c != ',') digits += c;
    INFO(tick.value << " " << tick.label);
    CHECK(std::stod(digits) * 1e6 == Approx(tick.value).margin(1e-6));
  }
}

// The words follow the Wilson interval, not the estimate (io/report/target_status.hpp).
std::string status_class(const json& target) {
  const double lo = target.at("ci95").at(0).get<double>(), hi = target.at("ci95").at(1).get<double>();
  return lo >= 0.8 ? "met" : hi < 0.2 ? "missed" : "at-risk";
}

// The dd of provenance with this data-key, unescaped.
std::string provenance_value(const std::string& page, const std::string& key) {
  const std::string prov = html::section(page, "provenance");
  const std::string tag = "<dd data-key=\"" + key + "\">";
  const std::size_t at = prov.find(tag);
  if (at == std::string::npos) return "(missing)";
  const std::size_t begin = at + tag.size();
  return html::unescape(prov.substr(begin, prov.find("</dd>", begin) - begin));
}

// An experiment's manifest records what it ran on, and its report shows it.
void check_experiment_provenance(const fs::path& folder, const std::string& page) {
  const json manifest = read_json_file(folder / "manifest.json");
  INFO(manifest.dump().substr(0, 600));
  REQUIRE(manifest.contains("version"));
  REQUIRE(manifest.contains("git_revision"));
  REQUIRE(manifest.contains("scenario_hash"));
  REQUIRE(manifest.contains("scenario"));
  CHECK_FALSE(manifest.at("version").get<std::string>().empty());
  CHECK_FALSE(manifest.at("git_revision").get<std::string>().empty());
  CHECK(std::regex_match(manifest.at("scenario_hash").get<std::string>(), std::regex("^[0-9a-f]{16}$")));
  const json& scenario = manifest.at("scenario");
  REQUIRE(scenario.is_object());
  CHECK(scenario.at("name") == "small");
  CHECK(scenario.at("networks").at("generate").at("members") == 30);
  CHECK(scenario.at("seed") == manifest.at("seed"));
  CHECK(scenario.contains("agencies"));
  CHECK(provenance_value(page, "version") == manifest.at("version").get<std::string>());
  CHECK(provenance_value(page, "git_revision") == manifest.at("git_revision").get<std::string>());
  CHECK(provenance_value(page, "scenario_hash") == manifest.at("scenario_hash").get<std::string>());
  CHECK(provenance_value(page, "seed") == manifest.at("seed").dump());
}

// Runs an experiment command with --report in `dir` and returns the folder it wrote.
fs::path run_experiment(const TempFolder& dir, const std::string& command, const std::string& file,
                        const std::string& yaml, const std::string& out) {
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / file, yaml);
  const auto r = smesim_in(dir.path, command + " " + file + " --quiet --report --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path folder = fs::path(dir.path) / out;
  REQUIRE(fs::exists(folder / "report.html"));
  CHECK(r.out.find("Report: " + (fs::path(out) / "report.html").string()) != std::string::npos);
  return folder;
}

// `smesim report FOLDER` rewrites the report the command wrote, byte for byte.
void check_report_reproduced(const TempFolder& dir, const fs::path& folder) {
  const std::string first = read_text(folder / "report.html");
  const auto r = smesim_in(dir.path, "report '" + folder.string() + "' --out again.html");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_text(fs::path(dir.path) / "again.html") == first);
}

// Indices that sort `values` ascending, ties in file order.
std::vector<std::size_t> ascending(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
  return order;
}

std::vector<double> pick(const std::vector<double>& values, const std::vector<std::size_t>& order) {
  std::vector<double> out;
  for (const auto i : order) out.push_back(values[i]);
  return out;
}

// A forecast of the built-in programme (its 54 networks and priors) with its report.
struct RunFolder {
  TempFolder dir{"report-run"};
  fs::path folder;
  std::string page;
  RunFolder() {
    const auto r = smesim_in(dir.path, "run --reps 24 --seed 7 --quiet --out out --report");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    folder = fs::path(dir.path) / "out";
    REQUIRE(fs::exists(folder / "report.html"));
    CHECK(r.out.find("Report: ") != std::string::npos);
    page = read_text(folder / "report.html");
  }
};

}  // namespace

TEST_CASE("a run's report is one self-contained page with every section", "[io][report][cli]") {
  const RunFolder run;
  check_page(run.page,
             {"headline", "trajectories", "agencies", "clusters", "drivers", "assumptions", "provenance"});
  CHECK(run.page.find("<title>smesim forecast: osmep-2015</title>") != std::string::npos);
  for (const char* id :
       {"budget", "fan-developed", "fan-expanded", "fan-cost_reduction_thb", "agencies-developed",
        "agencies-expanded", "agencies-cost_reduction_thb", "agencies-spent_thb", "drivers-developed",
        "drivers-expanded", "drivers-cost_reduction_thb"}) {
    INFO(id);
    CHECK_FALSE(html::chart(run.page, id).empty());
  }
  // No partial or temporary file is left beside the results.
  for (const auto& entry : fs::directory_iterator(run.folder)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK(name.find("report") == (name == "report.html" ? 0 : std::string::npos));
  }
}

TEST_CASE("a target's words follow P(met)'s interval, so Monte Carlo noise does not flip them",
          "[io][report]") {
  using smesim::detail::report::classify_target;
  using smesim::detail::report::TargetStatus;
  // 0.81 and 0.79 from 1,000 replications (Wilson intervals): the same words.
  CHECK(classify_target(0.785, 0.833) == TargetStatus::at_risk);
  CHECK(classify_target(0.764, 0.814) == TargetStatus::at_risk);
  CHECK(classify_target(0.936, 0.962) == TargetStatus::met);
  CHECK(classify_target(0.0, 0.004) == TargetStatus::missed);
  CHECK(classify_target(0.16, 0.21) == TargetStatus::at_risk);
}

TEST_CASE("a run's report shows summary.json's targets, P(met) and budget", "[io][report][cli]") {
  const RunFolder run;
  const json summary = read_json_file(run.folder / "summary.json");
  const std::string headline = html::section(run.page, "headline");
  for (const auto& t : kTargets) {
    INFO(t.target);
    const std::string card = html::tag_with(headline, std::string("data-target=\"") + t.target + "\"");
    REQUIRE_FALSE(card.empty());
    const double p = summary.at("targets").at(t.target).at("probability_met").get<double>();
    CHECK(number_attribute(card, "data-median") == summary.at("kpis").at(t.kpi).at("p50").get<double>());
    CHECK(number_attribute(card, "data-p-met") == p);
    CHECK(html::attribute(card, "class") == "card " + status_class(summary.at("targets").at(t.target)));
  }
  const std::string all = html::tag_with(headline, "data-target=\"all\"");
  const double p_all = summary.at("targets").at("all").at("probability_met").get<double>();
  CHECK(number_attribute(all, "data-p-met") == p_all);
  CHECK(html::attribute(all, "class") == "card " + status_class(summary.at("targets").at("all")));
  CHECK(html::count(headline, "class=\"card ") == 4);

  const std::string budget = html::tag_with(headline, "data-budget=");
  const auto p50 = [&](const json& node) { return node.at("p50").get<double>(); };
  CHECK(number_attribute(budget, "data-budget") == p50(summary.at("budget").at("budget_thb")));
  CHECK(number_attribute(budget, "data-spent") == p50(summary.at("kpis").at("spent_thb")));
  CHECK(number_attribute(budget, "data-not-spent") == p50(summary.at("budget").at("not_spent_thb")));
  const std::string chart = html::chart(run.page, "budget");
  CHECK(html::categories(chart) == std::vector<std::string>{"Budget", "Given to agencies",
                                                            "Spent by agencies", "Not spent", "Overhead"});
  const json* parts[] = {&summary.at("budget").at("budget_thb"), &summary.at("budget").at("allocation_thb"),
                         &summary.at("kpis").at("spent_thb"), &summary.at("budget").at("not_spent_thb"),
                         &summary.at("budget").at("overhead_thb")};
  std::vector<double> median, lo, hi;
  for (const json* part : parts) {
    median.push_back(part->at("p50").get<double>());
    lo.push_back(part->at("p5").get<double>());
    hi.push_back(part->at("p95").get<double>());
  }
  CHECK_SAME(html::series_data(chart, "median", "data-x"), median);
  CHECK_SAME(html::series_data(chart, "median", "data-lo"), lo);
  CHECK_SAME(html::series_data(chart, "median", "data-hi"), hi);
  CHECK(html::attribute(html::axis(chart, "x"), "data-title") == "M THB");
  check_millions_axis(html::axis(chart, "x"));
}

TEST_CASE("a run's report has fan charts that plot timeseries_summary.csv month by month with the target",
          "[io][report][cli]") {
  const RunFolder run;
  const json summary = read_json_file(run.folder / "summary.json");
  const Csv ts(run.folder / "timeseries_summary.csv");
  const int horizon = summary.at("horizon_months").get<int>();
  for (const auto& t : kTargets) {
    INFO(t.kpi);
    const std::string svg = html::chart(run.page, std::string("fan-") + t.kpi);
    REQUIRE_FALSE(svg.empty());
    // The KPI's rows in month order (the file is month-major, so sort to be sure).
    auto rows = ts.where("kpi", t.series);
    REQUIRE(rows.size() == static_cast<std::size_t>(horizon));
    const auto months = ts.numbers("month", rows);
    rows = [&] {
      std::vector<std::size_t> sorted;
      for (const auto i : ascending(months)) sorted.push_back(rows[i]);
      return sorted;
    }();
    std::vector<double> month_end;  // month m (0-based) is plotted at the end of month m + 1
    for (const double m : ts.numbers("month", rows)) month_end.push_back(m + 1);

    CHECK(html::series_of_kind(svg, "band") == std::vector<std::string>{"90% band", "50% band"});
    CHECK(html::series_of_kind(svg, "line") == std::vector<std::string>{"median"});
    CHECK(html::series_of_kind(svg, "target") == std::vector<std::string>{"target"});
    const auto window = html::series_of_kind(svg, "vline");  // the end of the target window
    REQUIRE(window.size() == 1);
    CHECK_SAME(html::series_data(svg, "median", "data-x"), month_end);
    CHECK_SAME(html::series_data(svg, "median", "data-y"), ts.numbers("p50", rows));
    CHECK_SAME(html::series_data(svg, "50% band", "data-x"), month_end);
    CHECK_SAME(html::series_data(svg, "50% band", "data-lo"), ts.numbers("p25", rows));
    CHECK_SAME(html::series_data(svg, "50% band", "data-hi"), ts.numbers("p75", rows));
    CHECK_SAME(html::series_data(svg, "90% band", "data-lo"), ts.numbers("p5", rows));
    CHECK_SAME(html::series_data(svg, "90% band", "data-hi"), ts.numbers("p95", rows));
    const double goal = summary.at("targets").at(t.target).at("target").get<double>();
    CHECK_SAME(html::series_data(svg, "target", "data-y"), std::vector<double>{goal});
    CHECK_SAME(html::series_data(svg, window[0], "data-x"),
               std::vector<double>{summary.at("window_months").get<double>()});
    // The last month's median is the final KPI's median in summary.json (the cumulative
    // series counts what is credited within the window, as the KPI does). The two are sums of
    // the same credits in different orders (month by month; cluster, agency, programme), so
    // in THB they agree only to rounding: each of the ~10^4 additions errs by half an ulp of
    // the running sum at most, a relative 10^4 x 1.1e-16 = 1.1e-12; counts agree exactly.
    CHECK(ts.numbers("p50", rows).back() ==
          Approx(summary.at("kpis").at(t.kpi).at("p50").get<double>()).epsilon(2e-12).margin(0));
    // The y axis reaches the target and the top of the 90% band; the x axis the last month.
    const auto p95 = ts.numbers("p95", rows);
    const auto y_ticks = html::ticks(html::axis(svg, "y")), x_ticks = html::ticks(html::axis(svg, "x"));
    REQUIRE(y_ticks.size() >= 2);
    CHECK(y_ticks.front().value <= 0);
    CHECK(y_ticks.back().value >= std::max(goal, *std::max_element(p95.begin(), p95.end())));
    CHECK(x_ticks.back().value >= horizon);
    if (std::string(t.kpi) == "cost_reduction_thb") check_millions_axis(html::axis(svg, "y"));
  }
}

TEST_CASE("a run's report has agency charts and tables that show agencies.csv and clusters.csv",
          "[io][report][cli]") {
  const RunFolder run;
  const Csv agencies(run.folder / "agencies.csv");
  std::vector<std::string> names;
  for (std::size_t r = 0; r < agencies.rows.size(); ++r)
    if (std::find(names.begin(), names.end(), agencies.text(r, "agency")) == names.end())
      names.push_back(agencies.text(r, "agency"));
  REQUIRE(names.size() == 9);
  const auto column = [&](const std::string& kpi, const std::string& stat) {
    std::vector<double> v;
    for (const auto& a : names) {
      std::size_t found = 0, row = 0;
      for (const auto r : agencies.where("agency", a))
        if (agencies.text(r, "kpi") == kpi) ++found, row = r;
      REQUIRE(found == 1);
      v.push_back(agencies.number(row, stat));
    }
    return v;
  };
  for (const char* kpi : {"developed", "expanded", "cost_reduction_thb", "spent_thb"}) {
    INFO(kpi);
    const std::string svg = html::chart(run.page, std::string("agencies-") + kpi);
    REQUIRE_FALSE(svg.empty());
    CHECK(html::categories(svg) == names);
    CHECK_SAME(html::series_data(svg, "median", "data-x"), column(kpi, "p50"));
    CHECK_SAME(html::series_data(svg, "median", "data-lo"), column(kpi, "p5"));
    CHECK_SAME(html::series_data(svg, "median", "data-hi"), column(kpi, "p95"));
  }
  CHECK_SAME(html::series_data(html::chart(run.page, "agencies-spent_thb"), "allocation", "data-x"),
             column("allocation_thb", "p50"));

  const auto agency_rows = html::body_cells(html::table(run.page, "agency-table"));
  REQUIRE(agency_rows.size() == names.size());
  const auto developed = column("developed", "p50");
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(html::unescape(agency_rows[i][0].html) == names[i]);
    CHECK(number_attribute(agency_rows[i][3].tag, "data-sort") == developed[i]);
  }

  const Csv clusters(run.folder / "clusters.csv");
  REQUIRE(clusters.rows.size() == 54);
  const auto cluster_rows = html::body_cells(html::table(run.page, "cluster-table"));
  REQUIRE(cluster_rows.size() == clusters.rows.size());
  for (std::size_t r = 0; r < clusters.rows.size(); ++r) {
    INFO("cluster row " << r);
    REQUIRE(cluster_rows[r].size() == 10);
    CHECK(html::unescape(cluster_rows[r][0].html) == clusters.text(r, "cluster"));
    CHECK(html::unescape(cluster_rows[r][1].html) == clusters.text(r, "agency"));
    CHECK(html::unescape(cluster_rows[r][3].html) == clusters.text(r, "province_group"));
    CHECK(number_attribute(cluster_rows[r][4].tag, "data-sort") == clusters.number(r, "members_mean"));
    CHECK(number_attribute(cluster_rows[r][5].tag, "data-sort") == clusters.number(r, "developed_p50"));
    CHECK(number_attribute(cluster_rows[r][9].tag, "data-sort") == clusters.number(r, "trust_end_p50"));
  }
  // Province groups: one row per group, their networks adding up to all networks.
  std::set<std::string> groups;
  for (std::size_t r = 0; r < clusters.rows.size(); ++r) groups.insert(clusters.text(r, "province_group"));
  const auto group_rows = html::body_cells(html::table(run.page, "province-table"));
  REQUIRE(group_rows.size() == groups.size());
  double networks = 0;
  for (const auto& row : group_rows) {
    CHECK(groups.count(html::unescape(row[0].html)) == 1);
    networks += number_attribute(row[1].tag, "data-sort");
  }
  CHECK(networks == 54);
}

TEST_CASE("a run's report shows its assumptions and provenance, and smesim report rewrites it byte for byte",
          "[io][report][cli]") {
  const RunFolder run;
  const json manifest = read_json_file(run.folder / "manifest.json");
  const std::string assumptions = html::section(run.page, "assumptions");
  // A prior is shown as written, marked as a prior and as an assumption of docs/model.md.
  REQUIRE(manifest.at("scenario").at("dynamics").at("learning_rate") ==
          json::parse(R"({"uniform": [0.02, 0.1]})"));
  const std::string learning = html::tag_with(assumptions, "<tr data-parameter=\"dynamics.learning_rate\">");
  REQUIRE_FALSE(learning.empty());
  const std::size_t row_at = assumptions.find("<tr data-parameter=\"dynamics.learning_rate\">");
  const std::string row = assumptions.substr(row_at, assumptions.find("</tr>", row_at) - row_at);
  CHECK(row.find("uniform(0.02, 0.1)") != std::string::npos);
  CHECK(row.find("prior") != std::string::npos);
  CHECK(row.find("class=\"assumption\"") != std::string::npos);
  // A measured value has no mark: the approved budget, grouped.
  const std::size_t budget_at = assumptions.find("<tr data-parameter=\"programme.budget_thb\">");
  REQUIRE(budget_at != std::string::npos);
  const std::string budget_row =
      assumptions.substr(budget_at, assumptions.find("</tr>", budget_at) - budget_at);
  CHECK(budget_row.find("<td>309,000,000</td>") != std::string::npos);
  CHECK(budget_row.find("class=\"assumption\"") == std::string::npos);
  // Every agency of the resolved scenario has a column of its strategy.
  const std::string agency_table = html::table(assumptions, "agency-parameter-table");
  for (const auto& agency : manifest.at("scenario").at("agencies")) {
    INFO(agency.at("id"));
    CHECK(agency_table.find("<th>" + agency.at("id").get<std::string>() + "</th>") != std::string::npos);
  }

  for (const char* key : {"version", "git_revision", "scenario_hash", "scenario_name", "finished_utc"}) {
    INFO(key);
    CHECK(provenance_value(run.page, key) == manifest.at(key).get<std::string>());
  }
  CHECK(provenance_value(run.page, "seed") == "7");
  CHECK(provenance_value(run.page, "replications") == "24");
  CHECK(provenance_value(run.page, "scenario_source") == manifest.at("scenario_source").get<std::string>());

  // The report is a function of the folder's files alone: written in the staging folder by
  // --report or afterwards by `smesim report`, in place or elsewhere, it is the same.
  const std::string first = run.page;
  const auto again = smesim_in(run.dir.path, "report out");
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("Report: out/report.html") != std::string::npos);
  CHECK(read_text(run.folder / "report.html") == first);
  check_report_reproduced(run.dir, run.folder);
}

// The default programme's six priors over 24 replications: enough for partial rank correlations
// (k + 4 = 10). Each output's sentence is the rule of docs/report.md applied to summary.json, and
// each KPI's chart plots its PRCCs and intervals in the order summary.json lists them.
TEST_CASE("a run's report says what drives the result, from summary.json's drivers", "[io][report][cli]") {
  const RunFolder run;
  const json summary = read_json_file(run.folder / "summary.json");
  const json& drivers = summary.at("drivers");
  const std::string section = html::section(run.page, "drivers");
  REQUIRE_FALSE(section.empty());
  CHECK(section.find("What drives the result") != std::string::npos);
  REQUIRE(drivers.at("outputs").size() == 7);
  for (const auto& [key, entry] : drivers.at("outputs").items()) {
    INFO(key);
    const std::string open = "<li data-output=\"" + key + "\">";
    const std::size_t at = section.find(open);
    REQUIRE(at != std::string::npos);
    const std::size_t begin = at + open.size();
    const std::string words = html::unescape(section.substr(begin, section.find("</li>", begin) - begin));
    CHECK(words == smesim::detail::report::drivers_sentence(key, drivers, summary));
    // A parameter is named only when its interval excludes 0.
    for (const auto& p : entry.at("parameters")) {
      const auto& ci = p.at("prcc_ci95");
      const bool excludes =
          ci.at(0).is_number() && (ci.at(0).get<double>() > 0 || ci.at(1).get<double>() < 0);
      INFO(p.dump());
      if (!excludes) CHECK(words.find(p.at("parameter").get<std::string>() + " (") == std::string::npos);
    }
  }
  for (const char* key : {"developed", "expanded", "cost_reduction_thb"}) {
    INFO(key);
    const json& entry = drivers.at("outputs").at(key);
    const std::string svg = html::chart(run.page, std::string("drivers-") + key);
    REQUIRE_FALSE(svg.empty());
    std::vector<double> prcc, lo, hi;
    std::vector<std::string> names;
    for (const auto& p : entry.at("parameters")) {
      names.push_back(p.at("parameter").get<std::string>());
      prcc.push_back(p.at("prcc").get<double>());
      lo.push_back(p.at("prcc_ci95").at(0).get<double>());
      hi.push_back(p.at("prcc_ci95").at(1).get<double>());
    }
    CHECK(html::categories(svg) == names);
    CHECK_SAME(html::series_data(svg, "PRCC", "data-x"), prcc);
    CHECK_SAME(html::series_data(svg, "PRCC", "data-lo"), lo);
    CHECK_SAME(html::series_data(svg, "PRCC", "data-hi"), hi);
  }
  CHECK(html::body_rows(html::table(section, "drivers-table")) == 7 * 6);

  // A folder written before runs reported their drivers: the report has no such section.
  json old = summary;
  old.erase("drivers");
  write_text(run.folder / "summary.json", old.dump(2) + "\n");
  const auto r = smesim_in(run.dir.path, "report out --out old.html");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string page = read_text(fs::path(run.dir.path) / "old.html");
  CHECK(html::section(page, "drivers").empty());
  CHECK_FALSE(html::section(page, "headline").empty());
}

TEST_CASE("a sweep's report plots points.csv against the swept budget", "[io][report][cli]") {
  TempFolder dir("report-sweep");
  // Values out of order, so the charts must sort them while points.csv keeps file order.
  const fs::path folder =
      run_experiment(dir, "sweep", "sweep.yaml",
                     "name: report-sweep\nscenario: small.yaml\nreplications: 10\nseed: 5\n"
                     "parameters:\n  programme.budget_thb: [50000000, 10000000, 30000000]\n",
                     "sweep");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"sweep", "assumptions", "provenance"});
  const Csv points(folder / "points.csv");
  REQUIRE(points.rows.size() == 3);
  const auto budget = points.numbers("programme.budget_thb");
  CHECK(budget == std::vector<double>{50000000, 10000000, 30000000});
  const auto order = ascending(budget);
  const std::vector<double> x{10000000, 30000000, 50000000};

  const std::string p_chart = html::chart(page, "sweep-p-met-programme.budget_thb");
  REQUIRE_FALSE(p_chart.empty());
  CHECK_SAME(html::series_data(p_chart, "P(all three met)", "data-x"), x);
  CHECK_SAME(html::series_data(p_chart, "P(all three met)", "data-y"),
             pick(points.numbers("p_met_all"), order));
  CHECK_SAME(html::series_data(p_chart, "P(all) 95% CI", "data-lo"),
             pick(points.numbers("p_met_all_ci95_lo"), order));
  CHECK_SAME(html::series_data(p_chart, "P(all) 95% CI", "data-hi"),
             pick(points.numbers("p_met_all_ci95_hi"), order));
  for (const auto& t : kTargets)
    CHECK_SAME(html::series_data(p_chart, std::string("P(") + t.kpi + ")", "data-y"),
               pick(points.numbers(std::string("p_met_") + t.target), order));
  // P(developed) rises with the budget here (it is not 0 everywhere: the chart shows something).
  const auto p_dev = html::series_data(p_chart, "P(developed)", "data-y");
  REQUIRE(p_dev.size() == 3);
  CHECK(p_dev.back() > p_dev.front());
  const auto p_ticks = html::ticks(html::axis(p_chart, "y"));
  CHECK(p_ticks.front().value == 0);
  CHECK(p_ticks.back().value == 1);
  CHECK(html::attribute(html::axis(p_chart, "x"), "data-title") == "programme.budget_thb (M THB)");
  check_millions_axis(html::axis(p_chart, "x"));

  const json manifest = read_json_file(folder / "manifest.json");
  for (const auto& t : kTargets) {
    INFO(t.kpi);
    const std::string svg = html::chart(page, std::string("sweep-") + t.kpi + "-programme.budget_thb");
    REQUIRE_FALSE(svg.empty());
    const std::string kpi = t.kpi;
    CHECK_SAME(html::series_data(svg, "median", "data-x"), x);
    CHECK_SAME(html::series_data(svg, "median", "data-y"), pick(points.numbers(kpi + "_p50"), order));
    CHECK_SAME(html::series_data(svg, "90% band", "data-lo"), pick(points.numbers(kpi + "_p5"), order));
    CHECK_SAME(html::series_data(svg, "90% band", "data-hi"), pick(points.numbers(kpi + "_p95"), order));
    const double goal = manifest.at("scenario").at("targets").at(t.target).get<double>();
    CHECK_SAME(html::series_data(svg, "target", "data-y"), std::vector<double>{goal});
  }
  CHECK_SAME(html::series_data(html::chart(page, "sweep-developed-programme.budget_thb"), "target", "data-y"),
             std::vector<double>{1000});  // small.yaml's target

  const auto table_rows = html::body_cells(html::table(page, "sweep-table"));
  REQUIRE(table_rows.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) {
    CHECK(number_attribute(table_rows[r][1].tag, "data-sort") == budget[r]);
    CHECK(number_attribute(table_rows[r].back().tag, "data-sort") == points.number(r, "p_met_all"));
  }

  check_experiment_provenance(folder, page);
  // The scenario hash is the one a run of the same scenario (seed and replications as in the
  // sweep) records.
  const auto run = smesim_in(dir.path, "run small.yaml --seed 5 --reps 10 --quiet --out same");
  REQUIRE(run.exit_code == 0);
  CHECK(read_json_file(fs::path(dir.path) / "same" / "manifest.json").at("scenario_hash") ==
        manifest.at("scenario_hash"));
  CHECK(read_json_file(fs::path(dir.path) / "same" / "manifest.json").at("scenario") ==
        manifest.at("scenario"));
  check_report_reproduced(dir, folder);
}

TEST_CASE("the report of a sweep over two parameters, one a choice, plots each point with its interval",
          "[io][report][cli]") {
  TempFolder dir("report-sweep2");
  const fs::path folder =
      run_experiment(dir, "sweep", "sweep.yaml",
                     "name: report-sweep2\nscenario: small.yaml\nreplications: 4\nseed: 5\n"
                     "parameters:\n  programme.budget_thb: [30000000, 10000000]\n"
                     "  agencies.*.strategy.mentoring.targeting: [broad, laggards]\n",
                     "sweep");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"sweep", "assumptions", "provenance"});
  const Csv points(folder / "points.csv");
  REQUIRE(points.rows.size() == 4);
  const auto budget = points.numbers("programme.budget_thb");
  const auto order = ascending(budget);

  const std::string by_budget = html::chart(page, "sweep-p-met-programme.budget_thb");
  const std::string name = "P(all three met), 95% CI";
  CHECK(html::attribute(html::series_tag(by_budget, name), "data-kind") == "points");
  CHECK_SAME(html::series_data(by_budget, name, "data-x"), pick(budget, order));
  CHECK_SAME(html::series_data(by_budget, name, "data-y"), pick(points.numbers("p_met_all"), order));
  CHECK_SAME(html::series_data(by_budget, name, "data-lo"), pick(points.numbers("p_met_all_ci95_lo"), order));
  CHECK_SAME(html::series_data(by_budget, name, "data-hi"), pick(points.numbers("p_met_all_ci95_hi"), order));
  const std::string dev = html::chart(page, "sweep-developed-programme.budget_thb");
  const std::string dev_name = "median, 90% interval";
  CHECK_SAME(html::series_data(dev, dev_name, "data-y"), pick(points.numbers("developed_p50"), order));
  CHECK_SAME(html::series_data(dev, dev_name, "data-lo"), pick(points.numbers("developed_p5"), order));
  CHECK_SAME(html::series_data(dev, dev_name, "data-hi"), pick(points.numbers("developed_p95"), order));

  // A choice has no numeric value: its points sit at their point number.
  const std::string by_choice = html::chart(page, "sweep-p-met-agencies.*.strategy.mentoring.targeting");
  REQUIRE_FALSE(by_choice.empty());
  CHECK_SAME(html::series_data(by_choice, name, "data-x"), (std::vector<double>{0, 1, 2, 3}));
  CHECK_SAME(html::series_data(by_choice, name, "data-y"), points.numbers("p_met_all"));
  CHECK(html::attribute(html::axis(by_choice, "x"), "data-title").find("point number") != std::string::npos);
  const auto table_rows = html::body_cells(html::table(page, "sweep-table"));
  REQUIRE(table_rows.size() == 4);
  for (std::size_t r = 0; r < 4; ++r)
    CHECK(html::unescape(table_rows[r][2].html) == points.text(r, "agencies.*.strategy.mentoring.targeting"));
  check_report_reproduced(dir, folder);
}

TEST_CASE("a comparison's report plots comparison.csv's paired differences and P(best)",
          "[io][report][cli]") {
  TempFolder dir("report-compare");
  // The baseline is not the first variant: the forest plots list the others in file order.
  const fs::path folder = run_experiment(
      dir, "compare", "compare.yaml",
      "name: report-compare\nscenario: small.yaml\nreplications: 8\nseed: 11\nbaseline: as-is\nvariants:\n"
      "  laggards: {agencies.*.strategy.mentoring.targeting: laggards}\n  as-is: {}\n"
      "  network-heavy: {agencies.*.strategy.split.mentoring: 0.4, agencies.*.strategy.split.network: 0.3}\n",
      "compare");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"compare", "assumptions", "provenance"});
  const Csv comparison(folder / "comparison.csv");
  const auto row = [&](const std::string& variant, const std::string& kpi) {
    std::size_t found = 0, at = 0;
    for (const auto r : comparison.where("variant", variant))
      if (comparison.text(r, "kpi") == kpi) ++found, at = r;
    REQUIRE(found == 1);
    return at;
  };
  const std::vector<std::string> variants{"laggards", "as-is", "network-heavy"};
  const std::vector<std::string> others{"laggards", "network-heavy"};
  const std::string name = "mean paired difference, 95% CI";
  for (const auto& t : kTargets) {
    INFO(t.kpi);
    const std::string svg = html::chart(page, std::string("forest-") + t.kpi);
    REQUIRE_FALSE(svg.empty());
    CHECK(html::categories(svg) == others);
    std::vector<std::size_t> rows;
    for (const auto& v : others) rows.push_back(row(v, t.kpi));
    CHECK_SAME(html::series_data(svg, name, "data-x"), comparison.numbers("diff_mean", rows));
    CHECK_SAME(html::series_data(svg, name, "data-lo"), comparison.numbers("diff_ci95_lo", rows));
    CHECK_SAME(html::series_data(svg, name, "data-hi"), comparison.numbers("diff_ci95_hi", rows));
    CHECK_SAME(html::series_data(svg, "baseline", "data-x"), std::vector<double>{0});
    // The axis holds zero and every interval.
    const auto ticks = html::ticks(html::axis(svg, "x"));
    const auto lo = comparison.numbers("diff_ci95_lo", rows), hi = comparison.numbers("diff_ci95_hi", rows);
    CHECK(ticks.front().value <= std::min(0.0, *std::min_element(lo.begin(), lo.end())));
    CHECK(ticks.back().value >= std::max(0.0, *std::max_element(hi.begin(), hi.end())));
  }
  // Laggards' targeting changes who is developed, so the chart is not trivial.
  CHECK(comparison.number(row("laggards", "developed"), "diff_mean") != 0);

  // By agency: one row per agency (the programme first) and variant, from agency_comparison.csv.
  const Csv by_agency(folder / "agency_comparison.csv");
  const auto value = [&](const std::string& variant, const std::string& agency, const std::string& kpi,
                         const std::string& statistic) {
    std::size_t found = 0;
    double v = 0;
    for (const auto r : by_agency.where("variant", variant))
      if (by_agency.text(r, "agency") == agency && by_agency.text(r, "kpi") == kpi &&
          by_agency.text(r, "statistic") == statistic)
        ++found, v = by_agency.number(r, "value");
    REQUIRE(found == 1);
    return v;
  };
  std::vector<std::string> agencies;
  for (const auto r : by_agency.where("variant", "as-is"))
    if (std::find(agencies.begin(), agencies.end(), by_agency.text(r, "agency")) == agencies.end())
      agencies.push_back(by_agency.text(r, "agency"));
  REQUIRE(agencies.size() >= 2);
  CHECK(agencies.front() == "all");
  const auto agency_rows = html::body_cells(html::table(page, "agency-compare-table"));
  REQUIRE(agency_rows.size() == agencies.size() * variants.size());
  for (std::size_t a = 0; a < agencies.size(); ++a) {
    for (std::size_t v = 0; v < variants.size(); ++v) {
      INFO(agencies[a] << " " << variants[v]);
      const auto& cells = agency_rows[a * variants.size() + v];
      CHECK(number_attribute(cells[2].tag, "data-sort") ==
            value(variants[v], agencies[a], "developed", "p50"));
      CHECK(number_attribute(cells[4].tag, "data-sort") ==
            value(variants[v], agencies[a], "developed", "diff_mean"));
      CHECK(number_attribute(cells[5].tag, "data-sort") ==
            value(variants[v], agencies[a], "developed_smes", "probability_met"));
    }
  }
  // The programme's rows are the programme's: its P(met) is summary.json's.
  for (const auto& v : variants) {
    const json summary = read_json_file(folder / "variants" / v / "summary.json");
    CHECK(value(v, "all", "developed_smes", "probability_met") ==
          Approx(summary.at("targets").at("developed_smes").at("probability_met").get<double>())
              .epsilon(1e-15));
    CHECK(value(v, "all", "developed", "p50") == summary.at("kpis").at("developed").at("p50").get<double>());
  }

  const std::string p_best = html::chart(page, "p-best");
  CHECK(html::categories(p_best) == variants);
  for (const auto& t : kTargets) {
    std::vector<std::size_t> rows;
    for (const auto& v : variants) rows.push_back(row(v, t.kpi));
    CHECK_SAME(html::series_data(p_best, t.kpi, "data-x"), comparison.numbers("p_best", rows));
  }

  const auto table_rows = html::body_cells(html::table(page, "compare-table"));
  REQUIRE(table_rows.size() == 3);
  for (std::size_t i = 0; i < variants.size(); ++i) {
    INFO(variants[i]);
    CHECK(table_rows[i][0].html.rfind(variants[i], 0) == 0);
    CHECK((table_rows[i][0].html.find("(baseline)") != std::string::npos) == (variants[i] == "as-is"));
    const json summary = read_json_file(folder / "variants" / variants[i] / "summary.json");
    CHECK(number_attribute(table_rows[i].back().tag, "data-sort") ==
          summary.at("targets").at("all").at("probability_met").get<double>());
  }
  check_experiment_provenance(folder, page);
  check_report_reproduced(dir, folder);
}

TEST_CASE("a solve's report plots the evaluations in value order with the level and the answer",
          "[io][report][cli]") {
  TempFolder dir("report-solve");
  const fs::path folder =
      run_experiment(dir, "solve", "solve.yaml",
                     "name: report-solve\nscenario: small.yaml\nreplications: 12\nseed: 3\n"
                     "parameter: programme.budget_thb\nrange: [5000000, 100000000]\n"
                     "target: developed_smes\nprobability: 0.75\ntolerance: 20000000\n",
                     "solve");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"solve", "assumptions", "provenance"});
  const json solution = read_json_file(folder / "solution.json");
  REQUIRE(solution.at("status") == "converged");
  const Csv evaluations(folder / "evaluations.csv");
  REQUIRE(evaluations.rows.size() >= 3);
  const auto values = evaluations.numbers("value");
  const auto order = ascending(values);
  CHECK_FALSE(std::is_sorted(values.begin(), values.end()));  // bisection order, not value order

  const std::string svg = html::chart(page, "solve-curve");
  REQUIRE_FALSE(svg.empty());
  const std::string line = "P(met) at evaluated values";
  CHECK_SAME(html::series_data(svg, line, "data-x"), pick(values, order));
  CHECK_SAME(html::series_data(svg, line, "data-y"), pick(evaluations.numbers("p_met"), order));
  CHECK_SAME(html::series_data(svg, "Wilson 95% CI", "data-x"), pick(values, order));
  CHECK_SAME(html::series_data(svg, "Wilson 95% CI", "data-lo"), pick(evaluations.numbers("ci95_lo"), order));
  CHECK_SAME(html::series_data(svg, "Wilson 95% CI", "data-hi"), pick(evaluations.numbers("ci95_hi"), order));
  CHECK_SAME(html::series_data(svg, "level", "data-y"),
             std::vector<double>{solution.at("level").get<double>()});
  CHECK_SAME(html::series_data(svg, "level", "data-y"), std::vector<double>{0.75});
  const double answer = solution.at("answer").get<double>();
  CHECK_SAME(html::series_data(svg, "answer", "data-x"), std::vector<double>{answer});
  CHECK(html::attribute(html::series_tag(svg, "answer"), "data-kind") == "vline");
  const json& interval = solution.at("answer_interval");
  CHECK_SAME(html::series_data(svg, "answer&#39;s interval", "data-x"),
             (std::vector<double>{interval.at("lo").get<double>(), interval.at("hi").get<double>()}));
  // The answer is an evaluated value whose estimate reaches the level.
  const auto it = std::find(values.begin(), values.end(), answer);
  REQUIRE(it != values.end());
  CHECK(evaluations.number(static_cast<std::size_t>(it - values.begin()), "p_met") >= 0.75);
  // The axis spans the search range.
  const auto ticks = html::ticks(html::axis(svg, "x"));
  CHECK(ticks.front().value <= 5000000);
  CHECK(ticks.back().value >= 100000000);
  check_millions_axis(html::axis(svg, "x"));

  CHECK(number_attribute(html::tag_with(page, "data-answer="), "data-answer") == answer);
  // What decides the target at the answer, in solution.json's words (no character in them
  // that HTML escapes).
  const json& drivers = solution.at("drivers_at_answer");
  CHECK(html::attribute(html::tag_with(page, "data-drivers-at-answer="), "data-drivers-at-answer") ==
        "met_developed_smes");
  const std::string drivers_text = drivers.at("text").get<std::string>();
  REQUIRE(drivers_text.find_first_of("<>&\"'") == std::string::npos);
  CHECK(page.find(drivers_text) != std::string::npos);
  CHECK(html::body_rows(html::table(page, "solve-table")) == evaluations.rows.size());
  check_experiment_provenance(folder, page);
  check_report_reproduced(dir, folder);
}

// A level not reached within the range: no answer and no interval in solution.json (null);
// the report says so, with P(met) and what decides it at the range's top, instead of failing.
TEST_CASE("a solve that does not reach its level has a report that says so", "[io][report][cli]") {
  TempFolder dir("report-solve-unreached");
  const fs::path folder =
      run_experiment(dir, "solve", "solve.yaml",
                     "name: report-unreached\nscenario: small.yaml\nreplications: 8\nseed: 3\n"
                     "parameter: programme.budget_thb\nrange: [1000000, 2000000]\n"
                     "target: developed_smes\nprobability: 0.75\ntolerance: 500000\n",
                     "solve");
  const json solution = read_json_file(folder / "solution.json");
  REQUIRE(solution.at("status") == "not_reachable");
  REQUIRE(solution.at("answer_interval").is_null());
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"solve", "assumptions", "provenance"});
  CHECK(html::attribute(html::tag_with(page, "data-answer="), "data-answer") == "none");
  CHECK(html::attribute(html::tag_with(page, "data-p-met-at="), "data-p-met-at") == "hi");
  CHECK(html::attribute(html::tag_with(page, "data-drivers-at-answer="), "data-drivers-at-answer") ==
        "met_developed_smes");
  const std::string svg = html::chart(page, "solve-curve");
  CHECK(html::series_tag(svg, "answer").empty());  // nothing to mark
  check_report_reproduced(dir, folder);
}

TEST_CASE("a Morris screening's report plots indices.csv's mu* and sigma per KPI", "[io][report][cli]") {
  TempFolder dir("report-morris");
  const fs::path folder =
      run_experiment(dir, "sensitivity", "morris.yaml",
                     "name: report-morris\nscenario: small.yaml\nreplications: 3\nseed: 7\n"
                     "method: morris\nbase_points: 2\nlevels: 4\nparameters:\n"
                     "  dynamics.learning_rate: [0.02, 0.10]\n"
                     "  dynamics.market.q_per_year: [0.12, 0.8]\n",
                     "morris");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"sensitivity", "assumptions", "provenance"});
  const Csv indices(folder / "indices.csv");
  const std::vector<std::string> parameters{"dynamics.learning_rate", "dynamics.market.q_per_year"};
  for (const char* kpi : {"developed", "expanded", "cost_reduction_thb"}) {
    INFO(kpi);
    const auto rows = indices.where("kpi", kpi);
    REQUIRE(rows.size() == 2);
    const std::string svg = html::chart(page, std::string("morris-") + kpi);
    REQUIRE_FALSE(svg.empty());
    CHECK(html::categories(svg) == parameters);
    CHECK_SAME(html::series_data(svg, "mu* (mean |effect|)", "data-x"), indices.numbers("mu_star", rows));
    CHECK_SAME(html::series_data(svg, "sigma (interaction, non-linearity)", "data-x"),
               indices.numbers("sigma", rows));
  }
  // The market's imitation rate moves expansion (not an all-zero chart).
  CHECK(indices.number(indices.where("kpi", "expanded")[1], "mu_star") > 0);
  CHECK(html::body_rows(html::table(page, "sensitivity-table")) == indices.rows.size());
  check_experiment_provenance(folder, page);
  check_report_reproduced(dir, folder);
}

TEST_CASE("a Sobol' analysis's report plots indices.csv's S1 and ST with their intervals",
          "[io][report][cli]") {
  TempFolder dir("report-sobol");
  const fs::path folder =
      run_experiment(dir, "sensitivity", "sobol.yaml",
                     "name: report-sobol\nscenario: small.yaml\nreplications: 2\nseed: 7\n"
                     "method: sobol\nbase_points: 4\nbootstrap: 20\nparameters:\n"
                     "  dynamics.learning_rate: [0.02, 0.10]\n"
                     "  dynamics.market.q_per_year: [0.12, 0.8]\n",
                     "sobol");
  const std::string page = read_text(folder / "report.html");
  check_page(page, {"sensitivity", "assumptions", "provenance"});
  const Csv indices(folder / "indices.csv");
  for (const char* kpi : {"developed", "expanded", "cost_reduction_thb"}) {
    INFO(kpi);
    const auto rows = indices.where("kpi", kpi);
    REQUIRE(rows.size() == 2);
    const std::string svg = html::chart(page, std::string("sobol-") + kpi);
    REQUIRE_FALSE(svg.empty());
    CHECK(html::categories(svg) ==
          std::vector<std::string>{"dynamics.learning_rate", "dynamics.market.q_per_year"});
    for (const auto& [series, column] :
         std::vector<std::pair<std::string, std::string>>{{"first order S1", "S1"}, {"total ST", "ST"}}) {
      INFO(series);
      CHECK_SAME(html::series_data(svg, series, "data-x"), indices.numbers(column, rows));
      CHECK_SAME(html::series_data(svg, series, "data-lo"), indices.numbers(column + "_ci95_lo", rows));
      CHECK_SAME(html::series_data(svg, series, "data-hi"), indices.numbers(column + "_ci95_hi", rows));
    }
    // The axis holds [0, 1] and every interval (bootstrap intervals may pass 1).
    const auto ticks = html::ticks(html::axis(svg, "x"));
    const auto hi = indices.numbers("S1_ci95_hi", rows);
    CHECK(ticks.front().value <= 0);
    CHECK(ticks.back().value >= std::max(1.0, *std::max_element(hi.begin(), hi.end())));
  }
  CHECK(html::body_rows(html::table(page, "sensitivity-table")) == indices.rows.size());
  const json manifest = read_json_file(folder / "manifest.json");
  CHECK(page.find("<p>Sobol' indices from 4 base points") != std::string::npos);
  CHECK(manifest.at("base_points") == 4);
  check_experiment_provenance(folder, page);
  check_report_reproduced(dir, folder);
}

TEST_CASE("smesim report refuses an empty or missing folder with exit code 2", "[io][report][cli]") {
  TempFolder dir("report-bad");
  fs::create_directories(fs::path(dir.path) / "empty");
  const auto empty = smesim_in(dir.path, "report empty");
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("empty: not a results folder of smesim") != std::string::npos);
  CHECK(fs::is_empty(fs::path(dir.path) / "empty"));

  const auto missing = smesim_in(dir.path, "report no-such-folder");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no-such-folder: not a folder") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(dir.path) / "no-such-folder"));

  const auto no_argument = smesim_in(dir.path, "report");
  CHECK(no_argument.exit_code == 2);
}

TEST_CASE("smesim report names a malformed file of a run and writes nothing", "[io][report][cli]") {
  TempFolder dir("report-corrupt");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  REQUIRE(smesim_in(dir.path, "run small.yaml --reps 3 --quiet --out r").exit_code == 0);
  const fs::path folder = fs::path(dir.path) / "r";
  const fs::path summary = folder / "summary.json";
  const std::string good_summary = read_text(summary);
  const auto refused = [&](const std::string& what) {
    const auto r = smesim_in(dir.path, "report r");
    INFO(what << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(folder / "report.html"));
    for (const auto& entry : fs::directory_iterator(folder))
      CHECK(entry.path().filename().string().find("report") == std::string::npos);
    return r.err;
  };

  write_text(summary, "{ bad");
  std::string err = refused("not JSON");
  CHECK(std::regex_search(err, std::regex(R"(r/summary\.json:1:[0-9]+: expected valid JSON)")));

  write_text(summary, "{\n  \"scenario_name\": \"small\",\n  bad\n}\n");
  err = refused("not JSON on line 3");
  CHECK(std::regex_search(err, std::regex(R"(r/summary\.json:3:[0-9]+: )")));

  // A number no double holds: nlohmann-json throws out_of_range, not a parse error.
  write_text(summary, "{\"scenario_name\": \"small\", \"replications\": -1e3082}");
  err = refused("a number out of range");
  CHECK(std::regex_search(err, std::regex(R"(r/summary\.json: expected valid JSON .*number overflow)")));

  write_text(summary, "{\"scenario_name\": \"small\"}");
  err = refused("JSON without the fields");
  CHECK(err.find("summary.json") != std::string::npos);

  write_text(summary, good_summary);
  const fs::path ts = folder / "timeseries_summary.csv";
  const std::string good_ts = read_text(ts);
  write_text(ts, good_ts + "36,developed,1,2\n");
  err = refused("a short CSV row");
  CHECK(err.find("timeseries_summary.csv:") != std::string::npos);
  CHECK(err.find("expected 9 fields") != std::string::npos);
  fs::remove(ts);
  err = refused("a missing CSV file");
  CHECK(err.find("timeseries_summary.csv") != std::string::npos);
  write_text(ts, good_ts);

  // A number the report reads (the median of an agency's developed SMEs) that is not one.
  const fs::path agencies = folder / "agencies.csv";
  const std::string good_agencies = read_text(agencies);
  {
    const Csv table(agencies);
    std::string text = good_agencies;
    const std::size_t p50 = table.index("p50");
    // The first row's p50 field, found by its commas in the text: the fields before it are ids
    // and numbers, never quoted (the agency's name, which may be, comes last).
    std::size_t start = text.find('\n') + 1;
    for (std::size_t c = 0; c < p50; ++c) start = text.find(',', start) + 1;
    const std::size_t end = text.find(',', start);
    REQUIRE(text.substr(start, end - start) == table.rows[0][p50]);
    text.replace(start, end - start, "many");
    write_text(agencies, text);
  }
  err = refused("a word for a number");
  CHECK(err.find("agencies.csv:2: expected a number in column `p50`, got \"many\"") != std::string::npos);
  write_text(agencies, good_agencies);

  // Restored, the folder reports again; a later failure leaves that report untouched.
  REQUIRE(smesim_in(dir.path, "report r").exit_code == 0);
  const std::string report = read_text(folder / "report.html");
  write_text(summary, "{ bad");
  CHECK(smesim_in(dir.path, "report r").exit_code == 2);
  CHECK(read_text(folder / "report.html") == report);
}

TEST_CASE("smesim report refuses an unfinished sweep", "[io][report][cli]") {
  TempFolder dir("report-unfinished");
  write_text(fs::path(dir.path) / "small.yaml", kSmall);
  write_text(fs::path(dir.path) / "sweep.yaml",
             "name: unfinished\nscenario: small.yaml\nreplications: 2\nseed: 5\n"
             "parameters:\n  programme.budget_thb: [10000000, 20000000]\n");
  REQUIRE(smesim_in(dir.path, "sweep sweep.yaml --quiet --out s").exit_code == 0);
  const fs::path folder = fs::path(dir.path) / "s";
  REQUIRE(smesim_in(dir.path, "report s").exit_code == 0);  // finished, it reports
  fs::remove(folder / "report.html");
  fs::remove(folder / "points.csv");  // as after a kill: points stored, points.csv not yet written
  const auto r = smesim_in(dir.path, "report s");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("the sweep is unfinished (points.csv is missing)") != std::string::npos);
  CHECK_FALSE(fs::exists(folder / "report.html"));
}
