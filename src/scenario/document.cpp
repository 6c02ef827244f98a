#include "scenario/document.hpp"

#include <algorithm>

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "smesim/scenario/distribution.hpp"

namespace smesim::detail {

DocNode::DocNode() = default;
DocNode::DocNode(const DocNode&) = default;
DocNode::DocNode(DocNode&&) noexcept = default;
DocNode& DocNode::operator=(const DocNode&) = default;
DocNode& DocNode::operator=(DocNode&&) noexcept = default;
DocNode::~DocNode() = default;

const DocNode* DocNode::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

DocNode* DocNode::find(std::string_view key) {
  for (auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

void DocNode::erase(std::string_view key) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) {
      entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
      key_locations.erase(key_locations.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

bool parse_number(const DocNode& node, double& out) {
  if (!node.is_scalar() || node.quoted) return false;
  // `309_000_000` groups digits; an underscore anywhere else (`_309__000_`, `3_.5`) is a typo
  // that must not be read as a number (docs/scenario.md "Bad input").
  const std::string& text = node.scalar;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '_') {
      s += text[i];
    } else if (i == 0 || i + 1 == text.size() || !is_digit(text[i - 1]) || !is_digit(text[i + 1])) {
      return false;
    }
  }
  if (s.empty()) return false;
  const char* begin = s.data();
  if (*begin == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

std::string describe_node(const DocNode& node) {
  switch (node.kind) {
    case DocNode::Kind::null:
      return "nothing";
    case DocNode::Kind::sequence:
      return "a list";
    case DocNode::Kind::map:
      return "a map";
    case DocNode::Kind::scalar:
      break;
  }
  std::string text = node.scalar.size() > 40 ? node.scalar.substr(0, 40) + "..." : node.scalar;
  // Quotes make a scalar text even when it looks like a number; say so.
  return node.quoted ? fmt::format("the quoted text `{}`", text) : fmt::format("`{}`", text);
}

namespace {

// `{uniform: [lo, hi]}` and the like: a value, replaced as a whole rather than merged key by
// key (a child's `{normal: [..]}` must not be added next to the parent's `{uniform: [..]}`).
bool is_distribution(const DocNode& node) {
  if (!node.is_map() || node.entries.size() != 1) return false;
  for (const auto kind : {DistributionKind::uniform, DistributionKind::normal, DistributionKind::lognormal,
                          DistributionKind::beta, DistributionKind::triangular})
    if (node.entries.front().first == distribution_name(kind)) return true;
  return false;
}

const DocNode* agency_id(const DocNode& entry) { return entry.is_map() ? entry.find("id") : nullptr; }

// `remove` exists only to drop an agency: `remove: false` (or anything but true/yes) is a
// mistake, not a way to keep one (docs/scenario.md).
bool is_remove(const DocNode& entry, std::size_t index) {
  const DocNode* r = entry.find("remove");
  if (r == nullptr) return false;
  if (r->is_scalar() && (r->scalar == "true" || r->scalar == "yes")) return true;
  throw ScenarioError(
      r->where, fmt::format("agencies[{}].remove", index),
      fmt::format("expected `true` (drop the agency); to keep an agency leave `remove` out, got {}",
                  describe_node(*r)));
}

void merge_agencies(DocNode& parent, const DocNode& child) {
  for (std::size_t i = 0; i < child.items.size(); ++i) {
    const DocNode& entry = child.items[i];
    const DocNode* id = agency_id(entry);
    if (id == nullptr || !id->is_scalar())
      throw ScenarioError(entry.where, fmt::format("agencies[{}]", i),
                          "expected a map with an `id` (agencies merge by id when extending)");
    auto same_id = [&](const DocNode& p) {
      const DocNode* pid = agency_id(p);
      return pid != nullptr && pid->scalar == id->scalar;
    };
    auto it = std::find_if(parent.items.begin(), parent.items.end(), same_id);
    if (is_remove(entry, i)) {
      if (it == parent.items.end())
        throw ScenarioError(entry.where, "agencies." + id->scalar,
                            "`remove: true` names an agency the parent scenario does not have");
      parent.items.erase(it);
      continue;
    }
    if (it == parent.items.end()) {
      parent.items.push_back(entry);
    } else {
      merge_documents(*it, entry);
    }
  }
}

}  // namespace

void merge_documents(DocNode& parent, const DocNode& child) {
  if (!parent.is_map() || !child.is_map()) {
    parent = child;
    return;
  }
  // The merged map is the child's: errors about it as a whole (shares that do not sum to 1)
  // point at the child file, which is where the user changed it.
  parent.where = child.where;
  for (std::size_t i = 0; i < child.entries.size(); ++i) {
    const std::string& key = child.entries[i].first;
    const DocNode& value = child.entries[i].second;
    const auto it = std::find_if(parent.entries.begin(), parent.entries.end(),
                                 [&](const auto& entry) { return entry.first == key; });
    if (it == parent.entries.end()) {
      parent.entries.emplace_back(key, value);
      parent.key_locations.push_back(child.key_locations[i]);
      continue;
    }
    parent.key_locations[static_cast<std::size_t>(it - parent.entries.begin())] = child.key_locations[i];
    DocNode* existing = &it->second;
    if (key == "agencies" && existing->is_sequence() && value.is_sequence()) {
      merge_agencies(*existing, value);
      existing->where = value.where;
    } else if (existing->is_map() && value.is_map() && !is_distribution(*existing) &&
               !is_distribution(value)) {
      merge_documents(*existing, value);
    } else {
      *existing = value;
    }
  }
}

}  // namespace smesim::detail
