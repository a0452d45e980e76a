// `jixiao-host run SCRIPT.py [ARGS...]`: runs an analyst's script the way `python SCRIPT.py`
// would, with jixiao importable: sys.argv is [SCRIPT.py, ARGS...], the script's folder is
// first on sys.path, its SystemExit code is the program's, and an uncaught exception prints
// the traceback to stderr and exits 1.
#pragma once

#include "host/layout.hpp"

#include <string>
#include <vector>

namespace jixiao::host {

int run_script(const Layout& layout, const std::vector<std::string>& args);

}  // namespace jixiao::host
