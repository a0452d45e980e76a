// Stage 1 for PDF files: .pdf bytes -> the same blocks and tables the other readers give.
//
// Takes the bytes of a PDF and the file's path for messages. PDFium (loaded at run time, see
// set_pdfium_library) gives each page's characters with their boxes and the rulings its
// path objects draw, read under one lock (PDFium is not thread-safe); the layout stage
// (layout/layout.hpp) turns them into paragraphs, tables and artifacts, outside the lock, so
// several files lay out in parallel. Every block and table carries its 1-based page.
//
// Refused with FormatError naming the file: encrypted files (已加密), files without a text
// layer (scanned pages; OCR is not done), fonts without a usable Unicode map, damaged files,
// and files past the caps below (pages, objects, characters) — a bound on memory and time
// for hostile input. A missing PDFium library is a FormatError saying what to install.
#pragma once

#include "parse/parse.hpp"

#include <string>
#include <string_view>

namespace jixiao {

inline constexpr int kMaxPdfPages = 5'000;
inline constexpr size_t kMaxPdfObjects = 2'000'000;  // page objects, all pages together
inline constexpr size_t kMaxPdfChars = 5'000'000;    // characters, all pages together

// Where libpdfium is (the Python package passes the one in pypdfium2's wheel at import).
// Without a call, the JIXIAO_PDFIUM_LIBRARY environment variable is used, then the system's
// library search path. Takes effect before the first PDF is read.
void set_pdfium_library(std::string path);

ParsedText read_pdf(std::string_view bytes, const std::string& path);

}  // namespace jixiao
