#include "bindings/stdout_guard.hpp"

#include <cstdio>
#include <unistd.h>

namespace jixiao::bindings {

namespace py = pybind11;

StdoutToStderr::StdoutToStderr() : sys_(py::module_::import("sys")), python_stdout_(sys_.attr("stdout")) {
  python_stdout_.attr("flush")();
  std::fflush(stdout);
  sys_.attr("stdout") = sys_.attr("stderr");
  // Native writes to descriptor 1, and the original sys.stdout object's own, land on stderr.
  saved_fd_ = dup(STDOUT_FILENO);
  if (saved_fd_ >= 0) dup2(STDERR_FILENO, STDOUT_FILENO);
}

StdoutToStderr::~StdoutToStderr() {
  try {
    // Flush what was printed while redirected, so none of it reaches the real stdout later.
    python_stdout_.attr("flush")();
    sys_.attr("stderr").attr("flush")();
  } catch (const py::error_already_set&) {
    // A closed or replaced stream cannot be flushed; nothing of the result is at stake.
  }
  std::fflush(stdout);
  if (saved_fd_ >= 0) {
    dup2(saved_fd_, STDOUT_FILENO);
    close(saved_fd_);
  }
  sys_.attr("stdout") = python_stdout_;
}

}  // namespace jixiao::bindings
