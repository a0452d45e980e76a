// The batch pipeline from Python: run_batch on the C++ thread pool with the GIL released, each
// item handed to a Python callback in input order (python_batch.hpp: rules watched, stoppable).
#include "bindings/binder.hpp"
#include "bindings/callbacks.hpp"
#include "bindings/python_batch.hpp"
#include "bindings/register.hpp"
#include "bindings/stdout_guard.hpp"
#include "pipeline/batch.hpp"

#include <optional>
#include <stop_token>

namespace jixiao::bindings {

namespace {
// Stops a running batch from another thread (iter_check's consumer leaving, Ctrl-C).
struct BatchStop {
  std::stop_source source;
};

// StdoutToStderr as a context manager, for the jixiao CLI (jixiao-host uses the class itself).
struct StdoutGuard {
  std::optional<StdoutToStderr> guard;
};
}  // namespace

void register_batch(py::module_& m) {
  bind_record<BatchItem>(m, "BatchItem", "One file of a batch: check result, score, kept document, or why it failed.");
  py::class_<BatchStop>(m, "BatchStop", "Stops the run_batch it is passed to: no more files start, running rules stop.")
      .def(py::init<>())
      .def("request", [](BatchStop& stop) { stop.source.request_stop(); }, "Asks the batch to stop; does not wait.")
      .def_property_readonly("requested", [](const BatchStop& stop) { return stop.source.stop_requested(); });
  m.def(
      "run_batch",
      [](const std::vector<std::string>& paths, const CheckConfig& config, const py::function& on_result,
         const std::string& rubric, int jobs, const std::string& keep_document, double timeout_per_file,
         const py::sequence& rules, const py::dict& indicators, BatchStop* stop, const std::string& exit_when_stuck, bool link) {
        // Built and destroyed with the GIL held: they own references to Python functions.
        BatchOptions options;
        options.jobs = jobs;
        options.config = config;
        options.rubric = rubric;
        options.link = link;
        options.keep_document = from_json_value<KeepDocument>(nlohmann::json(keep_document));
        options.indicators = python_indicators(indicators);
        auto deliver = [&on_result](BatchItem&& item) {
          if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C stops the batch between files
          on_result(py::cast(std::move(item)));
        };
        return run_python_batch(paths, std::move(options), rules, timeout_per_file,
                                stop ? stop->source : std::stop_source(), exit_when_stuck, deliver);
      },
      py::arg("paths"), py::arg("config"), py::arg("on_result"), py::kw_only(), py::arg("rubric") = "",
      py::arg("jobs") = 1, py::arg("keep_document") = "figures", py::arg("timeout_per_file") = 0.0,
      py::arg("rules") = py::list(), py::arg("indicators") = py::dict(), py::arg("stop") = nullptr,
      py::arg("exit_when_stuck") = "", py::arg("link") = false,
      "Checks (and scores) files on a pool of C++ threads; on_result(BatchItem) is called in input order. "
      "A Python rule still running after timeout_per_file seconds on a file is stopped (a finding names it). "
      "Returns True when a rule told to stop never returned.");
  py::class_<StdoutGuard>(m, "StdoutToStderr",
                          "Within `with`, whatever Python or native code prints to stdout goes to stderr.")
      .def(py::init<>())
      .def("__enter__", [](StdoutGuard& self) { self.guard.emplace(); })
      .def("__exit__", [](StdoutGuard& self, const py::args&) {
        self.guard.reset();
        return false;
      });
  m.def("call_within_time", &call_within_time, py::arg("seconds"), py::arg("what"), py::arg("work"),
        "Calls work(); past `seconds` (0: no limit) it is stopped with jixiao.host.RuleTimeout.");
}

}  // namespace jixiao::bindings
