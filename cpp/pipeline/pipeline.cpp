#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "decode/docx.hpp"
#include "extract/extract.hpp"
#include "outline/outline.hpp"
#include "parse/parse.hpp"
#include "parse/published.hpp"

namespace jixiao {
namespace {

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

// Every reader's text is read the same way: the spacing and punctuation publishing adds inside
// sentences is taken out of paragraphs and cells (the table block's own text is only a summary).
void tidy_blocks(Document& doc) {
  for (Block& b : doc.blocks)
    if (b.kind != "table") b.text = tidy_published(b.text, b.map);
  for (Table& t : doc.tables)
    for (auto& row : t.rows)
      for (Cell& c : row)
        if (!c.text.empty()) c.text = tidy_published(c.text, c.map);
}

// A part the 目录 numbers (第二部分 X) whose body heading leaves the number out (X alone) is still
// that part: the paragraph is marked as a top-level heading, so its missing number is no gap.
void headings_named_by_contents(Document& doc) {
  static const Regex part(R"(^第[一二三四五六七八九十]+部分\s*)");
  std::vector<std::string> titles;
  for (const Artifact& a : doc.artifacts) {
    if (a.kind != "contents") continue;
    RegexMatch m;
    if (!part.search(a.text, m)) continue;
    std::string title = utf8::squeeze(std::string_view(a.text).substr(m.end()));
    while (!title.empty() && (std::isdigit(static_cast<unsigned char>(title.back())) || title.back() == '.')) title.pop_back();
    for (std::string_view leader : {"…", "．", "·"})
      while (title.ends_with(leader)) title.resize(title.size() - leader.size());
    if (!title.empty()) titles.push_back(std::move(title));
  }
  if (titles.empty()) return;
  for (Block& b : doc.blocks)
    if (b.kind == "paragraph" && b.level == 0 && b.text.size() < 200 &&
        std::find(titles.begin(), titles.end(), utf8::squeeze(b.text)) != titles.end())
      b.level = 1;
}

Document finish(ParsedText parsed, Meta meta) {
  Document doc;
  doc.meta = std::move(meta);
  doc.text = std::move(parsed.text);
  doc.blocks = std::move(parsed.blocks);
  doc.tables = std::move(parsed.tables);
  doc.artifacts = std::move(parsed.artifacts);
  tidy_blocks(doc);
  headings_named_by_contents(doc);
  doc.outline = build_outline(doc.blocks);
  extract_all(doc);
  return doc;
}

}  // namespace

Document read_document(std::string_view bytes, const std::string& path) {
  Meta meta;
  meta.path = path;
  const bool zip = bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
  if (zip || ends_with_ci(path, ".docx")) {
    meta.format = "docx";
    meta.encoding = "utf-8";
    return finish(read_docx(bytes, path), std::move(meta));
  }
  if (ends_with_ci(path, ".doc") || (bytes.size() >= 8 && bytes.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    throw FormatError(path, "不支持旧版 Word（.doc）或其他 OLE 格式，请另存为 .docx 或文本",
                      "old Word (.doc) and other OLE files are not supported; save as .docx or text");
  if (bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-")
    throw FormatError(path, "暂不支持 PDF 文件，请另存为 .docx 或文本", "PDF files are not supported yet; save as .docx or text");
  DecodedText decoded = decode_text(bytes, path);
  meta.format = "text";
  meta.encoding = decoded.encoding;
  return finish(parse_text(std::move(decoded.text)), std::move(meta));
}

Document load_document(const std::string& path) { return read_document(read_file_bytes(path), shown_path(path)); }

Document parse_document(std::string text, const std::string& name) {
  if (!utf8::valid(text)) throw DecodeError(name, "文本不是有效的 UTF-8", "the text is not valid UTF-8");
  Meta meta;
  meta.path = name;
  meta.format = "text";
  meta.encoding = "utf-8";
  // Line breaks normalised as for files.
  std::string normalised;
  normalised.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      normalised.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      normalised.push_back(text[i]);
    }
  }
  return finish(parse_text(std::move(normalised)), std::move(meta));
}

}  // namespace jixiao
