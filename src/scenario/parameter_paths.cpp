#include "smesim/parameter_paths.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenario/fields.hpp"
#include "scenario/text_match.hpp"
#include "smesim/error.hpp"

namespace smesim {
namespace {
std::vector<std::string_view> split_path(std::string_view path);
}  // namespace

namespace detail {

// `*` stands for exactly one segment (an agency id, a network id, ...).
bool path_matches(std::string_view pattern, std::string_view path) {
  const auto p = split_path(pattern);
  const auto q = split_path(path);
  if (p.size() != q.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] != "*" && p[i] != q[i]) return false;
  return true;
}

}  // namespace detail

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

bool matches(std::string_view pattern, std::string_view path) { return detail::path_matches(pattern, path); }

std::vector<std::string> all_paths(const std::vector<detail::Field>& fields) {
  std::vector<std::string> paths;
  paths.reserve(fields.size());
  for (const auto& f : fields) paths.push_back(f.info.path);
  return paths;
}

[[noreturn]] void unknown(const std::vector<detail::Field>& fields, std::string_view path) {
  const auto near = detail::closest(path, all_paths(fields), 3);
  throw UnknownParameterError(
      {}, std::string(path),
      fmt::format("names no parameter; nearest valid paths: {}", fmt::join(near, ", ")));
}

template <class Apply>
int for_each_match(ScenarioDef& def, std::string_view path, Apply apply) {
  auto fields = detail::list_fields(def);
  int count = 0;
  for (const auto& f : fields) {
    if (!matches(path, f.info.path)) continue;
    apply(f);
    ++count;
  }
  if (count == 0) unknown(fields, path);
  return count;
}

void set_number_checked(const detail::Field& f, const Param& value) {
  const FieldInfo& info = f.info;
  if (info.kind == FieldKind::integer) {
    if (!value.is_fixed() || value.value() != std::floor(value.value()) || value.value() < info.min ||
        value.value() > info.max)
      throw ScenarioError(
          {}, info.path,
          fmt::format("expected a whole number in [{}, {}], got {}", detail::format_number(info.min),
                      detail::format_number(info.max), describe(value)));
    f.set_integer(static_cast<long long>(value.value()));
    return;
  }
  if (info.kind != FieldKind::number)
    throw ScenarioError({}, info.path, "expected text for this parameter, not a number");
  if (!value.is_fixed() && value.is_set() && !info.distributable)
    throw ScenarioError({}, info.path, "expected a number (this parameter cannot be a distribution)");
  if (const std::string bad = detail::check_range(info, value); !bad.empty())
    throw ScenarioError({}, info.path, "expected " + bad);
  f.set_number(value);
}

}  // namespace

std::vector<FieldInfo> parameter_fields(const ScenarioDef& def) {
  ScenarioDef copy = def;
  std::vector<FieldInfo> out;
  for (auto& f : detail::list_fields(copy)) out.push_back(std::move(f.info));
  return out;
}

std::string get_parameter(const ScenarioDef& def, std::string_view path) {
  ScenarioDef copy = def;
  const auto fields = detail::list_fields(copy);
  for (const auto& f : fields) {
    if (f.info.path != path) continue;
    switch (f.info.kind) {
      case FieldKind::number:
        return describe(f.get_number());
      case FieldKind::integer:
        return fmt::format("{}", f.get_integer());
      default:
        return f.get_text();
    }
  }
  unknown(fields, path);
}

int set_parameter(ScenarioDef& def, std::string_view path, const Param& value) {
  return for_each_match(def, path, [&](const detail::Field& f) { set_number_checked(f, value); });
}

int set_parameter(ScenarioDef& def, std::string_view path, std::string_view text) {
  return for_each_match(def, path, [&](const detail::Field& f) {
    const FieldInfo& info = f.info;
    switch (info.kind) {
      case FieldKind::number:
      case FieldKind::integer: {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (info.optional && text == "auto") {
          set_number_checked(f, Param{});
          return;
        }
        if (ec != std::errc() || end != text.data() + text.size())
          throw ScenarioError({}, info.path, fmt::format("expected a number, got `{}`", text));
        set_number_checked(f, Param(v));
        return;
      }
      case FieldKind::choice:
        if (std::find(info.choices.begin(), info.choices.end(), text) == info.choices.end())
          throw ScenarioError({}, info.path,
                              fmt::format("expected one of {}, got `{}`{}", fmt::join(info.choices, ", "),
                                          text, detail::did_you_mean(text, info.choices)));
        f.set_text(std::string(text));
        return;
      case FieldKind::text:
        f.set_text(std::string(text));
        return;
      case FieldKind::sector_list: {
        std::vector<Sector> sectors;
        std::size_t start = 0;
        while (start <= text.size()) {
          std::size_t comma = text.find(',', start);
          if (comma == std::string_view::npos) comma = text.size();
          std::string_view name = text.substr(start, comma - start);
          while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
          while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
          Sector s{};
          if (!detail::parse_sector(name, s))
            throw ScenarioError({}, info.path,
                                fmt::format("expected comma-separated sectors, got `{}`", name));
          sectors.push_back(s);
          start = comma + 1;
        }
        f.set_sectors(std::move(sectors));
        return;
      }
    }
  });
}

std::vector<std::string> nearest_parameter_paths(const ScenarioDef& def, std::string_view path,
                                                 std::size_t count) {
  ScenarioDef copy = def;
  return detail::closest(path, all_paths(detail::list_fields(copy)), count);
}

}  // namespace smesim
