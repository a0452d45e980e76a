// libFuzzer target: any bytes as a text report -> decode -> parse -> outline -> extraction ->
// every built-in rule -> JSON. Bad input may be refused with a jixiao::Error; anything else
// (a crash, a sanitizer report, a hang past -timeout, memory past -rss_limit_mb) is a bug.
#include "check/check.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "pipeline/pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const jixiao::Document doc = jixiao::read_document(bytes, "fuzz.txt");
    const jixiao::CheckResult result = jixiao::check_document(doc);
    // Serialisation must give JSON that reads back (no Infinity or NaN).
    const std::string json = jixiao::to_json_value(doc).dump();
    (void)nlohmann::json::parse(json);
    (void)jixiao::to_json_value(result).dump();
  } catch (const jixiao::Error&) {
    // A clear refusal naming the file is a correct answer to a bad file.
  }
  return 0;
}
