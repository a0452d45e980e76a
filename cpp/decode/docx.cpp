#include "decode/docx.hpp"

#include "core/error.hpp"

namespace jixiao {

ParsedText read_docx(std::string_view, const std::string& path) {
  throw FormatError(path, "暂不支持 .docx 文件", ".docx files are not supported yet");
}

}  // namespace jixiao
