// Per-type switches for the generic JSON mapping (core/json.hpp).
#pragma once

#include <type_traits>

namespace jixiao {

// Leave empty optionals out of a type's JSON instead of writing null
// (Budget: "absent keys when not stated").
template <class T>
struct omit_empty_fields : std::false_type {};

}  // namespace jixiao
