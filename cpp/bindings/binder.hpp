// One generic pybind11 binder for every record described with Boost.Describe: fields as
// attributes, a keyword constructor, a short repr, equality, to_json/from_json/to_dict,
// `_fields`, and pickling through versioned JSON state.
#pragma once

#include "core/json.hpp"
#include "core/utf8.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

namespace jixiao::bindings {

namespace py = pybind11;

// Bumped when a record's JSON changes incompatibly; older pickles are refused with a clear message.
inline constexpr int kPickleVersion = 1;

nlohmann::json parse_json_text(const std::string& text, const char* what);

namespace detail {

template <class F>
std::string repr_value(const F& v) {
  using jixiao::detail::is_optional;
  using jixiao::detail::is_string_map;
  using jixiao::detail::is_vector;
  if constexpr (std::is_same_v<F, std::string>) {
    return "'" + utf8::truncate(v, 24) + "'";
  } else if constexpr (std::is_same_v<F, bool>) {
    return v ? "True" : "False";
  } else if constexpr (std::is_arithmetic_v<F>) {
    return py::str(py::cast(v));
  } else if constexpr (is_optional<F>::value) {
    return v ? repr_value(*v) : "None";
  } else if constexpr (is_vector<F>::value || is_string_map<F>::value) {
    return "[" + std::to_string(v.size()) + " items]";
  } else {
    return "…";
  }
}

}  // namespace detail

template <class T>
py::class_<T> bind_record(py::module_& m, const char* name, const char* doc = "") {
  py::class_<T> cls(m, name, doc);
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;

  cls.def(py::init([](const py::kwargs& kwargs) {
    T value{};
    for (auto item : kwargs) {
      const std::string key = py::cast<std::string>(item.first);
      bool known = false;
      boost::mp11::mp_for_each<Members>([&](auto mem) {
        if (field_name(mem.name) != key) return;
        known = true;
        value.*mem.pointer = py::cast<std::decay_t<decltype(value.*mem.pointer)>>(item.second);
      });
      if (!known) throw py::type_error(std::string(py::str(py::type::of<T>().attr("__name__"))) +
                                       "() got an unexpected keyword argument '" + key + "'");
    }
    return value;
  }));

  py::list fields;
  boost::mp11::mp_for_each<Members>([&](auto mem) {
    const std::string public_name = field_name(mem.name);
    cls.def_readwrite(public_name.c_str(), mem.pointer);
    fields.append(public_name);
  });
  cls.attr("_fields") = py::tuple(fields);

  cls.def("__repr__", [name](const T& v) {
    std::string out = std::string(name) + "(";
    bool first = true;
    boost::mp11::mp_for_each<Members>([&](auto mem) {
      using F = std::decay_t<decltype(v.*mem.pointer)>;
      // Nested records and long lists stay out of the repr to keep it one short line.
      if constexpr (!jixiao::detail::is_described_struct<F>) {
        if (!first) out += ", ";
        first = false;
        out += field_name(mem.name) + "=" + detail::repr_value(v.*mem.pointer);
      }
    });
    return out + ")";
  });
  cls.def("__eq__", [](const T& a, const py::object& b) -> py::object {
    if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    return py::bool_(records_equal(a, py::cast<const T&>(b)));
  });
  cls.attr("__hash__") = py::none();
  cls.def(
      "to_json",
      [](const T& v, std::optional<int> indent) {
        return to_json_string(v, indent ? *indent : -1);
      },
      py::arg("indent") = py::none(), "JSON text of this record (UTF-8, not ASCII-escaped).");
  cls.def_static(
      "from_json", [](const std::string& text) { return from_json_value<T>(parse_json_text(text, "JSON")); },
      py::arg("text"), "Builds the record from the JSON text `to_json` gives.");
  // Through the JSON text and Python's own parser: no intermediate tree of the whole record.
  cls.def("to_dict", [](const T& v) { return py::module_::import("json").attr("loads")(to_json_string(v)); },
          "The record as plain Python dicts and lists.");
  cls.def(py::pickle(
      [](const T& v) { return py::make_tuple(kPickleVersion, to_json_string(v)); },
      [](const py::tuple& state) {
        if (state.size() != 2 || py::cast<int>(state[0]) != kPickleVersion)
          throw py::value_error("pickled jixiao record has an unsupported state version");
        return from_json_value<T>(parse_json_text(py::cast<std::string>(state[1]), "pickle state"));
      }));
  return cls;
}

}  // namespace jixiao::bindings
