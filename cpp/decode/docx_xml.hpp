// XML helpers for the .docx reader: safe parsing of one part, and lookups by local name.
//
// WordprocessingML is matched by local name (the part after "w:"), so a file that binds the
// namespace to another prefix reads the same.
#pragma once

#include <pugixml.hpp>

#include <cstring>
#include <string>
#include <string_view>

namespace jixiao::docx {

// Documents this many elements or more are refused before parsing: the DOM of a hostile part
// of tiny elements would otherwise take many times the part's size in memory.
inline constexpr size_t kMaxElements = 4'000'000;

// Parses `buffer` in place (it must outlive `doc`). Refuses any DOCTYPE (entity tricks) and
// reports malformed XML with pugixml's reason and byte offset, as FormatError naming `path`.
void parse_part(pugi::xml_document& doc, std::string& buffer, std::string_view part, const std::string& path);

// The local part of an element or attribute name ("p" of "w:p"), compared with literals
// without measuring it first: the walk compares every element's name several times.
class LocalName {
 public:
  explicit LocalName(const char* qualified) : name_(strip(qualified)) {}
  bool operator==(std::string_view want) const {
    for (size_t i = 0; i < want.size(); ++i)
      if (name_[i] != want[i]) return false;  // also stops at the end of a shorter name
    return name_[want.size()] == '\0';
  }
  const char* c_str() const { return name_; }

 private:
  static const char* strip(const char* qualified) {
    if (qualified[0] && qualified[1] == ':') return qualified + 2;  // the usual "w:"
    const char* colon = std::strchr(qualified, ':');
    return colon ? colon + 1 : qualified;
  }
  const char* name_;
};

// Text and other non-element nodes have an empty name, which matches no element name.
inline LocalName local_name(const pugi::xml_node& node) { return LocalName(node.name()); }

// The first child element with this local name.
pugi::xml_node child(const pugi::xml_node& node, std::string_view local);
// The value of the attribute with this local name ("val" finds w:val), or nullptr.
const char* attribute(const pugi::xml_node& node, std::string_view local);
// The w:val of the child `local`, or nullptr when the child or its value is absent.
const char* child_value(const pugi::xml_node& node, std::string_view local);
// An integer attribute value, or `fallback` when absent or not a number.
int to_int(const char* value, int fallback);
// An on/off property (<w:vanish/>, <w:vanish w:val="false"/>): absent → -1, off → 0, on → 1.
int on_off(const pugi::xml_node& node, std::string_view local);

}  // namespace jixiao::docx
