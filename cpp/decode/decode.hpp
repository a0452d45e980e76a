// Stage 1, decode: bytes of a text file -> UTF-8 text.
//
// Takes the raw bytes and the file's path (for messages); gives the text with line
// breaks normalised to \n and the name of the encoding found: "utf-8", "utf-8-sig",
// "utf-16-le", "utf-16-be" or "gb18030". Bytes that fit no supported encoding, binary
// data and empty files raise jixiao::Error (DecodeError / FormatError) naming the file.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

struct DecodedText {
  std::string text;
  std::string encoding;
};

// Files larger than this are refused rather than parsed (a report is tens of kilobytes).
inline constexpr size_t kMaxInputBytes = 64u << 20;

DecodedText decode_text(std::string_view bytes, const std::string& path);

// Reads a whole file; a missing or unreadable file raises FormatError naming it.
std::string read_file_bytes(const std::string& path);

}  // namespace jixiao
