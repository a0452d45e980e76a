// The zip container of a .docx (an OPC package), read from memory with libzip.
//
// Reads only the parts asked for, inflating each under limits so that a hostile file
// (zip bomb, lying size fields, encryption, truncation) raises FormatError naming the
// file instead of exhausting memory or crashing. Part names are matched without regard
// to case, as OPC requires.
#pragma once

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

class DocxPackage {
 public:
  // Opens the archive held in `bytes` (which must outlive the package); `path` names it in errors.
  DocxPackage(std::string_view bytes, const std::string& path, PackageLimits limits = {});
  ~DocxPackage();
  DocxPackage(const DocxPackage&) = delete;
  DocxPackage& operator=(const DocxPackage&) = delete;

  // The inflated bytes of a part ("word/document.xml"), or nothing when the archive lacks it.
  std::optional<std::string> read(std::string_view part);

 private:
  zip* archive_ = nullptr;
  std::string path_;
  PackageLimits limits_;
  size_t inflated_ = 0;  // bytes inflated so far, against limits_.max_inflated
};

}  // namespace jixiao
