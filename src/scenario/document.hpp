#pragma once
// A YAML document as plain data with a source position on every node. yaml_reader.cpp is
// the only code that sees yaml-cpp; everything else in src/scenario works on this tree, which
// also lets `extends` merge nodes from two files while each keeps its own file name.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smesim/error.hpp"

namespace smesim::detail {

struct DocNode {
  enum class Kind : unsigned char { null, scalar, sequence, map };
  Kind kind = Kind::null;
  std::string scalar;
  bool quoted = false;  ///< a quoted scalar is always text, never a number
  std::vector<DocNode> items;
  std::vector<std::pair<std::string, DocNode>> entries;
  std::vector<SourceLocation> key_locations;  ///< parallel to entries
  SourceLocation where;

  // Defined in document.cpp, where DocNode is complete (Clang 14 with libstdc++ cannot
  // instantiate the implicit ones for a vector of pairs holding DocNode here).
  DocNode();
  DocNode(const DocNode&);
  DocNode(DocNode&&) noexcept;
  DocNode& operator=(const DocNode&);
  DocNode& operator=(DocNode&&) noexcept;
  ~DocNode();

  [[nodiscard]] bool is_null() const { return kind == Kind::null; }
  [[nodiscard]] bool is_map() const { return kind == Kind::map; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
  [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
  [[nodiscard]] const DocNode* find(std::string_view key) const;
  [[nodiscard]] DocNode* find(std::string_view key);
  /// Removes `key` if present.
  void erase(std::string_view key);
};

/// A plain (unquoted) scalar that reads as a finite number; `_` may group digits.
bool parse_number(const DocNode& node, double& out);

/// What a node is, for messages: "a map", "a list", "the text `abc`", "nothing".
std::string describe_node(const DocNode& node);

/// Limits that keep a hostile file (an alias bomb, deep nesting) from exhausting memory.
inline constexpr std::size_t kMaxDocumentNodes = 200'000;
inline constexpr int kMaxDocumentDepth = 64;

/// @brief Parses YAML text. @throws ScenarioError on syntax errors, an empty document, or a
/// document that exceeds the limits above.
DocNode read_yaml(std::string_view text, const std::string& file);

/// @brief `agencies` as written: a list, merged by id with the parent's, or the map
/// `{replace: true, list: [...]}` whose list replaces the parent's agencies (docs/scenario.md
/// "Merge rules"). `list` points into the node given.
struct AgenciesNode {
  const DocNode* list = nullptr;
  bool replace = false;
};
/// @throws ScenarioError for a map with other keys, a `replace` that is not true or false, or
/// no `list`. Any other node is returned as the list, for the caller to refuse.
AgenciesNode read_agencies_node(const DocNode& agencies);

/// @brief `extends` merge (docs/scenario.md "How a file is read" (merge rules)): maps merge key by key, the
/// top-level `agencies` list merges by `id` (`remove: true` drops one; `{replace: true, list: [...]}`
/// replaces them all), every other list replaces the parent's.
void merge_documents(DocNode& parent, const DocNode& child);

}  // namespace smesim::detail
