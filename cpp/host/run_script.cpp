#include "host/run_script.hpp"

#include "host/interpreter.hpp"
#include "host/messages.hpp"

#include <Python.h>

#include <cstdio>
#include <filesystem>

namespace jixiao::host {

int run_script(const Layout& layout, const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(say("jixiao-host run：缺少脚本（用法：jixiao-host run SCRIPT.py [参数...]）\n",
                   "jixiao-host run: no script given (usage: jixiao-host run SCRIPT.py [ARGS...])\n")
                   .c_str(),
               stderr);
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.front(), ec)) {
    std::fputs(say("jixiao-host run：找不到脚本 " + args.front() + "\n",
                   "jixiao-host run: no such script: " + args.front() + "\n")
                   .c_str(),
               stderr);
    return 2;
  }
  start_interpreter(layout, {.argv = args, .run_file = args.front()});
  // Python's own main: path[0], __main__, traceback printing, SystemExit codes, finalization.
  return Py_RunMain();
}

}  // namespace jixiao::host
