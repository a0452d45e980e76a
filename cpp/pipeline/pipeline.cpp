#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "decode/docx.hpp"
#include "decode/docx_package.hpp"
#include "decode/legacy.hpp"
#include "decode/pdf.hpp"
#include "decode/xlsx.hpp"
#include "extract/extract.hpp"
#include "outline/outline.hpp"
#include "parse/parse.hpp"
#include "parse/published.hpp"

#include <array>

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

// ---- the readers: one row per format ------------------------------------------------------------

bool is_zip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }
// .docx and .xlsx are both zip packages; what is inside tells them apart, whatever the name.
bool is_word_package(std::string_view bytes) { return zip_holds_folder(bytes, "word/"); }
bool is_excel_package(std::string_view bytes) { return zip_holds_folder(bytes, "xl/"); }
bool is_pdf(std::string_view bytes) { return bytes.substr(0, 5) == "%PDF-"; }
// The OLE compound file of .doc, .xls and .wps.
bool is_ole(std::string_view bytes) { return bytes.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"; }

ParsedText docx_reader(std::string_view bytes, const std::string& path, Meta& meta) {
  meta.encoding = "utf-8";
  return read_docx(bytes, path);
}

ParsedText xlsx_reader(std::string_view bytes, const std::string& path, Meta& meta) {
  meta.encoding = "utf-8";
  return read_xlsx(bytes, path);
}

ParsedText pdf_reader(std::string_view bytes, const std::string& path, Meta& meta) {
  meta.encoding = "utf-8";
  return read_pdf(bytes, path);
}

// .doc, .wps and .xls: LibreOffice converts them, the native readers read the result.
ParsedText legacy_reader(std::string_view bytes, const std::string& path, Meta& meta) {
  const ConvertedFile converted = convert_legacy_office(bytes, path);
  meta.format = converted.source;
  meta.encoding = "utf-8";
  return converted.format == "xlsx" ? read_xlsx(converted.bytes, path) : read_docx(converted.bytes, path);
}

ParsedText text_reader(std::string_view bytes, const std::string& path, Meta& meta) {
  DecodedText decoded = decode_text(bytes, path);
  meta.encoding = decoded.encoding;
  return parse_text(std::move(decoded.text));
}

struct Reader {
  std::string_view format;                     // Meta::format of what it reads
  bool (*recognises)(std::string_view bytes);  // the content test; null when content cannot tell
  std::array<std::string_view, 3> suffixes;    // lower case; empty slots unused
  ParsedText (*read)(std::string_view bytes, const std::string& path, Meta& meta);
};

// Content decides first (in this order), the suffix second; text is the last resort.
constexpr std::array<Reader, 5> kReaders{{
    {"docx", is_word_package, {".docx", ".docm"}, docx_reader},
    {"xlsx", is_excel_package, {".xlsx", ".xlsm"}, xlsx_reader},
    {"pdf", is_pdf, {".pdf"}, pdf_reader},
    {"ole", is_ole, {".doc", ".xls", ".wps"}, legacy_reader},
    {"text", nullptr, {".txt"}, text_reader},
}};

const Reader& reader_for(std::string_view bytes, const std::string& path) {
  for (const Reader& r : kReaders)
    if (r.recognises && r.recognises(bytes)) return r;
  for (const Reader& r : kReaders)
    for (std::string_view suffix : r.suffixes)
      if (!suffix.empty() && ends_with_ci(path, suffix)) return r;
  // A zip that is neither package (damaged, or something else zipped): the Word reader says
  // what is wrong with it, as it did before workbooks were read.
  if (is_zip(bytes)) return kReaders.front();
  return kReaders.back();
}

}  // namespace

Document read_document(std::string_view bytes, const std::string& path) {
  const Reader& reader = reader_for(bytes, path);
  Meta meta;
  meta.path = path;
  meta.format = reader.format;
  ParsedText parsed = reader.read(bytes, path, meta);
  return finish(std::move(parsed), std::move(meta));
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
