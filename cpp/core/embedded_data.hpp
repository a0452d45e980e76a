// Data files (rule catalog, templates, typo lexicon, rubrics) compiled into the library,
// so the engine and the C++ host work without any file on disk.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jixiao {

// Every embedded file as (path relative to data/, contents).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();

// The contents of one embedded file; throws std::out_of_range when absent.
inline std::string_view embedded_file(std::string_view name) {
  for (const auto& [path, contents] : embedded_files())
    if (path == name) return contents;
  throw std::out_of_range("no embedded data file " + std::string(name));
}

}  // namespace jixiao
