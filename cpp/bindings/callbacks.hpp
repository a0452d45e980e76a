// Python functions the engine calls back from its own threads: analysts' rules (ExtraRule)
// and custom score indicators. Each call takes the GIL only while Python runs. jixiao-host
// uses these too, to run the rules a script registered.
#pragma once

#include "check/check.hpp"
#include "score/score.hpp"

#include <pybind11/pybind11.h>

#include <memory>
#include <vector>

namespace jixiao::bindings {

namespace py = pybind11;

// A Python object the engine may copy and drop on any thread: the last owner releases it under the GIL.
inline std::shared_ptr<py::object> shared_python(py::object object) {
  return std::shared_ptr<py::object>(new py::object(std::move(object)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// Thrown through the engine when a Python rule is interrupted (KeyboardInterrupt: Ctrl-C while
// jixiao.check runs a rule on the calling thread). It is not a std::exception, so the checker does
// not turn it into a finding; jixiao.check raises it again, a batch makes it a finding
// (python_batch.hpp). sys.exit() in a rule is an ordinary exception: a finding naming the rule.
// Hidden like the pybind11 type it holds: it never leaves the binary that throws it.
struct __attribute__((visibility("hidden"))) PythonInterrupt {
  py::error_already_set error;
};

// Rules from (RuleInfo, function) pairs; function(document, report) is called with a _core.Document
// (the rule's own copy) and a RuleReport valid while it runs. A Python exception becomes a C++ one
// naming the exception and the rule file's line; the checker turns it into a finding.
std::vector<ExtraRule> python_rules(const py::sequence& rules);

// Custom indicators from a {name: function(_core.Document) -> float | None} dict.
CustomIndicators python_indicators(const py::dict& functions);

}  // namespace jixiao::bindings
