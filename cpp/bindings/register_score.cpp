// Scoring from Python: the rubric and scorecard records, rubric loading, and score() with
// custom indicators written in Python.
#include "bindings/binder.hpp"
#include "bindings/callbacks.hpp"
#include "bindings/register.hpp"
#include "score/score.hpp"

namespace jixiao::bindings {

// Wraps Python callables as custom indicators. Each call takes the GIL, hands the function its
// own copy of the Document (it may keep it), and turns a Python exception into a C++ one whose
// message names the function; the engine then marks the item needs_review.
CustomIndicators python_indicators(const py::dict& functions) {
  CustomIndicators out;
  for (auto [name, fn] : functions) {
    const std::string key = py::cast<std::string>(name);
    auto callable = shared_python(py::reinterpret_borrow<py::object>(fn));
    out.emplace(key, [key, callable](const Document& doc) -> std::optional<double> {
      py::gil_scoped_acquire gil;
      try {
        py::object result = (*callable)(py::cast(doc, py::return_value_policy::copy));
        if (result.is_none()) return std::nullopt;
        return py::cast<double>(py::float_(result));
      } catch (py::error_already_set& e) {
        throw std::runtime_error(e.what());
      } catch (const py::cast_error&) {
        throw std::runtime_error("返回值不是数字 (the return value is not a number)");
      }
    });
  }
  return out;
}

namespace {

Scorecard score_with(const Document& doc, const Rubric& rubric, const std::vector<Diagnostic>& diagnostics,
                     const py::dict& indicators) {
  // Destroyed after the GIL is back: the wrapped Python callables must not be released without it.
  const CustomIndicators custom = python_indicators(indicators);
  Scorecard card;
  {
    // Safe: doc, rubric and diagnostics are C++ copies made before this point and the engine
    // touches no Python object; custom indicators take the GIL back for each call.
    py::gil_scoped_release release;
    card = score_document(doc, rubric, diagnostics, custom);
  }
  return card;
}

}  // namespace

void register_score(py::module_& m) {
  bind_record<GradeBand>(m, "GradeBand", "A grade and the lowest total that earns it.");
  bind_record<Deduction>(m, "Deduction", "Points taken off per finding of one rule code.");
  bind_record<RubricItem>(m, "RubricItem", "One indicator of a rubric: points, method, metric or function.");
  bind_record<Rubric>(m, "Rubric", "A scoring rubric (see docs/rubrics.md).");
  bind_record<ScoreItem>(m, "ScoreItem", "One scored indicator: points, score, value, formula, status.");
  bind_record<Scorecard>(m, "Scorecard", "A document's score under one rubric.");

  m.def("load_rubric", &load_rubric, py::arg("rubric"),
        "A built-in rubric by name, a rubric file path, or rubric JSON text; raises RubricError.");
  m.def("builtin_rubrics", &builtin_rubric_names, "Names of the built-in rubrics.");
  m.def("default_rubric", &default_rubric_name, py::arg("doc_type"),
        "The built-in rubric a document type is scored under when none is named.");
  m.def("uses_diagnostics", &uses_diagnostics, py::arg("rubric"),
        "True when the rubric scores the checker's findings (run check first).");
  m.def(
      "score",
      [](Document doc, Rubric rubric, std::vector<Diagnostic> diagnostics, const py::dict& indicators) {
        return score_with(doc, rubric, diagnostics, indicators);
      },
      py::arg("doc"), py::arg("rubric"), py::arg("diagnostics") = std::vector<Diagnostic>{},
      py::arg("indicators") = py::dict(),
      "Scores a document; `indicators` maps custom indicator names to Python functions.");
  m.def(
      "score",
      [](Document doc, const std::string& rubric, std::vector<Diagnostic> diagnostics, const py::dict& indicators) {
        return score_with(doc, load_rubric(rubric), diagnostics, indicators);
      },
      py::arg("doc"), py::arg("rubric"), py::arg("diagnostics") = std::vector<Diagnostic>{},
      py::arg("indicators") = py::dict(), "Same, with the rubric given by name, file path or JSON text.");
}

}  // namespace jixiao::bindings
