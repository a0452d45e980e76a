// The batch pipeline from Python: run_batch on the C++ thread pool with the GIL released, each
// item handed to a Python callback in input order.
#include "bindings/binder.hpp"
#include "bindings/callbacks.hpp"
#include "bindings/register.hpp"
#include "pipeline/batch.hpp"

namespace jixiao::bindings {

void register_batch(py::module_& m) {
  bind_record<BatchItem>(m, "BatchItem", "One file of a batch: check result, score, kept document, or why it failed.");
  m.def(
      "run_batch",
      [](const std::vector<std::string>& paths, const CheckConfig& config, const py::function& on_result,
         const std::string& rubric, int jobs, const std::string& keep_document, double timeout_per_file,
         const py::sequence& rules, const py::dict& indicators) {
        // Built and destroyed with the GIL held: they own references to Python functions.
        BatchOptions options;
        options.jobs = jobs;
        options.config = config;
        options.rubric = rubric;
        options.timeout_per_file = timeout_per_file;
        options.keep_document = from_json_value<KeepDocument>(nlohmann::json(keep_document));
        options.extra_rules = python_rules(rules);
        options.indicators = python_indicators(indicators);
        auto deliver = [&on_result](BatchItem&& item) {
          py::gil_scoped_acquire gil;
          if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C stops the batch between files
          on_result(py::cast(std::move(item)));
        };
        // Safe: every argument is a C++ copy by now; the workers enter Python only through the rule
        // and indicator wrappers, which take the GIL, and items reach Python in `deliver`, under the GIL.
        py::gil_scoped_release release;
        run_batch(paths, options, deliver);
      },
      py::arg("paths"), py::arg("config"), py::arg("on_result"), py::kw_only(), py::arg("rubric") = "",
      py::arg("jobs") = 1, py::arg("keep_document") = "figures", py::arg("timeout_per_file") = 0.0,
      py::arg("rules") = py::list(), py::arg("indicators") = py::dict(),
      "Checks (and scores) files on a pool of C++ threads; on_result(BatchItem) is called in input order.");
}

}  // namespace jixiao::bindings
