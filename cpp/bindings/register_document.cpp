#include "bindings/register.hpp"
#include "core/records.hpp"
#include "decode/pdf.hpp"
#include "pipeline/pipeline.hpp"

#include <pybind11/stl.h>

namespace jixiao::bindings {
namespace py = pybind11;

void register_document(py::module_& m) {
  m.def(
      "load",
      [](const std::string& path) {
        // The path is already a C++ string; the pipeline touches no Python object.
        py::gil_scoped_release release;
        return load_document(path);
      },
      py::arg("path"), "Reads a report file (.txt in UTF-8/GB18030/UTF-16, .docx or .pdf).");
  m.def(
      "read",
      [](const py::bytes& data, const std::string& path) {
        std::string bytes = data;
        // `bytes` is our own copy; the pipeline touches no Python object.
        py::gil_scoped_release release;
        return read_document(bytes, path);
      },
      py::arg("data"), py::arg("path"), "Reads a report from bytes; `path` names it and picks the format.");
  m.def(
      "parse",
      [](std::string text, const std::string& name) {
        // `text` was converted to UTF-8 before the release; nothing Python is touched after it.
        py::gil_scoped_release release;
        return parse_document(std::move(text), name);
      },
      py::arg("text"), py::arg("name") = "<text>", "Parses report text that is already decoded.");
  m.def("set_pdfium_library", &set_pdfium_library, py::arg("path"),
        "Where libpdfium is (the package passes pypdfium2's at import).");
}

}  // namespace jixiao::bindings
