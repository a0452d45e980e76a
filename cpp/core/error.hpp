// The one exception hierarchy of the core. Every error names the file it concerns and
// carries its message in Chinese and English; the bindings translate each kind to the
// matching Python class (jixiao.DecodeError, ...). Findings in documents are never
// thrown: they are collected as diagnostics.
#pragma once

#include <stdexcept>
#include <string>

namespace jixiao {

enum class ErrorKind { decode, format, rubric, config, usage };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string path, std::string message_zh, std::string message_en)
      : std::runtime_error(message_en),
        kind_(kind),
        path_(std::move(path)),
        zh_(std::move(message_zh)),
        en_(std::move(message_en)) {}

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& path() const noexcept { return path_; }
  // The full message with the file name in front, in the language asked for ("zh" or "en").
  std::string message(const std::string& lang = "zh") const {
    const std::string& body = lang == "en" ? en_ : zh_;
    if (path_.empty()) return body;
    return path_ + (lang == "en" ? ": " : "：") + body;
  }
  Error with_path(const std::string& path) const {
    Error copy = *this;
    if (copy.path_.empty()) copy.path_ = path;
    return copy;
  }

 private:
  ErrorKind kind_;
  std::string path_;
  std::string zh_;
  std::string en_;
};

inline Error DecodeError(std::string path, std::string zh, std::string en) {
  return Error(ErrorKind::decode, std::move(path), std::move(zh), std::move(en));
}
inline Error FormatError(std::string path, std::string zh, std::string en) {
  return Error(ErrorKind::format, std::move(path), std::move(zh), std::move(en));
}
inline Error RubricError(std::string path, std::string zh, std::string en) {
  return Error(ErrorKind::rubric, std::move(path), std::move(zh), std::move(en));
}
inline Error ConfigError(std::string path, std::string zh, std::string en) {
  return Error(ErrorKind::config, std::move(path), std::move(zh), std::move(en));
}

}  // namespace jixiao
