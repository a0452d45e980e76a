#include "host/interpreter.hpp"

#include "host/messages.hpp"

#include <pybind11/embed.h>

#include <cstdio>
#include <cstdlib>

// The bindings' module init function (cpp/bindings/module.cpp, PYBIND11_MODULE(_core, m)),
// compiled into this program.
extern "C" PyObject* PyInit__core();

namespace jixiao::host {

namespace py = pybind11;

namespace {

void require(PyStatus status) {
  if (PyStatus_Exception(status)) Py_ExitStatusException(status);
}

}  // namespace

void start_interpreter(const Layout& layout, const StartOptions& options) {
  // A built-in module is found before any path entry, so `import jixiao._core` resolves here
  // and the package's extension module file is never loaded: one engine in the process.
  if (PyImport_AppendInittab("jixiao._core", &PyInit__core) != 0) {
    std::fputs(say("jixiao-host：无法登记内置模块 jixiao._core\n", "jixiao-host: cannot register jixiao._core\n").c_str(),
               stderr);
    std::exit(2);
  }

  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;  // the arguments are the script's, not options for Python
  config.install_signal_handlers = options.signal_handlers ? 1 : 0;
  // With the environment's interpreter as sys.executable, Python's own path search finds
  // pyvenv.cfg, the base installation's standard library and the environment's site-packages.
  // Without one (a build-tree host), Python falls back to the prefix libpython was built for.
  require(PyConfig_SetBytesString(&config, &config.program_name, layout.executable.c_str()));
  if (layout.python) require(PyConfig_SetBytesString(&config, &config.executable, layout.python->c_str()));
  if (options.run_file) require(PyConfig_SetBytesString(&config, &config.run_filename, options.run_file->c_str()));
  std::vector<char*> argv;
  for (const std::string& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  require(PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(argv.size()), argv.data()));
  require(Py_InitializeFromConfig(&config));
  PyConfig_Clear(&config);

  if (layout.package_root) {
    py::module_::import("sys").attr("path").attr("insert")(0, layout.package_root->string());
  }
}

}  // namespace jixiao::host
