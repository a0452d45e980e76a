// Starts the embedded interpreter for the environment the host belongs to, with jixiao._core
// served from the bindings compiled into this program.
#pragma once

#include "host/layout.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jixiao::host {

struct StartOptions {
  std::vector<std::string> argv;        // sys.argv
  std::optional<std::string> run_file;  // the script Py_RunMain runs
  bool signal_handlers = true;          // Python's SIGINT handler (KeyboardInterrupt)
};

// Initializes Python (exits the process with Python's message if it cannot start) and puts
// the host's own jixiao package first on sys.path. The calling thread holds the GIL after.
void start_interpreter(const Layout& layout, const StartOptions& options);

}  // namespace jixiao::host
