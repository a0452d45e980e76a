// jixiao._core: the private compiled module behind the jixiao package.
#include "bindings/register.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "jixiao's C++ engine. Private: import jixiao instead.";
  jixiao::bindings::register_errors(m);
  jixiao::bindings::register_records(m);
  jixiao::bindings::register_document(m);
  jixiao::bindings::register_check(m);
  jixiao::bindings::register_score(m);
  jixiao::bindings::register_rules(m);
  jixiao::bindings::register_link(m);
  jixiao::bindings::register_batch(m);
}
