// Python does for `jixiao-host check` what it does for `jixiao check` — parse the options, read
// the configuration, walk the folders, import the rule files, format the results
// (jixiao.host_check) — so the output is the same byte for byte. C++ runs the files: run_batch on
// its thread pool, the Python rules called under the GIL only while they run, each watched by
// the Watchdog. While rule files import and rules run, whatever Python prints goes to stderr.
#include "host/check_command.hpp"

#include "bindings/callbacks.hpp"
#include "core/error.hpp"
#include "host/interpreter.hpp"
#include "host/messages.hpp"
#include "host/stdout_guard.hpp"
#include "host/watchdog.hpp"
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

// In a batch, sys.exit() or KeyboardInterrupt inside a rule ends that rule, not the program: it
// becomes a finding naming the rule, like any other exception the rule raises.
ExtraRule contained(ExtraRule rule) {
  rule.run = [inner = std::move(rule.run)](const RuleContext& ctx, Reporter& reporter) {
    try {
      inner(ctx, reporter);
    } catch (const bindings::PythonInterrupt& interrupt) {
      py::gil_scoped_acquire gil;
      throw std::runtime_error(py::str(interrupt.error.type().attr("__name__")).cast<std::string>() + ": " +
                               py::str(interrupt.error.value()).cast<std::string>());
    }
  };
  return rule;
}

// The whole command with the interpreter running; returns the exit code. `stuck` is set when a
// rule told to stop never returned, so Python must not be finalized under its feet.
int check(const std::vector<std::string>& args, bool& stuck) {
  py::module_ python_side = py::module_::import("jixiao.host_check");
  const py::object parsed = python_side.attr("parse_check")(args, english() ? "en" : "zh");
  const double timeout = std::min(parsed.attr("timeout_per_file").cast<double>(), 1e9);
  std::unique_ptr<Watchdog> watchdog;
  if (timeout > 0) {
    py::object timeout_type = py::module_::import("jixiao.host").attr("RuleTimeout");
    timeout_type.attr("seconds") = timeout;
    watchdog = std::make_unique<Watchdog>(timeout, timeout_type);
  }
  const py::cpp_function within_time([&watchdog](const std::string& rule_file, const py::function& work) {
    if (!watchdog) return work();
    const Watchdog::Watch watch(*watchdog, say("规则文件 ", "rule file ") + rule_file);
    return work();
  });
  py::object job;
  {
    StdoutToStderr quiet;  // rule files run code as they are imported
    job = python_side.attr("prepare_check")(parsed, within_time);
  }

  BatchOptions options;
  options.jobs = job.attr("jobs").cast<int>();
  options.config = job.attr("config").cast<CheckConfig>();
  options.rubric = job.attr("rubric").cast<std::string>();
  options.indicators = bindings::python_indicators(job.attr("indicators"));
  options.keep_document = KeepDocument::none;
  for (ExtraRule& rule : bindings::python_rules(job.attr("rules")))
    options.extra_rules.push_back(watchdog ? watchdog->guard(contained(std::move(rule))) : contained(std::move(rule)));
  // Each Python rule has its time on a file and the engine as much again: a file past that is
  // one whose rule is blocked where no exception reaches it (a read that never returns); it is
  // reported as not finished and the batch goes on without it.
  if (timeout > 0) options.timeout_per_file = timeout * static_cast<double>(options.extra_rules.size() + 1);

  const auto paths = job.attr("paths").cast<std::vector<std::string>>();
  py::list items;
  {
    StdoutToStderr quiet;
    py::gil_scoped_release release;  // the workers take it for Python rules only
    run_batch(paths, options, [&items](BatchItem&& item) {
      py::gil_scoped_acquire gil;
      items.append(py::cast(std::move(item)));
    });
  }
  stuck = watchdog && watchdog->rules_stuck();
  // The stuck rule's worker calls the watchdog when it comes back, if ever: it must stay.
  if (stuck) static_cast<void>(watchdog.release());
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
