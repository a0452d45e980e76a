// Python does for `jixiao-host check` what it does for `jixiao check` — parse the options, read
// the configuration, walk the folders, import the rule files, format the results
// (jixiao.host_check) — so the output is the same byte for byte. C++ runs the files: run_batch on
// its thread pool, the Python rules called under the GIL only while they run, each watched by
// the Watchdog (bindings/python_batch.hpp, as for check_many). While rule files import and rules
// run, whatever Python prints goes to stderr.
#include "host/check_command.hpp"

#include "bindings/callbacks.hpp"
#include "bindings/python_batch.hpp"
#include "core/error.hpp"
#include "host/interpreter.hpp"
#include "host/messages.hpp"
#include "bindings/stdout_guard.hpp"
#include "pipeline/batch.hpp"

#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unistd.h>

namespace jixiao::host {

namespace py = pybind11;

namespace {

// The whole command with the interpreter running; returns the exit code. `stuck` is set when a
// rule told to stop never returned, so Python must not be finalized under its feet.
int check(const std::vector<std::string>& args, bool& stuck) {
  py::module_ python_side = py::module_::import("jixiao.host_check");
  const py::object parsed = python_side.attr("parse_check")(args, english() ? "en" : "zh");
  const double timeout = parsed.attr("timeout_per_file").cast<double>();
  py::object job;
  {
    bindings::StdoutToStderr quiet;  // rule files run code as they are imported
    job = python_side.attr("prepare_check")(parsed);
  }

  BatchOptions options;
  options.jobs = job.attr("jobs").cast<int>();
  options.config = job.attr("config").cast<CheckConfig>();
  options.rubric = job.attr("rubric").cast<std::string>();
  options.indicators = bindings::python_indicators(job.attr("indicators"));
  options.keep_document = KeepDocument::none;
  const auto paths = job.attr("paths").cast<std::vector<std::string>>();
  py::list items;
  {
    bindings::StdoutToStderr quiet;
    stuck = bindings::run_python_batch(paths, std::move(options), job.attr("rules"), timeout, std::stop_source(),
                                       "jixiao-host", [&items](BatchItem&& item) {
                                         items.append(py::cast(std::move(item)));
                                       });
  }
  return python_side.attr("finish_check")(job, items).cast<int>();
}

}  // namespace

int run_check(const Layout& layout, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"jixiao-host", "check"};
  argv.insert(argv.end(), args.begin(), args.end());
  // No KeyboardInterrupt machinery: Ctrl-C ends a batch at once, as it does any C++ program.
  start_interpreter(layout, {.argv = argv, .run_file = std::nullopt, .signal_handlers = false});
  int code = 2;
  bool stuck = false;
  try {
    code = check(args, stuck);
  } catch (py::error_already_set& e) {
    if (e.matches(PyExc_SystemExit)) {
      // --help (0), or a usage, configuration or rule file error (2, message already printed).
      py::object status = e.value().attr("code");
      code = status.is_none() ? 0 : py::isinstance<py::int_>(status) ? status.cast<int>() : 2;
    } else {
      // A bug of ours: the traceback helps more than any summary.
      e.restore();
      PyErr_Print();
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "jixiao-host: %s\n", e.message(english() ? "en" : "zh").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jixiao-host: %s%s\n", say("内部错误：", "internal error: ").c_str(), e.what());
  }
  if (stuck) {
    // A worker is still inside Python; finalizing would pull the interpreter from under it.
    PyRun_SimpleString("import sys; sys.stdout.flush(); sys.stderr.flush()");
    std::fflush(nullptr);
    _exit(code);
  }
  if (Py_FinalizeEx() < 0 && code == 0) code = 120;  // as python does when flushing stdout fails
  return code;
}

}  // namespace jixiao::host
