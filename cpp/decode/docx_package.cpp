#include "decode/docx_package.hpp"

#include "core/error.hpp"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace jixiao {
namespace {

constexpr size_t kMiB = 1u << 20;

std::string libzip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

bool is_password_error(int code) {
  return code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP;
}

Error encrypted(const std::string& path, std::string_view part, const std::string& app) {
  return FormatError(path, "文件已加密（" + std::string(part) + " 受密码保护），请先在 " + app + " 中取消密码再读取",
                     "the file is encrypted (" + std::string(part) + " is password-protected); remove the password in " +
                         app + " first");
}

Error too_large(const std::string& path, std::string_view part, size_t limit) {
  const std::string mb = std::to_string(limit / kMiB);
  return FormatError(path, std::string(part) + " 解压后超过 " + mb + " MB，疑似压缩炸弹，拒绝读取",
                     std::string(part) + " inflates to more than " + mb + " MB; refused as a suspected zip bomb");
}

Error too_compressed(const std::string& path, std::string_view part, size_t ratio) {
  const std::string r = std::to_string(ratio);
  return FormatError(path, std::string(part) + " 的压缩比超过 " + r + ":1，疑似压缩炸弹，拒绝读取",
                     std::string(part) + " is compressed more than " + r + ":1; refused as a suspected zip bomb");
}

Error damaged(const std::string& path, std::string_view part, const std::string& why) {
  return FormatError(path, "文件已损坏，无法读取 " + std::string(part) + "（" + why + "）",
                     "the file is damaged; " + std::string(part) + " cannot be read (" + why + ")");
}

}  // namespace

bool zip_holds_folder(std::string_view bytes, std::string_view folder) {
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view("PK\x03\x04", 4)) return false;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  zip_error_fini(&error);
  if (!archive) {
    if (source) zip_source_free(source);
    return false;
  }
  // The main parts sit near the start of real packages; a hostile directory is not walked to its end.
  constexpr zip_int64_t kEntriesLooked = 10'000;
  const zip_int64_t n = std::min(zip_get_num_entries(archive, 0), kEntriesLooked);
  bool found = false;
  for (zip_int64_t i = 0; i < n && !found; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (!name) continue;
    const std::string_view entry(name);
    found = entry.size() > folder.size() &&
            std::equal(folder.begin(), folder.end(), entry.begin(), [](char a, char b) {
              return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            });
  }
  zip_discard(archive);
  return found;
}

DocxPackage::DocxPackage(std::string_view bytes, const std::string& path, PackageLimits limits, std::string_view kind)
    : path_(path), app_(kind == ".xlsx" ? "Excel" : "Word"), limits_(limits) {
  const std::string not_zip_zh = "不是有效的 " + std::string(kind) + " 文件（不是 zip 压缩包）";
  const std::string not_zip_en = "not a valid " + std::string(kind) + " file (not a zip archive)";
  const bool zip_signature = bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
  if (bytes.empty()) throw FormatError(path, "文件为空（0 字节）", "the file is empty (0 bytes)");
  // libzip would take a buffer too short for a zip directory as an empty archive.
  constexpr size_t kSmallestZip = 22;
  if (bytes.size() < kSmallestZip && !zip_signature)
    throw FormatError(path, not_zip_zh, not_zip_en);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source) archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive_) {
    const int code = zip_error_code_zip(&error);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (source) zip_source_free(source);
    if (!zip_signature && code == ZIP_ER_NOZIP)
      throw FormatError(path, not_zip_zh, not_zip_en);
    throw FormatError(path, "文件已损坏或不完整（可能被截断），无法打开 zip 目录：" + why,
                      "the file is damaged or incomplete (perhaps truncated); its zip directory cannot be read: " +
                          why);
  }
  zip_error_fini(&error);
}

DocxPackage::~DocxPackage() {
  if (archive_) zip_discard(archive_);
}

std::optional<std::string> DocxPackage::read(std::string_view part) {
  std::string name(part);
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;

  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &stat) != 0)
    throw damaged(path_, name, zip_strerror(archive_));
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
    throw encrypted(path_, name, app_);

  // The sizes the archive declares are checked first; the inflated output is checked again
  // below because the declarations of a hostile file may lie.
  const size_t budget = limits_.max_inflated - std::min(inflated_, limits_.max_inflated);
  size_t limit = budget;
  if (stat.valid & ZIP_STAT_SIZE) {
    if (stat.size > budget) throw too_large(path_, name, limits_.max_inflated);
    if ((stat.valid & ZIP_STAT_COMP_SIZE) && stat.size > limits_.ratio_checked_from &&
        stat.size / std::max<zip_uint64_t>(stat.comp_size, 1) > limits_.max_ratio)
      throw too_compressed(path_, name, limits_.max_ratio);
  }
  if (stat.valid & ZIP_STAT_COMP_SIZE) {
    const zip_uint64_t ratio_cap = std::max<zip_uint64_t>(stat.comp_size, 1) * limits_.max_ratio;
    limit = std::min<size_t>(limit, std::max<zip_uint64_t>(limits_.ratio_checked_from, ratio_cap));
  }

  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
      zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0), &zip_fclose);
  if (!file) {
    const int code = zip_error_code_zip(zip_get_error(archive_));
    if (is_password_error(code)) throw encrypted(path_, name, app_);
    if (code == ZIP_ER_COMPNOTSUPP)
      throw FormatError(path_, name + " 使用了不支持的压缩方式", name + " uses an unsupported compression method");
    throw damaged(path_, name, libzip_message(code));
  }

  std::string data;
  if (stat.valid & ZIP_STAT_SIZE) data.reserve(static_cast<size_t>(std::min<zip_uint64_t>(stat.size, limit)));
  char chunk[64 * 1024];
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), chunk, sizeof chunk);
    if (n < 0) {
      const int code = zip_error_code_zip(zip_file_get_error(file.get()));
      if (is_password_error(code)) throw encrypted(path_, name, app_);
      throw damaged(path_, name, zip_file_strerror(file.get()));
    }
    if (n == 0) break;
    if (data.size() + static_cast<size_t>(n) > limit) {
      if (limit < budget) throw too_compressed(path_, name, limits_.max_ratio);
      throw too_large(path_, name, limits_.max_inflated);
    }
    data.append(chunk, static_cast<size_t>(n));
  }
  inflated_ += data.size();
  return data;
}

}  // namespace jixiao

namespace jixiao {

// A relationship target resolved against the folder of the part that names it.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  const size_t slash = source_part.rfind('/');
  std::vector<std::string_view> parts;
  std::string_view folder = slash == std::string_view::npos ? std::string_view() : source_part.substr(0, slash);
  auto push_path = [&](std::string_view p) {
    size_t start = 0;
    while (start <= p.size()) {
      const size_t end = std::min(p.find('/', start), p.size());
      const std::string_view seg = p.substr(start, end - start);
      if (seg == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.push_back(seg);
      }
      start = end + 1;
    }
  };
  push_path(folder);
  push_path(target);
  std::string out;
  for (const std::string_view p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string Relationships::target(std::string_view type_suffix, std::string fallback) const {
  for (pugi::xml_node r = xml.document_element().first_child(); r; r = r.next_sibling()) {
    const char* type = docx::attribute(r, "Type");
    const char* target = docx::attribute(r, "Target");
    const char* mode = docx::attribute(r, "TargetMode");
    if (!type || !target || (mode && std::string_view(mode) == "External")) continue;
    const std::string_view t(type);
    if (t.size() >= type_suffix.size() && t.substr(t.size() - type_suffix.size()) == type_suffix)
      return resolve_target(source_part, target);
  }
  return fallback;
}

std::string Relationships::target_of_id(std::string_view id) const {
  for (pugi::xml_node r = xml.document_element().first_child(); r; r = r.next_sibling()) {
    const char* rid = docx::attribute(r, "Id");
    const char* target = docx::attribute(r, "Target");
    const char* mode = docx::attribute(r, "TargetMode");
    if (rid && target && id == rid && !(mode && std::string_view(mode) == "External"))
      return resolve_target(source_part, target);
  }
  return {};
}

void read_relationships(DocxPackage& package, std::string_view source_part, const std::string& path,
                        Relationships& rels) {
  const size_t slash = source_part.rfind('/');
  const std::string folder(slash == std::string_view::npos ? std::string_view() : source_part.substr(0, slash + 1));
  const std::string name(slash == std::string_view::npos ? source_part : source_part.substr(slash + 1));
  const std::string rels_part = folder + "_rels/" + name + ".rels";
  rels.source_part = std::string(source_part);
  if (std::optional<std::string> data = package.read(rels_part)) {
    rels.buffer = std::move(*data);
    docx::parse_part(rels.xml, rels.buffer, rels_part, path);
  }
}

}  // namespace jixiao
