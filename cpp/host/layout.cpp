#include "host/layout.hpp"

#include <Python.h>

#include <cstdlib>
#include <string>
#include <system_error>

namespace jixiao::host {

namespace fs = std::filesystem;

namespace {

bool is_package(const fs::path& root) {
  std::error_code ec;
  return fs::is_regular_file(root / "jixiao" / "__init__.py", ec);
}

// <prefix>/lib/pythonX.Y/site-packages -> <prefix>/bin/python3, when it is this host's Python
// version (a venv of another version would not match the libpython linked in).
std::optional<fs::path> interpreter_of(const fs::path& site_packages) {
  const std::string name = site_packages.filename().string();
  if (name != "site-packages" && name != "dist-packages") return std::nullopt;
  const fs::path version_dir = site_packages.parent_path();
  if (version_dir.filename() != "python" + std::to_string(PY_MAJOR_VERSION) + "." + std::to_string(PY_MINOR_VERSION))
    return std::nullopt;
  const fs::path prefix = version_dir.parent_path().parent_path();
  for (const char* candidate : {"python3", "python"}) {
    std::error_code ec;
    if (fs::exists(prefix / "bin" / candidate, ec)) return prefix / "bin" / candidate;
  }
  return std::nullopt;
}

}  // namespace

Layout locate() {
  Layout out;
  std::error_code ec;
  out.executable = fs::canonical("/proc/self/exe", ec);

  // Installed (or staged by scripts/dev.sh): <root>/jixiao/bin/jixiao-host.
  const fs::path bin = out.executable.parent_path();
  const fs::path root = bin.parent_path().parent_path();
  if (bin.filename() == "bin" && bin.parent_path().filename() == "jixiao" && is_package(root)) {
    out.package_root = root;
    out.python = interpreter_of(root);
  } else if (is_package(JIXIAO_SOURCE_PYTHON_DIR)) {
    out.package_root = fs::path(JIXIAO_SOURCE_PYTHON_DIR);
  }

  if (const char* named = std::getenv(kPythonVariable); named && *named) {
    out.python = fs::path(named);
    unsetenv(kPythonVariable);
  }
  return out;
}

}  // namespace jixiao::host
