// libFuzzer target: the XML stage of the .docx reader without the zip around it, so the
// fuzzer mutates markup rather than compressed bytes. The input is word/document.xml,
// optionally followed by word/styles.xml and word/numbering.xml, the parts separated by
// kSeparator (see docx_xml.dict and the seeds in corpus/docx_xml). The parts go through the
// reader, the outline, extraction and the rules.
#include "check/check.hpp"
#include "core/error.hpp"
#include "decode/docx.hpp"
#include "extract/extract.hpp"
#include "outline/outline.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

constexpr std::string_view kSeparator = "\n--jixiao-part--\n";

// The next part of the input: up to the separator, or the rest.
std::string_view take_part(std::string_view& rest) {
  const size_t cut = rest.find(kSeparator);
  const std::string_view part = rest.substr(0, cut);
  rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + kSeparator.size());
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  jixiao::DocxParts parts;
  parts.document = std::string(take_part(rest));
  const bool has_styles = !rest.empty();
  if (has_styles) parts.styles = std::string(take_part(rest));
  if (!rest.empty()) parts.numbering = std::string(take_part(rest));
  try {
    jixiao::ParsedText parsed = jixiao::read_docx_parts(std::move(parts), "fuzz.docx");
    jixiao::Document doc;
    doc.meta.path = "fuzz.docx";
    doc.meta.format = "docx";
    doc.text = std::move(parsed.text);
    doc.blocks = std::move(parsed.blocks);
    doc.tables = std::move(parsed.tables);
    doc.artifacts = std::move(parsed.artifacts);
    doc.outline = jixiao::build_outline(doc.blocks);
    jixiao::extract_all(doc);
    (void)jixiao::check_document(doc);
  } catch (const jixiao::Error&) {
    // Refused with a clear error naming the file.
  }
  return 0;
}
