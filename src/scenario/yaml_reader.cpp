// The only file that includes yaml-cpp (docs/architecture.md): YAML text -> DocNode.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "scenario/document.hpp"
#include "scenario/input_file.hpp"

namespace smesim::detail {
namespace {

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return {file, 1, 1};
  return {file, mark.line + 1, mark.column + 1};
}

class YamlConverter {
 public:
  explicit YamlConverter(const std::string& file) : file_(file) {}

  // `alias_site`: the outermost container known to hold an alias on the way to `node`, the
  // place to blame when aliases expand the document too far (an aliased node's own mark is
  // the anchor's, which is innocent).
  DocNode convert(const YAML::Node& node, int depth, const SourceLocation* alias_site = nullptr) {
    if (++nodes_ > kMaxDocumentNodes)
      throw ScenarioError(alias_site != nullptr ? *alias_site : location_of(node.Mark(), file_), "",
                          fmt::format("document expands to more than {} nodes (an alias bomb?); "
                                      "expected a scenario of reasonable size",
                                      kMaxDocumentNodes));
    if (depth > kMaxDocumentDepth)
      throw ScenarioError(location_of(node.Mark(), file_), "",
                          fmt::format("nesting deeper than {} levels", kMaxDocumentDepth));
    DocNode out;
    out.where = location_of(node.Mark(), file_);
    const CoreTag tag = core_tag(node, out.where);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = DocNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::scalar;
        out.scalar = node.Scalar();
        out.quoted = node.Tag() == "!" || tag == CoreTag::str;
        check_tagged_scalar(out, tag);
        check_printable_text(out);
        break;
      case YAML::NodeType::Sequence:
        out.kind = DocNode::Kind::sequence;
        for (const auto& item : node)
          out.items.push_back(convert(item, depth + 1, site_for(node, item, out.where, alias_site)));
        break;
      case YAML::NodeType::Map:
        out.kind = DocNode::Kind::map;
        for (const auto& kv : node) {
          const SourceLocation key_at = location_of(kv.first.Mark(), file_);
          if (!kv.first.IsScalar()) throw ScenarioError(key_at, "", "expected a plain text key");
          std::string key = kv.first.Scalar();
          if (!is_utf8(key))
            throw ScenarioError(key_at, "", "the key is not UTF-8 once its escapes are decoded");
          if (out.find(key) != nullptr) throw ScenarioError(key_at, key, "duplicate key");
          out.entries.emplace_back(std::move(key), convert(kv.second, depth + 1,
                                                           site_for(node, kv.second, out.where, alias_site)));
          out.key_locations.push_back(key_at);
        }
        break;
    }
    return out;
  }

 private:
  // The tags of YAML's core schema a scenario may spell out; `none` is an untagged node.
  enum class CoreTag : unsigned char { none, str, int_, float_, boolean, null, map, seq };

  // Anything else (`!money 3`, `!!binary`, a local tag) would be silently read as plain text
  // or a number; a scenario has no use for it, so it is refused (docs/scenario.md "Bad input").
  static CoreTag core_tag(const YAML::Node& node, const SourceLocation& at) {
    const std::string& tag = node.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return CoreTag::none;
    static constexpr std::string_view kCore = "tag:yaml.org,2002:";
    if (tag.compare(0, kCore.size(), kCore) == 0) {
      const std::string_view name = std::string_view(tag).substr(kCore.size());
      if (name == "str") return CoreTag::str;
      if (name == "int") return CoreTag::int_;
      if (name == "float") return CoreTag::float_;
      if (name == "bool") return CoreTag::boolean;
      if (name == "null") return CoreTag::null;
      if (name == "map") return CoreTag::map;
      if (name == "seq") return CoreTag::seq;
    }
    throw ScenarioError(
        at, "",
        fmt::format("YAML tag `{}` is not allowed; expected an untagged value (or one of the core "
                    "schema's tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)",
                    tag));
  }

  // The file's bytes are checked before parsing, but escapes in double-quoted scalars
  // ("\0", "\e", "\x07") make control characters too; no scalar of a scenario needs one. And
  // yaml-cpp decodes "\N" and "\_" to the single bytes 0x85 and 0xA0, which are not UTF-8:
  // text that every JSON and CSV writer downstream would choke on.
  static void check_printable_text(const DocNode& out) {
    if (!is_utf8(out.scalar))
      throw ScenarioError(out.where, "",
                          "the text is not UTF-8 once its escapes are decoded (YAML's \\N and \\_ give "
                          "bytes that are not); write the character itself");
    for (const char ch : out.scalar) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        throw ScenarioError(
            out.where, "",
            fmt::format("the text holds control character 0x{:02X}; expected printable text", c));
    }
  }

  // A core tag must agree with what it tags: `!!int abc` or `!!map [1]` is a contradiction.
  static void check_tagged_scalar(const DocNode& out, CoreTag tag) {
    double value = 0;
    const bool number = parse_number(out, value);
    const bool ok =
        tag == CoreTag::none || tag == CoreTag::str ||
        (tag == CoreTag::int_ && number && value == static_cast<double>(static_cast<long long>(value))) ||
        (tag == CoreTag::float_ && number) ||
        (tag == CoreTag::boolean && (out.scalar == "true" || out.scalar == "false")) ||
        (tag == CoreTag::null && (out.scalar.empty() || out.scalar == "~" || out.scalar == "null"));
    if (!ok)
      throw ScenarioError(out.where, "",
                          fmt::format("the tagged value {} does not match its tag", describe_node(out)));
  }

  // An alias refers to an anchor written earlier, so a child that starts before its container
  // is an alias used in that container. Keeps the outermost such container.
  static const SourceLocation* site_for(const YAML::Node& container, const YAML::Node& child,
                                        const SourceLocation& container_at,
                                        const SourceLocation* alias_site) {
    const YAML::Mark& c = container.Mark();
    const YAML::Mark& m = child.Mark();
    const bool aliased =
        !c.is_null() && !m.is_null() && (m.line < c.line || (m.line == c.line && m.column < c.column));
    if (alias_site != nullptr) return alias_site;
    return aliased ? &container_at : nullptr;
  }

  const std::string& file_;
  std::size_t nodes_ = 0;
};

// Where each document starts. yaml-cpp 0.7 (Debian 12) never gets past a token that cannot start a node (a
// stray `,` at document level): every call of HandleNextDocument then reports another empty document at the
// same place, so YAML::LoadAll loops until memory runs out on a one-byte file. Watching the positions catches
// that.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

// Refuses a stream of more than one document, or one the parser cannot get through.
void check_single_document(const std::string& text, const std::string& file) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  constexpr int kDocumentsLooked = 3;
  for (int i = 0; i < kDocumentsLooked && parser.HandleNextDocument(starts); ++i) {
    const auto& m = starts.marks;
    if (m.size() >= 2 && m[m.size() - 1].pos == m[m.size() - 2].pos) {
      const std::size_t at = static_cast<std::size_t>(std::max(0, m.back().pos));
      throw ScenarioError(location_of(m.back(), file), "",
                          fmt::format("not valid YAML: `{}` cannot start a value here",
                                      at < text.size() ? text.substr(at, 1) : ""));
    }
  }
  if (starts.marks.size() > 1)
    throw ScenarioError({file, 1, 1}, "", "expected one YAML document, found several");
}

}  // namespace

DocNode read_yaml(std::string_view text, const std::string& file) {
  check_input_text(text, file);
  YAML::Node document;
  try {
    check_single_document(std::string(text), file);
    document = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard, reached before ours for very deep flow or block nesting; its
    // message ("bad file") says nothing useful.
    throw ScenarioError(location_of(e.mark, file), "",
                        fmt::format("nesting deeper than {} levels", kMaxDocumentDepth));
  } catch (const YAML::Exception& e) {
    // `*1.2` unquoted is a YAML alias; in a study it was meant as a factor.
    const bool alias = e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR || e.msg == YAML::ErrorMsg::ALIAS_NOT_FOUND;
    throw ScenarioError(
        location_of(e.mark, file), "",
        fmt::format("not valid YAML: {}{}", e.msg,
                    alias ? " (an unquoted `*` starts a YAML alias; to multiply a parameter in a "
                            "study, quote the factor, \"*1.2\", or write \u00d71.2)"
                          : ""));
  }
  if (!document.IsDefined() || document.IsNull())
    throw ScenarioError({file, 1, 1}, "",
                        "empty scenario: expected a map of scenario keys with at least `name`");
  return YamlConverter(file).convert(document, 0);
}

}  // namespace smesim::detail
