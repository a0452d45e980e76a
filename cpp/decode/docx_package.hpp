// The zip container of a .docx or .xlsx (an OPC package), read from memory with libzip, and the
// package relationships that say where its parts are.
//
// Reads only the parts asked for, inflating each under limits so that a hostile file
// (zip bomb, lying size fields, encryption, truncation) raises FormatError naming the
// file instead of exhausting memory or crashing. Part names are matched without regard
// to case, as OPC requires.
#pragma once

#include "decode/docx_xml.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace jixiao {

struct PackageLimits {
  size_t max_inflated = 200u << 20;     // all parts read from one file, together
  size_t ratio_checked_from = 10u << 20;  // parts inflating to more than this ...
  size_t max_ratio = 200;                 // ... may not be compressed more than max_ratio : 1
};

// True when `bytes` are a zip archive holding a part whose name starts with `folder` ("word/",
// "xl/"), matched without regard to case; false for anything else, damaged archives included.
bool zip_holds_folder(std::string_view bytes, std::string_view folder);

class DocxPackage {
 public:
  // Opens the archive held in `bytes` (which must outlive the package); `path` names it in errors,
  // `kind` (".docx", ".xlsx") says what it should have been.
  DocxPackage(std::string_view bytes, const std::string& path, PackageLimits limits = {},
              std::string_view kind = ".docx");
  ~DocxPackage();
  DocxPackage(const DocxPackage&) = delete;
  DocxPackage& operator=(const DocxPackage&) = delete;

  // The inflated bytes of a part ("word/document.xml"), or nothing when the archive lacks it.
  std::optional<std::string> read(std::string_view part);

 private:
  zip* archive_ = nullptr;
  std::string path_;
  std::string app_;  // the program that can remove a password: Word or Excel
  PackageLimits limits_;
  size_t inflated_ = 0;  // bytes inflated so far, against limits_.max_inflated
};

// A relationship target resolved against the folder of the part that names it.
std::string resolve_target(std::string_view source_part, std::string_view target);

// The relationships of one part (its _rels/NAME.rels), internal targets resolved to part names.
struct Relationships {
  std::string buffer;
  pugi::xml_document xml;
  std::string source_part;

  // The part named by the relationship whose type ends in `type_suffix` ("/officeDocument",
  // "/styles"); `fallback` when the package does not say.
  std::string target(std::string_view type_suffix, std::string fallback) const;
  // The part named by relationship `id` ("rId3"), or an empty string.
  std::string target_of_id(std::string_view id) const;
};

// Reads the relationships of `source_part` ("" for the package's own) into `rels`.
void read_relationships(DocxPackage& package, std::string_view source_part, const std::string& path,
                        Relationships& rels);

}  // namespace jixiao
