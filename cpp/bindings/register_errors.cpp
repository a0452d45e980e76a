// The exception hierarchy seen from Python and the one translator into it.
#include "bindings/register.hpp"

#include "core/error.hpp"

#include <atomic>
#include <exception>

namespace jixiao::bindings {
namespace py = pybind11;

namespace {
std::atomic<bool> english{false};
PyObject* error_types[5] = {};  // indexed by ErrorKind; module-lifetime references
PyObject* base_error = nullptr;

PyObject* make_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string qualified = std::string("jixiao.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
  if (!type) throw py::error_already_set();
  m.attr(name) = py::handle(type);
  return type;
}

void raise(PyObject* type, const std::string& message, const std::string& path) {
  py::object exc = py::reinterpret_steal<py::object>(PyObject_CallFunction(type, "s", message.c_str()));
  if (!exc) return;  // the call already set an exception
  exc.attr("path") = path.empty() ? py::object(py::none()) : py::object(py::str(path));
  PyErr_SetObject(type, exc.ptr());
}
}  // namespace

std::string message_language() { return english ? "en" : "zh"; }

void register_errors(py::module_& m) {
  base_error = make_type(m, "Error", PyExc_Exception, "Base class of every error jixiao raises.");
  error_types[static_cast<int>(ErrorKind::decode)] =
      make_type(m, "DecodeError", base_error, "A file's bytes fit no supported encoding.");
  error_types[static_cast<int>(ErrorKind::format)] =
      make_type(m, "FormatError", base_error, "A file is not a readable report (damaged, empty, unsupported).");
  error_types[static_cast<int>(ErrorKind::rubric)] =
      make_type(m, "RubricError", base_error, "A rubric file is invalid.");
  error_types[static_cast<int>(ErrorKind::config)] =
      make_type(m, "ConfigError", base_error, "A configuration file or option is invalid.");
  error_types[static_cast<int>(ErrorKind::usage)] = base_error;

  m.def(
      "set_language", [](const std::string& lang) { english = lang == "en"; }, py::arg("lang"),
      "Language of messages: 'zh' (default) or 'en'.");
  m.def("get_language", &message_language);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise(error_types[static_cast<int>(e.kind())], e.message(message_language()), e.path());
    } catch (const std::bad_alloc&) {
      PyErr_SetString(PyExc_MemoryError, "out of memory");
    } catch (const py::builtin_exception&) {
      throw;  // pybind11's own (TypeError, ValueError …) keep their Python types
    } catch (const py::error_already_set&) {
      throw;
    } catch (const std::exception& e) {
      // A bug of ours, not of the input: still a jixiao.Error, never a crash.
      raise(base_error, std::string(english ? "internal error: " : "内部错误：") + e.what(), "");
    }
  });
}

}  // namespace jixiao::bindings
