#include "pipeline/pipeline.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "decode/docx.hpp"
#include "decode/pdf.hpp"
#include "extract/extract.hpp"
#include "outline/outline.hpp"
#include "parse/parse.hpp"

namespace jixiao {
namespace {

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

Document finish(ParsedText parsed, Meta meta) {
  Document doc;
  doc.meta = std::move(meta);
  doc.text = std::move(parsed.text);
  doc.blocks = std::move(parsed.blocks);
  doc.tables = std::move(parsed.tables);
  doc.artifacts = std::move(parsed.artifacts);
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
  if ((bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-") || ends_with_ci(path, ".pdf")) {
    meta.format = "pdf";
    meta.encoding = "utf-8";
    return finish(read_pdf(bytes, path), std::move(meta));
  }
  DecodedText decoded = decode_text(bytes, path);
  meta.format = "text";
  meta.encoding = decoded.encoding;
  return finish(parse_text(std::move(decoded.text)), std::move(meta));
}

Document load_document(const std::string& path) { return read_document(read_file_bytes(path), path); }

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
