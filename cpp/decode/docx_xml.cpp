#include "decode/docx_xml.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <charconv>

namespace jixiao::docx {

void parse_part(pugi::xml_document& doc, std::string& buffer, std::string_view part, const std::string& path) {
  const std::string name(part);
  if (static_cast<size_t>(std::count(buffer.begin(), buffer.end(), '<')) >= kMaxElements)
    throw FormatError(path, name + " 的结构过大（XML 元素超过 " + std::to_string(kMaxElements) + " 个），拒绝读取",
                      name + " is too large (more than " + std::to_string(kMaxElements) +
                          " XML elements); refused");
  // parse_ws_pcdata_single keeps <w:t xml:space="preserve"> </w:t>; parse_doctype lets us see a DOCTYPE to refuse it.
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_doctype;
  const pugi::xml_parse_result result = doc.load_buffer_inplace(buffer.data(), buffer.size(), options);
  if (!result)
    throw FormatError(path,
                      name + " 不是有效的 XML：" + result.description() + "（第 " + std::to_string(result.offset) +
                          " 字节处）",
                      name + " is not well-formed XML: " + result.description() + " at byte " +
                          std::to_string(result.offset));
  for (const pugi::xml_node& node : doc.children())
    if (node.type() == pugi::node_doctype)
      throw FormatError(path, name + " 含有 DOCTYPE 声明（可被用于实体扩展攻击），拒绝读取",
                        name + " contains a DOCTYPE declaration (usable for entity-expansion attacks); refused");
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (local_name(c) == local) return c;
  return {};
}

const char* attribute(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (LocalName(a.name()) == local) return a.value();
  return nullptr;
}

const char* child_value(const pugi::xml_node& node, std::string_view local) {
  const pugi::xml_node c = child(node, local);
  return c ? attribute(c, "val") : nullptr;
}

int to_int(const char* value, int fallback) {
  if (!value) return fallback;
  const std::string_view s(value);
  int v = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
  return error == std::errc() && end == s.data() + s.size() ? v : fallback;
}

int on_off(const pugi::xml_node& node, std::string_view local) {
  const pugi::xml_node c = child(node, local);
  if (!c) return -1;
  const char* v = attribute(c, "val");
  if (!v) return 1;
  const std::string_view s(v);
  return s == "0" || s == "false" || s == "off" ? 0 : 1;
}

}  // namespace jixiao::docx
