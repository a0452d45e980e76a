#include "decode/pdf.hpp"

#include "core/error.hpp"
#include "decode/decode.hpp"
#include "layout/layout.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>

namespace jixiao {
namespace {

// The part of PDFium's public C API (fpdfview.h, fpdf_text.h, fpdf_edit.h) used here,
// declared from its documentation: the wheel ships the library without headers.
namespace pdfium {
using Document = void*;
using Page = void*;
using TextPage = void*;
using PageObject = void*;
using PathSegment = void*;
using Bool = int;
struct RectF {
  float left, top, right, bottom;
};
struct Matrix {
  float a, b, c, d, e, f;
};
constexpr unsigned long kErrorPassword = 4;  // FPDF_ERR_PASSWORD
constexpr unsigned long kErrorSecurity = 5;  // FPDF_ERR_SECURITY: an unsupported security handler
constexpr int kObjectText = 1, kObjectPath = 2, kObjectImage = 3, kObjectForm = 5;
constexpr int kSegmentLineTo = 0, kSegmentMoveTo = 2;

struct Api {
  void (*InitLibrary)();
  Document (*LoadMemDocument64)(const void*, size_t, const char*);
  unsigned long (*GetLastError)();
  void (*CloseDocument)(Document);
  int (*GetPageCount)(Document);
  Page (*LoadPage)(Document, int);
  void (*ClosePage)(Page);
  float (*GetPageWidthF)(Page);
  float (*GetPageHeightF)(Page);
  TextPage (*TextLoadPage)(Page);
  void (*TextClosePage)(TextPage);
  int (*TextCountChars)(TextPage);
  unsigned (*TextGetUnicode)(TextPage, int);
  int (*TextIsGenerated)(TextPage, int);
  int (*TextHasUnicodeMapError)(TextPage, int);
  Bool (*TextGetLooseCharBox)(TextPage, int, RectF*);
  Bool (*TextGetCharOrigin)(TextPage, int, double*, double*);
  double (*TextGetFontSize)(TextPage, int);
  Bool (*TextGetMatrix)(TextPage, int, Matrix*);
  int (*PageCountObjects)(Page);
  PageObject (*PageGetObject)(Page, int);
  int (*ObjGetType)(PageObject);
  Bool (*ObjGetMatrix)(PageObject, Matrix*);
  int (*FormCountObjects)(PageObject);
  PageObject (*FormGetObject)(PageObject, unsigned long);
  int (*PathCountSegments)(PageObject);
  PathSegment (*PathGetPathSegment)(PageObject, int);
  Bool (*SegmentGetPoint)(PathSegment, float*, float*);
  int (*SegmentGetType)(PathSegment);
  Bool (*SegmentGetClose)(PathSegment);
  Bool (*PathGetDrawMode)(PageObject, int*, Bool*);
};

}  // namespace pdfium

// PDFium keeps global state and is not thread-safe: every call goes through this lock.
std::mutex& pdfium_lock() {
  static std::mutex m;
  return m;
}
std::string& configured_library() {
  static std::string path;
  return path;
}

template <typename F>
bool bind(void* lib, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(lib, name));
  return f != nullptr;
}

// Loads the library and resolves the API once; nullptr when it cannot. Called under the lock.
const pdfium::Api* load_api() {
  static bool tried = false;
  static pdfium::Api api;
  static bool ok = false;
  if (tried) return ok ? &api : nullptr;
  tried = true;
  std::string path = configured_library();
  if (path.empty())
    if (const char* env = std::getenv("JIXIAO_PDFIUM_LIBRARY")) path = env;
  if (path.empty()) path = "libpdfium.so";
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) return nullptr;
  ok = bind(lib, "FPDF_InitLibrary", api.InitLibrary) && bind(lib, "FPDF_LoadMemDocument64", api.LoadMemDocument64) &&
       bind(lib, "FPDF_GetLastError", api.GetLastError) && bind(lib, "FPDF_CloseDocument", api.CloseDocument) &&
       bind(lib, "FPDF_GetPageCount", api.GetPageCount) && bind(lib, "FPDF_LoadPage", api.LoadPage) &&
       bind(lib, "FPDF_ClosePage", api.ClosePage) && bind(lib, "FPDF_GetPageWidthF", api.GetPageWidthF) &&
       bind(lib, "FPDF_GetPageHeightF", api.GetPageHeightF) && bind(lib, "FPDFText_LoadPage", api.TextLoadPage) &&
       bind(lib, "FPDFText_ClosePage", api.TextClosePage) && bind(lib, "FPDFText_CountChars", api.TextCountChars) &&
       bind(lib, "FPDFText_GetUnicode", api.TextGetUnicode) && bind(lib, "FPDFText_IsGenerated", api.TextIsGenerated) &&
       bind(lib, "FPDFText_HasUnicodeMapError", api.TextHasUnicodeMapError) &&
       bind(lib, "FPDFText_GetLooseCharBox", api.TextGetLooseCharBox) &&
       bind(lib, "FPDFText_GetCharOrigin", api.TextGetCharOrigin) &&
       bind(lib, "FPDFText_GetFontSize", api.TextGetFontSize) && bind(lib, "FPDFText_GetMatrix", api.TextGetMatrix) &&
       bind(lib, "FPDFPage_CountObjects", api.PageCountObjects) && bind(lib, "FPDFPage_GetObject", api.PageGetObject) &&
       bind(lib, "FPDFPageObj_GetType", api.ObjGetType) && bind(lib, "FPDFPageObj_GetMatrix", api.ObjGetMatrix) &&
       bind(lib, "FPDFFormObj_CountObjects", api.FormCountObjects) &&
       bind(lib, "FPDFFormObj_GetObject", api.FormGetObject) &&
       bind(lib, "FPDFPath_CountSegments", api.PathCountSegments) &&
       bind(lib, "FPDFPath_GetPathSegment", api.PathGetPathSegment) &&
       bind(lib, "FPDFPathSegment_GetPoint", api.SegmentGetPoint) &&
       bind(lib, "FPDFPathSegment_GetType", api.SegmentGetType) &&
       bind(lib, "FPDFPathSegment_GetClose", api.SegmentGetClose) &&
       bind(lib, "FPDFPath_GetDrawMode", api.PathGetDrawMode);
  if (ok) api.InitLibrary();
  return ok ? &api : nullptr;
}

// An affine map (PDF order: x' = a x + c y + e, y' = b x + d y + f).
struct Affine {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  // `m` first, then this map.
  Affine after(const pdfium::Matrix& m) const {
    return {m.a * a + m.b * c, m.a * b + m.b * d, m.c * a + m.d * c, m.c * b + m.d * d, m.e * a + m.f * c + e,
            m.e * b + m.f * d + f};
  }
  void apply(double x, double y, double& ox, double& oy) const {
    ox = a * x + c * y + e;
    oy = b * x + d * y + f;
  }
};

constexpr int kMaxFormDepth = 12;        // form XObjects inside form XObjects
constexpr size_t kMaxPathSegments = 4096;  // per path: a ruling is a few; more is a drawing
constexpr double kThin = 3.0;            // points: a filled shape this thin is a ruling
constexpr double kMinRuling = 2.0;

// Reads one page's characters and rulings. Runs under the lock.
class PageReader {
 public:
  PageReader(const pdfium::Api& api, const std::string& path, size_t& objects, size_t& chars)
      : api_(api), path_(path), objects_(objects), chars_(chars) {}

  struct Result {
    layout::Page page;
    size_t images = 0;
    size_t unmapped = 0;  // characters without a usable Unicode value
  };

  Result read(pdfium::Document doc, int index) {
    Result r;
    pdfium::Page page = api_.LoadPage(doc, index);
    if (!page)
      throw FormatError(path_, "第 " + std::to_string(index + 1) + " 页无法读取，文件可能已损坏",
                        "page " + std::to_string(index + 1) + " cannot be read; the file may be damaged");
    struct Closer {
      const pdfium::Api& api;
      pdfium::Page page;
      pdfium::TextPage text = nullptr;
      ~Closer() {
        if (text) api.TextClosePage(text);
        api.ClosePage(page);
      }
    } closer{api_, page};
    height_ = api_.GetPageHeightF(page);
    r.page.width = api_.GetPageWidthF(page);
    r.page.height = height_;

    const int n_objects = api_.PageCountObjects(page);
    for (int i = 0; i < n_objects; ++i) visit(api_.PageGetObject(page, i), Affine{}, 0, r);

    closer.text = api_.TextLoadPage(page);
    if (!closer.text) return r;
    const int n = api_.TextCountChars(closer.text);
    for (int i = 0; i < n; ++i) {
      if (api_.TextIsGenerated(closer.text, i) == 1) continue;  // spaces and breaks PDFium guessed
      const unsigned code = api_.TextGetUnicode(closer.text, i);
      if (code == ' ' || code == '\t' || code == '\r' || code == '\n' || code == 0xA0 || code == 0x3000) continue;
      if (++chars_ > kMaxPdfChars) too_large("文字超过 " + std::to_string(kMaxPdfChars) + " 个",
                                             "more than " + std::to_string(kMaxPdfChars) + " characters");
      if (code < 0x20 || code == 0xFFFD || (code >= 0xE000 && code <= 0xF8FF) || code > 0x10FFFF ||
          (code >= 0xD800 && code <= 0xDFFF) || api_.TextHasUnicodeMapError(closer.text, i) == 1) {
        ++r.unmapped;
        continue;
      }
      pdfium::RectF box{};
      double ox = 0, oy = 0;
      if (!api_.TextGetLooseCharBox(closer.text, i, &box) || !api_.TextGetCharOrigin(closer.text, i, &ox, &oy))
        continue;
      // Glyph boxes differ from glyph to glyph (a comma is short, digits of another font tall);
      // lines are built from the baseline and the font size scaled by the text matrix instead.
      double size = api_.TextGetFontSize(closer.text, i);
      pdfium::Matrix m{1, 0, 0, 1, 0, 0};
      if (api_.TextGetMatrix(closer.text, i, &m)) size *= std::sqrt(std::fabs(double(m.a) * m.d - double(m.b) * m.c));
      if (!(size > 0.5 && size < 2000)) size = std::max(1.0, double(std::fabs(box.top - box.bottom)));
      layout::Char c;
      c.code = static_cast<char32_t>(code);
      c.x0 = std::min(box.left, box.right);
      c.x1 = std::max(box.left, box.right);
      const double baseline = height_ - oy;
      c.y0 = baseline - 0.8 * size;
      c.y1 = baseline + 0.2 * size;
      r.page.chars.push_back(c);
    }
    return r;
  }

 private:
  [[noreturn]] void too_large(const std::string& zh, const std::string& en) const {
    throw FormatError(path_, "PDF 过大或结构异常：" + zh + "，拒绝读取",
                      "the PDF is too large or malformed: " + en + "; refused");
  }

  void visit(pdfium::PageObject obj, const Affine& parent, int depth, Result& r) {
    if (!obj) return;
    if (++objects_ > kMaxPdfObjects)
      too_large("页面对象超过 " + std::to_string(kMaxPdfObjects) + " 个",
                "more than " + std::to_string(kMaxPdfObjects) + " page objects");
    const int type = api_.ObjGetType(obj);
    if (type == pdfium::kObjectImage) {
      ++r.images;
    } else if (type == pdfium::kObjectPath) {
      path(obj, parent, r.page);
    } else if (type == pdfium::kObjectForm) {
      if (depth >= kMaxFormDepth)
        too_large("表单对象嵌套超过 " + std::to_string(kMaxFormDepth) + " 层",
                  "form objects nested deeper than " + std::to_string(kMaxFormDepth));
      pdfium::Matrix m{1, 0, 0, 1, 0, 0};
      api_.ObjGetMatrix(obj, &m);
      const Affine inner = parent.after(m);
      const int n = api_.FormCountObjects(obj);
      for (int i = 0; i < n; ++i) visit(api_.FormGetObject(obj, static_cast<unsigned long>(i)), inner, depth + 1, r);
    }
  }

  void add_ruling(layout::Page& page, double x0, double y0, double x1, double y1) {
    const double w = std::fabs(x1 - x0), h = std::fabs(y1 - y0);
    if (std::max(w, h) < kMinRuling) return;
    layout::Ruling rule;
    if (h <= 1.0) {
      rule = {std::min(x0, x1), height_ - (y0 + y1) / 2, std::max(x0, x1), height_ - (y0 + y1) / 2};
    } else if (w <= 1.0) {
      rule = {(x0 + x1) / 2, height_ - std::max(y0, y1), (x0 + x1) / 2, height_ - std::min(y0, y1)};
    } else {
      return;  // a slanted line
    }
    page.rulings.push_back(rule);
  }

  // Rulings a path draws: thin filled shapes (their centre line) and the straight axis-aligned
  // pieces of stroked outlines. Large filled shapes (backgrounds, shading) separate nothing.
  void path(pdfium::PageObject obj, const Affine& parent, layout::Page& page) {
    int fill = 0;
    pdfium::Bool stroke = 0;
    if (!api_.PathGetDrawMode(obj, &fill, &stroke) || (fill == 0 && !stroke)) return;
    const int n = api_.PathCountSegments(obj);
    if (n <= 0 || static_cast<size_t>(n) > kMaxPathSegments) return;
    pdfium::Matrix m{1, 0, 0, 1, 0, 0};
    api_.ObjGetMatrix(obj, &m);
    const Affine to_page = parent.after(m);
    struct Point {
      double x, y;
      bool line;  // reached by a straight line from the point before
    };
    std::vector<Point> sub;
    auto finish = [&](bool closed) {
      if (sub.size() >= 2) {
        double x0 = sub[0].x, x1 = x0, y0 = sub[0].y, y1 = y0;
        for (const Point& p : sub) {
          x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
        }
        if (fill != 0 && (x1 - x0 <= kThin || y1 - y0 <= kThin)) {
          if (x1 - x0 >= y1 - y0)
            add_ruling(page, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
          else
            add_ruling(page, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
        } else if (stroke) {
          for (size_t i = 1; i < sub.size(); ++i)
            if (sub[i].line) add_ruling(page, sub[i - 1].x, sub[i - 1].y, sub[i].x, sub[i].y);
          if (closed) add_ruling(page, sub.back().x, sub.back().y, sub.front().x, sub.front().y);
        }
      }
      sub.clear();
    };
    for (int i = 0; i < n; ++i) {
      pdfium::PathSegment seg = api_.PathGetPathSegment(obj, i);
      float x = 0, y = 0;
      if (!seg || !api_.SegmentGetPoint(seg, &x, &y)) continue;
      const int type = api_.SegmentGetType(seg);
      if (type == pdfium::kSegmentMoveTo) finish(false);
      Point p;
      to_page.apply(x, y, p.x, p.y);
      p.line = type == pdfium::kSegmentLineTo;
      sub.push_back(p);
      if (api_.SegmentGetClose(seg)) finish(true);
    }
    finish(false);
  }

  const pdfium::Api& api_;
  const std::string& path_;
  size_t& objects_;
  size_t& chars_;
  double height_ = 0;
};

struct Extracted {
  std::vector<layout::Page> pages;
  size_t chars = 0, images = 0, unmapped = 0;
};

Extracted extract(std::string_view bytes, const std::string& path) {
  std::lock_guard<std::mutex> lock(pdfium_lock());
  const pdfium::Api* api = load_api();
  if (!api)
    throw FormatError(path, "读取 PDF 需要 PDFium 库：请安装 pypdfium2（pip install pypdfium2）",
                      "reading PDF needs the PDFium library: install pypdfium2 (pip install pypdfium2)");
  pdfium::Document doc = api->LoadMemDocument64(bytes.data(), bytes.size(), nullptr);
  if (!doc) {
    const unsigned long err = api->GetLastError();
    if (err == pdfium::kErrorPassword || err == pdfium::kErrorSecurity)
      throw FormatError(path, "PDF 已加密，无法读取；请提供未加密的文件",
                        "the PDF is encrypted and cannot be read; provide an unencrypted file");
    throw FormatError(path, "不是有效的 PDF 文件，或文件已损坏", "not a valid PDF file, or the file is damaged");
  }
  struct Closer {
    const pdfium::Api& api;
    pdfium::Document doc;
    ~Closer() { api.CloseDocument(doc); }
  } closer{*api, doc};
  const int n_pages = api->GetPageCount(doc);
  if (n_pages <= 0) throw FormatError(path, "PDF 没有任何页面", "the PDF has no pages");
  if (n_pages > kMaxPdfPages)
    throw FormatError(path, "PDF 页数（" + std::to_string(n_pages) + "）超过上限 " + std::to_string(kMaxPdfPages),
                      "the PDF has " + std::to_string(n_pages) + " pages, more than the limit of " +
                          std::to_string(kMaxPdfPages));
  Extracted out;
  size_t objects = 0;
  PageReader reader(*api, path, objects, out.chars);
  out.pages.reserve(static_cast<size_t>(n_pages));
  for (int i = 0; i < n_pages; ++i) {
    PageReader::Result r = reader.read(doc, i);
    out.images += r.images;
    out.unmapped += r.unmapped;
    out.pages.push_back(std::move(r.page));
  }
  return out;
}

}  // namespace

void set_pdfium_library(std::string path) {
  std::lock_guard<std::mutex> lock(pdfium_lock());
  configured_library() = std::move(path);
}

ParsedText read_pdf(std::string_view bytes, const std::string& path) {
  if (bytes.size() > kMaxInputBytes)
    throw FormatError(path, "文件过大（超过 " + std::to_string(kMaxInputBytes >> 20) + " MB）",
                      "the file is too large (more than " + std::to_string(kMaxInputBytes >> 20) + " MB)");
  Extracted pdf = extract(bytes, path);
  const size_t mapped = pdf.chars - pdf.unmapped;
  if (mapped == 0 && pdf.unmapped == 0) {
    if (pdf.images > 0)
      throw FormatError(path, "扫描件，没有文字层（不做 OCR）", "no text layer (scanned); OCR is not done");
    throw FormatError(path, "PDF 中没有任何文字", "the PDF contains no text");
  }
  // A few unmapped glyphs (a logo, a symbol) are dropped; many mean the text would be garbage.
  if (pdf.unmapped >= 10 && pdf.unmapped * 20 > pdf.chars)
    throw FormatError(path,
                      "PDF 的字体缺少可用的 Unicode 映射（" + std::to_string(pdf.unmapped) + "/" +
                          std::to_string(pdf.chars) + " 个字符无法识别），无法可靠提取文字",
                      "the PDF's fonts have no usable Unicode map (" + std::to_string(pdf.unmapped) + " of " +
                          std::to_string(pdf.chars) + " characters unreadable); its text cannot be extracted reliably");
  return layout::lay_out(pdf.pages);
}

}  // namespace jixiao
