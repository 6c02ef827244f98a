#include "scenario/document.hpp"

#include <algorithm>

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "scenario/text_match.hpp"
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
  // At most 40 characters, counted and cut by code point: a Thai name must not be cut inside a
  // character (its bytes would then print as escapes).
  constexpr std::size_t kShown = 40;
  std::size_t end = 0, characters = 0;
  while (end < node.scalar.size() && characters < kShown) {
    ++end;
    while (end < node.scalar.size() && (static_cast<unsigned char>(node.scalar[end]) & 0xC0) == 0x80) ++end;
    ++characters;
  }
  std::string text = end < node.scalar.size() ? node.scalar.substr(0, end) + "..." : node.scalar;
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

// An agency's province_groups are one value, replaced whole like a distribution: they say where
// all of its networks are, so a child's groups merged into the parent's group by group would
// keep networks the child did not name. Given without `networks` they mean the groups' sum,
// not the count the parent gave (docs/scenario.md "How a file is read" (merge rules)); `province_groups: ~`
// (back to round-robin) keeps the parent's count.
void merge_agency(DocNode& parent, const DocNode& child) {
  const DocNode* groups = child.find("province_groups");
  if (groups != nullptr) {
    parent.erase("province_groups");
    if (!groups->is_null() && child.find("networks") == nullptr) parent.erase("networks");
  }
  merge_documents(parent, child);
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
      merge_agency(*it, entry);
    }
  }
}

// `replace: true` has already dropped every agency of the parent: a `remove` in its list has
// nothing to drop, and is most likely left over from before the list was replaced.
void refuse_remove_in_replacement(const DocNode& list) {
  if (!list.is_sequence()) return;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& entry = list.items[i];
    const DocNode* remove = entry.is_map() ? entry.find("remove") : nullptr;
    if (remove == nullptr) continue;
    const DocNode* id = agency_id(entry);
    throw ScenarioError(remove->where,
                        id != nullptr && id->is_scalar() ? "agencies." + id->scalar + ".remove"
                                                         : fmt::format("agencies[{}].remove", i),
                        "`replace: true` already drops every agency of the parent scenario; leave this entry "
                        "out");
  }
}

// The parent's agencies as a list, whichever form its file used.
DocNode parent_agencies(const DocNode& node) {
  const AgenciesNode form = read_agencies_node(node);
  return *form.list;
}

}  // namespace

AgenciesNode read_agencies_node(const DocNode& agencies) {
  if (!agencies.is_map()) return {&agencies, false};
  static const std::vector<std::string> keys{"list", "replace"};
  for (std::size_t k = 0; k < agencies.entries.size(); ++k) {
    const std::string& key = agencies.entries[k].first;
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw ScenarioError(agencies.key_locations[k], "agencies." + key,
                          fmt::format("unknown key `{}`{}; expected a list of agencies, or the map "
                                      "{{replace: true, list: [...]}} whose list replaces the parent "
                                      "scenario's agencies",
                                      key, did_you_mean(key, keys)));
  }
  AgenciesNode out;
  if (const DocNode* replace = agencies.find("replace")) {
    const bool yes = replace->is_scalar() && (replace->scalar == "true" || replace->scalar == "yes");
    const bool no = replace->is_scalar() && (replace->scalar == "false" || replace->scalar == "no");
    if (!yes && !no)
      throw ScenarioError(replace->where, "agencies.replace",
                          fmt::format("expected `true` (the list replaces every agency of the parent "
                                      "scenario) or `false` (it merges with them by id), got {}",
                                      describe_node(*replace)));
    out.replace = yes;
  }
  out.list = agencies.find("list");
  if (out.list == nullptr)
    throw ScenarioError(agencies.where, "agencies.list", "required key missing (the list of agencies)");
  return out;
}

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
    if (key == "agencies") {
      const AgenciesNode form = read_agencies_node(value);
      DocNode list = parent_agencies(*existing);
      if (form.replace) {
        refuse_remove_in_replacement(*form.list);
        *existing = *form.list;
      } else if (list.is_sequence() && form.list->is_sequence()) {
        merge_agencies(list, *form.list);
        list.where = form.list->where;
        *existing = std::move(list);
      } else {
        *existing = *form.list;
      }
    } else if (existing->is_map() && value.is_map() && !is_distribution(*existing) &&
               !is_distribution(value)) {
      merge_documents(*existing, value);
    } else {
      *existing = value;
    }
  }
}

}  // namespace smesim::detail
