// `jixiao-host check [--rules RULES.py ...] [options] PATH...`: the C++ batch pipeline over
// reports, with analysts' Python rules, printing what `jixiao check` prints.
#pragma once

#include "host/layout.hpp"

#include <string>
#include <vector>

namespace jixiao::host {

int run_check(const Layout& layout, const std::vector<std::string>& args);

}  // namespace jixiao::host
