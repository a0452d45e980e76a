#include "bindings/binder.hpp"

#include "core/error.hpp"

namespace jixiao::bindings {

nlohmann::json parse_json_text(const std::string& text, const char* what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError("", std::string(what) + " 不是有效的 JSON：" + e.what(),
                      std::string(what) + " is not valid JSON: " + e.what());
  }
}

}  // namespace jixiao::bindings
