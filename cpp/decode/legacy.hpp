// Legacy binary Office files (.doc, .wps, .xls — OLE compound files), converted to .docx or
// .xlsx by LibreOffice when it is installed, then read by the native readers.
//
// Takes the bytes and the path (for messages and the suffix). Finds `soffice` on PATH, writes
// the bytes into a fresh temporary folder, runs `soffice --headless --convert-to docx|xlsx`
// there (with its own throw-away profile, so conversions can run side by side and never touch a
// user's LibreOffice), waits at most `timeout_seconds` (the whole process group is killed after
// that), and gives the converted bytes. The folder is removed whatever happens.
// Without LibreOffice, on a timeout, a failed conversion, or a password-protected file,
// FormatError names the file and says how to convert it by hand.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

struct ConvertedFile {
  std::string bytes;
  std::string format;  // "docx" or "xlsx": what the bytes are now
  std::string source;  // "doc", "wps" or "xls": what they were
};

// Seconds a conversion may take when JIXIAO_SOFFICE_TIMEOUT does not say otherwise.
inline constexpr int kConversionTimeout = 120;

ConvertedFile convert_legacy_office(std::string_view bytes, const std::string& path);

}  // namespace jixiao
