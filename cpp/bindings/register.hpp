// One register function per area; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

namespace jixiao::bindings {

void register_errors(pybind11::module_& m);
void register_records(pybind11::module_& m);
void register_document(pybind11::module_& m);
void register_check(pybind11::module_& m);
void register_score(pybind11::module_& m);
void register_rules(pybind11::module_& m);
void register_link(pybind11::module_& m);
void register_batch(pybind11::module_& m);

// The language of messages raised to Python ("zh" or "en").
std::string message_language();

}  // namespace jixiao::bindings
