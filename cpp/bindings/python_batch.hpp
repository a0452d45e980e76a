// A batch whose rules are Python functions, run the same way for every caller: jixiao._core.run_batch
// (check_many, iter_check, the jixiao CLI) and jixiao-host check.
//
// - Each Python rule is watched by a Watchdog: past `rule_timeout` seconds on a file (0 = no limit)
//   it gets an asynchronous RuleTimeout and ends as a rule that raised; the file as a whole gets
//   rule_timeout × (rules + 1) seconds, so only a rule blocked where no exception reaches it costs
//   its file.
// - sys.exit() and KeyboardInterrupt raised inside a rule end that rule, not the program: they
//   become a finding naming the rule, like any other exception it raises.
// - A stop (`stop`, or an exception from on_result such as Ctrl-C) stops the running rules at once
//   and ends the batch once the workers have left their current file.
#pragma once

#include "pipeline/batch.hpp"

#include <pybind11/pybind11.h>

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace jixiao::bindings {

// Call with the GIL held; it is released while the engine works and taken for on_result, which
// is called in input order. `options.extra_rules` and `options.timeout_per_file` are set here
// from `rules` ((RuleInfo, function) pairs) and `rule_timeout`. `exit_as` names the program that
// exits (code 2) when a rule cannot be stopped; empty = never exit (a library call).
// Returns true when a rule told to stop has still not returned: the caller must not finalize Python.
bool run_python_batch(const std::vector<std::string>& paths, BatchOptions options, const pybind11::sequence& rules,
                      double rule_timeout, std::stop_source stop, const std::string& exit_as,
                      const std::function<void(BatchItem&&)>& on_result);

// Calls work() with the GIL held; past `seconds` (0 = no limit) it gets an asynchronous RuleTimeout.
// `what` names the work in messages (a rule file being imported).
pybind11::object call_within_time(double seconds, const std::string& what, const pybind11::function& work);

}  // namespace jixiao::bindings
