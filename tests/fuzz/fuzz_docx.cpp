// libFuzzer target: any bytes as a .docx -> zip -> XML parts -> blocks and tables -> outline,
// extraction and the rules. Damaged, hostile or oversized packages must end in a
// jixiao::FormatError, never a crash, a hang or a memory blow-up.
#include "check/check.hpp"
#include "core/error.hpp"
#include "pipeline/pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const jixiao::Document doc = jixiao::read_document(bytes, "fuzz.docx");
    (void)jixiao::check_document(doc);
  } catch (const jixiao::Error&) {
    // Refused with a clear error naming the file.
  }
  return 0;
}
