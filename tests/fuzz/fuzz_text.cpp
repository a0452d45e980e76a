// libFuzzer target: any bytes as a text report -> decode -> parse -> outline -> extraction ->
// every built-in rule, then the document through JSON and back. Bad input may be refused
// with a jixiao::Error; anything else (a crash, a sanitizer report, a hang past -timeout,
// memory past -rss_limit_mb, a document that does not survive its JSON) is a bug.
#include "check/check.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "pipeline/pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::optional<jixiao::Document> doc;
  try {
    doc = jixiao::read_document(bytes, "fuzz.txt");
    (void)jixiao::check_document(*doc);
  } catch (const jixiao::Error&) {
    return 0;  // a clear refusal naming the file is a correct answer to a bad file
  }
  // Pickling and Document.from_json go through this JSON: it must read back as the same
  // document (an Infinity or NaN would not).
  const auto again = jixiao::from_json_value<jixiao::Document>(nlohmann::json::parse(jixiao::to_json_string(*doc)));
  if (!jixiao::records_equal(again, *doc)) std::abort();
  return 0;
}
