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

// Reads a whole file; a missing or unreadable file raises FormatError naming it (by shown_path).
// Regular files are read as they are; pipes, FIFOs and devices (/dev/stdin) are opened without
// blocking and read as a stream, and a stream silent for kStreamIdleSeconds is an error, so no
// file can hang the reader. A path holding a NUL byte is refused, as the system's open() would.
std::string read_file_bytes(const std::string& path);

inline constexpr int kStreamIdleSeconds = 5;

// A path as messages and records show it: valid UTF-8 as it is, any other byte (a GBK file name
// on Linux) as \xNN, and NUL as \0 — readable, and never the cause of an encoding error.
std::string shown_path(const std::string& path);

}  // namespace jixiao
