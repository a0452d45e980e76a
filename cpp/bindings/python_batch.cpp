#include "bindings/python_batch.hpp"

#include "bindings/callbacks.hpp"
#include "bindings/watchdog.hpp"

#include <memory>
#include <stdexcept>

namespace jixiao::bindings {
namespace {

py::object timeout_type(double seconds) {
  py::object type = py::module_::import("jixiao.host").attr("RuleTimeout");
  type.attr("seconds") = seconds;
  return type;
}

// sys.exit() or KeyboardInterrupt inside a rule ends that rule: a finding naming it.
ExtraRule contained(ExtraRule rule) {
  rule.run = [inner = std::move(rule.run)](const RuleContext& ctx, Reporter& reporter) {
    try {
      inner(ctx, reporter);
    } catch (const PythonInterrupt& interrupt) {
      py::gil_scoped_acquire gil;
      std::string what = py::str(interrupt.error.type().attr("__name__"));
      const std::string message = py::str(interrupt.error.value());
      throw std::runtime_error(message.empty() ? what : what + ": " + message);
    }
  };
  return rule;
}

}  // namespace

bool run_python_batch(const std::vector<std::string>& paths, BatchOptions options, const py::sequence& rules,
                      double rule_timeout, std::stop_source stop, const std::string& exit_as,
                      const std::function<void(BatchItem&&)>& on_result) {
  std::vector<ExtraRule> python = python_rules(rules);
  // Shared with the rules that use it: a worker given up on may still be inside one after we return.
  std::shared_ptr<Watchdog> watchdog;
  if (!python.empty()) watchdog = std::make_shared<Watchdog>(rule_timeout, timeout_type(rule_timeout), exit_as);
  for (ExtraRule& rule : python) {
    ExtraRule guarded = watchdog->guard(contained(std::move(rule)));
    guarded.run = [watchdog, run = std::move(guarded.run)](const RuleContext& ctx, Reporter& reporter) {
      run(ctx, reporter);
    };
    options.extra_rules.push_back(std::move(guarded));
  }
  options.timeout_per_file = rule_timeout > 0 ? rule_timeout * static_cast<double>(python.size() + 1) : 0.0;
  options.stop = stop.get_token();
  const std::stop_callback stop_rules(options.stop, [&watchdog] {
    if (watchdog) watchdog->stop_all();
  });
  auto deliver = [&on_result, &stop](BatchItem&& item) {
    py::gil_scoped_acquire gil;
    try {
      on_result(std::move(item));
    } catch (...) {
      stop.request_stop();  // the rules still running must not keep the workers (and this call) waiting
      throw;
    }
  };
  {
    py::gil_scoped_release release;
    run_batch(paths, options, deliver);
  }
  const bool stuck = watchdog && watchdog->rules_stuck();
  // The stuck rule's worker calls the watchdog when it comes back, if ever: it must stay.
  if (stuck) new std::shared_ptr<Watchdog>(watchdog);
  return stuck;
}

py::object call_within_time(double seconds, const std::string& what, const py::function& work) {
  if (seconds <= 0) return work();
  Watchdog watchdog(seconds, timeout_type(seconds));
  const Watchdog::Watch watch(watchdog, what);
  return work();
}

}  // namespace jixiao::bindings
