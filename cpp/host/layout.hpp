// Where jixiao-host finds the Python environment and the jixiao package it belongs to.
//
// Installed, the host lives inside the package: <site-packages>/jixiao/bin/jixiao-host. The
// package next to it is the one imported (its pure-Python half matches the bindings compiled
// into the host), and the environment is the one that site-packages belongs to, so a venv's
// numpy, pandas and openpyxl import in scripts. A build-tree host imports the source tree's
// package instead.
#pragma once

#include <filesystem>
#include <optional>

namespace jixiao::host {

struct Layout {
  std::filesystem::path executable;                    // this program
  std::optional<std::filesystem::path> python;         // the environment's interpreter
  std::optional<std::filesystem::path> package_root;   // the folder holding jixiao/
};

// The environment variable naming the interpreter of the environment to use. The console
// entry point `jixiao-host` (jixiao.host) sets it to its own sys.executable; users may too.
inline constexpr const char* kPythonVariable = "JIXIAO_HOST_PYTHON";

// Reads kPythonVariable (and removes it, so it does not leak into the scripts' child
// processes), else derives the environment from the install location.
Layout locate();

}  // namespace jixiao::host
