// What a .docx paragraph's style and list membership mean for its text: outline levels from
// styles.xml (w:outlineLvl along the basedOn chain, or a "heading N" style name), hidden
// character styles, and Word's automatic numbering from numbering.xml rendered as a reader
// sees it ("一、", "（一）", "1.2", "①").
//
// Numbering model (as Word behaves): lists are counted per abstract definition, so two w:num
// that share a w:abstractNum continue one sequence; a w:num with a w:lvlOverride (startOverride
// or a replacement w:lvl) counts on its own from its override. A level restarts when a higher
// level is used (or per its w:lvlRestart). "%N" in w:lvlText is level N's current number in
// level N's own format (decimal for every level when w:isLgl is set).
#pragma once

#include <pugixml.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace jixiao::docx {

// `value` written in a w:numFmt ("decimal", "chineseCounting", "decimalEnclosedCircle", …);
// formats without a rendering of that value fall back to decimal.
std::string format_number(int value, std::string_view num_fmt);

// Maps keyed by style id, looked up with a string_view without building a std::string.
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
};
template <typename Value>
using IdMap = std::unordered_map<std::string, Value, IdHash, std::equal_to<>>;

struct ParagraphStyle {
  int outline_level = -1;  // 0-based outline level (w:outlineLvl 0–8), -1 for body text
  int num_id = -1;         // numbering the style carries, -1 when none
  int num_level = -1;      // its w:ilvl, -1 when the style does not say
  std::string num_style;   // the style in the basedOn chain that declares that numbering
  bool hidden = false;     // its run properties hide the text (w:vanish)
};

class StyleSheet {
 public:
  StyleSheet() = default;
  // Reads w:styles (may be an empty node when the package has no styles part).
  explicit StyleSheet(const pugi::xml_node& styles);

  // A paragraph style by id; the default paragraph style for an empty or unknown id.
  const ParagraphStyle* paragraph(std::string_view id) const;
  bool character_hidden(std::string_view id) const;
  // The w:numId of a numbering style (the target of w:numStyleLink), -1 when none.
  int numbering_style_num(std::string_view id) const;

 private:
  IdMap<ParagraphStyle> paragraph_;
  IdMap<bool> character_hidden_;
  IdMap<int> numbering_num_;
  std::string default_paragraph_;
};

class ListNumbering {
 public:
  ListNumbering() = default;
  // Reads w:numbering (may be an empty node); `styles` resolves w:numStyleLink.
  ListNumbering(const pugi::xml_node& numbering, const StyleSheet& styles);

  // Advances list `num_id` at `level` (0–8) and appends the rendered number and its suffix
  // to `out`. Appends nothing for an unknown list or a level without visible numbering.
  void next(int num_id, int level, std::string& out);
  // The level of list `num_id` whose w:pStyle is `style_id`, or 0.
  int level_for_style(int num_id, std::string_view style_id) const;

 private:
  struct Level {
    int start = 1;
    std::string format = "decimal";
    std::string text;          // w:lvlText, e.g. "（%1）"
    bool spaced = true;        // w:suff tab or space (both read as one space), not "nothing"
    bool legal = false;        // w:isLgl
    int restart_after = -1;    // w:lvlRestart (1-based), -1 when absent
    bool hidden = false;
    std::string style;         // w:pStyle linking the level to a paragraph style
  };
  using Levels = std::array<Level, 9>;
  struct Counters {
    std::array<int, 9> value{};
    std::array<bool, 9> started{};
  };
  struct Instance {
    int abstract_id = -1;
    std::array<std::optional<int>, 9> start_override;
    std::array<std::optional<Level>, 9> level_override;
    bool own_counters = false;  // any override: counts on its own
  };

  const Levels* levels_of(int abstract_id) const;
  static Level read_level(const pugi::xml_node& lvl);

  std::unordered_map<int, Levels> abstracts_;
  std::unordered_map<int, int> abstract_redirect_;  // w:numStyleLink → the abstract that defines the list
  std::unordered_map<int, Instance> instances_;
  std::unordered_map<long long, Counters> counters_;  // per abstract, or per instance with overrides
};

}  // namespace jixiao::docx
