// jixiao-host: one program, with Python and the jixiao engine built in, that runs analysts'
// automation scripts and rule files against reports (DESIGN.md §9).
//
//   jixiao-host [--lang zh|en] run SCRIPT.py [ARGS...]
//   jixiao-host [--lang zh|en] check [--rules RULES.py ...] [options] PATH...
#include "host/check_command.hpp"
#include "host/layout.hpp"
#include "host/messages.hpp"
#include "host/run_script.hpp"

#include <Python.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using jixiao::host::say;

std::string usage() {
  return say(
      "用法：jixiao-host [--lang zh|en] run SCRIPT.py [参数...]\n"
      "      jixiao-host [--lang zh|en] check [--rules RULES.py ...] [选项] PATH...\n"
      "  run    运行分析脚本（可 import jixiao，并使用本环境已安装的包）\n"
      "  check  用 C++ 批处理检查报告，可加 Python 自定义规则；输出与退出码同 `jixiao check`\n"
      "         （jixiao-host check --help 查看选项）\n",
      "usage: jixiao-host [--lang zh|en] run SCRIPT.py [ARGS...]\n"
      "       jixiao-host [--lang zh|en] check [--rules RULES.py ...] [options] PATH...\n"
      "  run    run an analyst's script (jixiao and this environment's packages importable)\n"
      "  check  check reports with the C++ batch pipeline and optional Python rules; output and\n"
      "         exit codes as `jixiao check` (see jixiao-host check --help)\n");
}

int usage_error(const std::string& zh, const std::string& en) {
  std::fputs(("jixiao-host: " + say(zh, en) + "\n" + usage()).c_str(), stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  size_t next = 0;
  for (; next < args.size() && args[next].starts_with("-"); ++next) {
    const std::string& arg = args[next];
    if (arg == "--lang" || arg.starts_with("--lang=")) {
      const std::string lang = arg == "--lang" ? (next + 1 < args.size() ? args[++next] : "") : arg.substr(7);
      if (lang != "zh" && lang != "en") return usage_error("--lang 应为 zh 或 en", "--lang must be zh or en");
      jixiao::host::english() = lang == "en";
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(usage().c_str(), stdout);
      return 0;
    } else if (arg == "--version") {
      std::printf("jixiao-host %s (Python %s)\n", JIXIAO_VERSION, PY_VERSION);
      return 0;
    } else {
      return usage_error("未知选项 " + arg, "unknown option " + arg);
    }
  }
  if (next == args.size()) return usage_error("缺少子命令 run 或 check", "missing the command, run or check");
  const std::string& command = args[next];
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(next) + 1, args.end());
  const jixiao::host::Layout layout = jixiao::host::locate();
  if (command == "run") return jixiao::host::run_script(layout, rest);
  if (command == "check") return jixiao::host::run_check(layout, rest);
  return usage_error("未知子命令 " + command, "unknown command " + command);
}
