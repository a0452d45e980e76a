// Keeps stdout for the result alone: while a StdoutToStderr lives, whatever analysts' Python code
// prints (print(), sys.stdout, or native code writing to file descriptor 1) goes to stderr.
// Create and destroy it on the thread that holds the GIL.
#pragma once

#include <pybind11/pybind11.h>

namespace jixiao::bindings {

class StdoutToStderr {
 public:
  StdoutToStderr();
  ~StdoutToStderr();
  StdoutToStderr(const StdoutToStderr&) = delete;
  StdoutToStderr& operator=(const StdoutToStderr&) = delete;

 private:
  pybind11::module_ sys_;
  pybind11::object python_stdout_;
  int saved_fd_ = -1;
};

}  // namespace jixiao::bindings
