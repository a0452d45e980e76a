#include "bindings/binder.hpp"
#include "bindings/register.hpp"
#include "check/check.hpp"

namespace jixiao::bindings {

void register_check(py::module_& m) {
  bind_record<Evidence>(m, "Evidence", "A number or text a finding rests on.");
  bind_record<Diagnostic>(m, "Diagnostic", "One finding: code, rule, severity, message, place, excerpt, evidence.");
  bind_record<CheckConfig>(m, "CheckConfig", "Rule selection, severities, tolerances and extra data for checking.");
  bind_record<CheckResult>(m, "CheckResult", "The findings for one document.");
  bind_record<RuleInfo>(m, "RuleInfo", "A rule's catalog entry.");

  m.def("rule_catalog", [] { return builtin_catalog(); }, "The built-in rule catalog.");
  m.def(
      "check",
      [](const Document& doc, const CheckConfig& config) {
        // Both arguments are C++ objects owned by Python for the whole call; nothing Python is touched.
        py::gil_scoped_release release;
        return check_document(doc, config);
      },
      py::arg("doc"), py::arg("config") = CheckConfig{}, "Runs every selected rule on a document.");
}

}  // namespace jixiao::bindings
