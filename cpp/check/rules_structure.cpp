// Structure rules: empty and withheld sections, numbering style and sequence.
#include "check/rules.hpp"
#include "check/text_units.hpp"
#include "core/utf8.hpp"

#include <map>

namespace jixiao {
namespace {

// Headings grouped by parent, each group in document order.
std::map<int, std::vector<int>> sibling_groups(const Document& doc) {
  std::map<int, std::vector<int>> groups;
  for (size_t i = 0; i < doc.outline.size(); ++i) groups[doc.outline[i].parent].push_back(static_cast<int>(i));
  return groups;
}

Where numbering_place(const Heading& h) {
  const std::string_view numbering = utf8::trim(h.numbering);
  return Where{h.block, -1, -1, 0, numbering.size(), std::nullopt};
}

std::string short_text(const std::string& s) { return utf8::truncate(s, 24); }

// The blocks between a heading and the next heading (its direct content).
std::vector<int> direct_content(const Document& doc, const Heading& h) {
  std::vector<int> blocks;
  for (size_t b = h.block + 1; b < doc.blocks.size(); ++b) {
    if (doc.blocks[b].kind == "heading") break;
    blocks.push_back(static_cast<int>(b));
  }
  return blocks;
}

}  // namespace

void empty_section(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  for (size_t i = 0; i < doc.outline.size(); ++i) {
    const Heading& h = doc.outline[i];
    if (h.run_in || !direct_content(doc, h).empty()) continue;
    // A heading closed with a full stop may be a one-sentence section read as a heading
    // (二、存在的不足个别工作推进不够平衡。 in flowed text): that it is empty is not established.
    if (h.block >= 0 && utf8::trim(doc.blocks[h.block].text).ends_with("。")) continue;
    // A heading followed by its own sub-headings has content.
    const bool has_children = i + 1 < doc.outline.size() && doc.outline[i + 1].parent == static_cast<int>(i);
    if (has_children) continue;
    out.report("S103", Where{h.block, -1, -1, 0, std::string::npos, std::nullopt}, {{"heading", short_text(h.text)}});
  }
}

void withheld_content(const RuleContext& ctx, Reporter& out) {
  static const std::vector<std::string> withheld = {"保密", "涉密", "略", "此处略", "（略）", "(略)", "内容涉密", "涉密不公开"};
  const Document& doc = ctx.doc;
  for (const Heading& h : doc.outline) {
    const std::vector<int> content = direct_content(doc, h);
    if (content.size() != 1 || doc.blocks[content[0]].kind == "table") continue;
    std::string text = utf8::squeeze(doc.blocks[content[0]].text);
    while (text.size() >= 3 && (text.compare(text.size() - 3, 3, "。") == 0)) text.resize(text.size() - 3);
    for (const std::string& w : withheld) {
      if (text != w) continue;
      out.report("S104", Where{content[0], -1, -1, 0, std::string::npos, std::nullopt},
                 {{"heading", short_text(h.text)}, {"content", text}});
      break;
    }
  }
}

void numbering_style_mixed(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  for (const auto& [parent, group] : sibling_groups(doc)) {
    (void)parent;
    if (group.size() < 2) continue;
    // The first sibling sets the style; report where a run of siblings departs from it.
    const std::string& expected = doc.outline[group[0]].style;
    if (expected == "none") continue;
    for (size_t k = 1; k < group.size(); ++k) {
      const Heading& h = doc.outline[group[k]];
      const Heading& prev = doc.outline[group[k - 1]];
      if (h.style == "none" || h.style == expected || prev.style != expected) continue;
      const std::string better = numbering_in_style(h.value, expected);
      out.report("S201", numbering_place(h),
                 {{"numbering", std::string(utf8::trim(h.numbering))}, {"sibling", short_text(prev.text)}}, {},
                 "default", {{"zh", "改为「" + better + "」"}, {"en", "write “" + better + "”"}});
    }
  }
}

void numbering_sequence(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  for (const auto& [parent, group] : sibling_groups(doc)) {
    (void)parent;
    for (size_t k = 0; k < group.size(); ++k) {
      const Heading& h = doc.outline[group[k]];
      if (h.style == "none") continue;
      if (k == 0) {
        if (h.value != 1) {
          const std::string better = numbering_in_style(1, h.style);
          out.report("S202", numbering_place(h), {{"numbering", std::string(utf8::trim(h.numbering))}}, {}, "first",
                     {{"zh", "改为「" + better + "」"}, {"en", "write “" + better + "”"}});
        }
        continue;
      }
      const Heading& prev = doc.outline[group[k - 1]];
      if (prev.style == "none" || h.value == prev.value + 1) continue;
      const std::string better = numbering_in_style(prev.value + 1, h.style);
      out.report("S202", numbering_place(h),
                 {{"numbering", std::string(utf8::trim(h.numbering))},
                  {"expected", better},
                  {"previous", short_text(prev.text)}},
                 {}, "default", {{"zh", "改为「" + better + "」"}, {"en", "write “" + better + "”"}});
    }
  }
}

}  // namespace jixiao
