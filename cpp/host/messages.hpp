// The host's own messages: Chinese by default, English after `--lang en`.
#pragma once

#include <string>

namespace jixiao::host {

inline bool& english() {
  static bool flag = false;
  return flag;
}
// The message in the chosen language.
inline std::string say(const std::string& zh, const std::string& en) { return english() ? en : zh; }

}  // namespace jixiao::host
