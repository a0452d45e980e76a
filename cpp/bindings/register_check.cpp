#include "bindings/binder.hpp"
#include "bindings/callbacks.hpp"
#include "bindings/register.hpp"
#include "check/check.hpp"

namespace jixiao::bindings {

void register_check(py::module_& m) {
  bind_record<Evidence>(m, "Evidence", "A number or text a finding rests on.");
  bind_record<Diagnostic>(m, "Diagnostic", "One finding: code, rule, severity, message, place, excerpt, evidence.");
  bind_record<CheckConfig>(m, "CheckConfig", "Rule selection, severities, tolerances and extra data for checking.");
  bind_record<CheckResult>(m, "CheckResult", "The findings for one document.");
  bind_record<RuleEvidence>(m, "RuleEvidence", "What a rule must establish before it reports, and where it stays silent.");
  bind_record<RuleInfo>(m, "RuleInfo", "A rule's catalog entry.");

  m.def("rule_catalog", [] { return builtin_catalog(); }, "The built-in rule catalog.");
  m.def(
      "check",
      [](const Document& doc, const CheckConfig& config, const py::sequence& rules) {
        const std::vector<ExtraRule> extra = python_rules(rules);  // holds Python functions: dropped under the GIL
        try {
          // doc and config are C++ objects owned by Python for the whole call; Python rules take the GIL back.
          py::gil_scoped_release release;
          return check_document(doc, config, extra);
        } catch (PythonInterrupt& interrupt) {
          throw interrupt.error;
        }
      },
      py::arg("doc"), py::arg("config") = CheckConfig{}, py::arg("rules") = py::list(),
      "Runs every selected rule, then `rules` ((RuleInfo, function) pairs), on a document.");
}

}  // namespace jixiao::bindings
