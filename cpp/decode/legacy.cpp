#include "decode/legacy.hpp"

#include "core/error.hpp"
#include "decode/decode.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace jixiao {
namespace {

namespace fs = std::filesystem;

// The name of an OLE directory entry as it is stored: UTF-16LE, NUL-terminated.
std::string ole_name(std::string_view ascii) {
  std::string out;
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  out += std::string(2, '\0');
  return out;
}

bool holds_stream(std::string_view bytes, std::string_view name) {
  return bytes.find(ole_name(name)) != std::string_view::npos;
}

// The fixed header of a compound file: byte order mark, version 3 with 512-byte sectors or
// version 4 with 4096-byte ones, and room for at least one sector after it. Junk that merely
// starts with the signature would otherwise be "converted" by LibreOffice's text import.
bool valid_compound_file(std::string_view bytes) {
  if (bytes.size() < 1024) return false;
  auto u16 = [&](size_t at) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) |
                                     static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8; };
  const unsigned major = u16(0x1A), byte_order = u16(0x1C), sector_shift = u16(0x1E);
  return byte_order == 0xFFFE && ((major == 3 && sector_shift == 9) || (major == 4 && sector_shift == 12));
}

std::string suffix_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string s = path.substr(dot + 1);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<std::string> find_on_path(std::initializer_list<std::string_view> names) {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  const std::string_view dirs(path);
  for (const std::string_view name : names) {
    for (size_t start = 0; start <= dirs.size();) {
      const size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::string dir(dirs.substr(start, end - start));
      start = end + 1;
      if (dir.empty()) continue;
      const std::string candidate = dir + "/" + std::string(name);
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return std::nullopt;
}

int timeout_seconds() {
  if (const char* v = std::getenv("JIXIAO_SOFFICE_TIMEOUT")) {
    const int n = std::atoi(v);
    if (n > 0) return n;
  }
  return kConversionTimeout;
}

// A fresh private folder under the system's temporary folder, removed with the object.
class TempFolder {
 public:
  explicit TempFolder(const std::string& path) {
    std::string pattern = (fs::temp_directory_path() / "jixiao-convert-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw FormatError(path, "无法创建临时文件夹以转换文件", "cannot create a temporary folder for the conversion");
    folder_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return folder_; }

 private:
  fs::path folder_;
};

// Runs `argv` in its own process group, output discarded; its exit status, or nothing when it
// ran past `seconds` (the group is then killed).
std::optional<int> run(const std::vector<std::string>& argv, int seconds, const std::string& path) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0)
    throw FormatError(path, "无法启动 LibreOffice（" + argv[0] + "）", "cannot start LibreOffice (" + argv[0] + ")");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      ::kill(-pid, SIGKILL);  // helpers it left behind in its group
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    if (done < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string file_url(const fs::path& p) { return "file://" + p.string(); }

}  // namespace

ConvertedFile convert_legacy_office(std::string_view bytes, const std::string& path) {
  if (!valid_compound_file(bytes))
    throw FormatError(path, "文件已损坏，或不是 Word/Excel/WPS 文件（OLE 文件头无效）；如能在 Word/WPS 中打开，请另存为 .docx 或 .xlsx",
                      "the file is damaged or not a Word/Excel/WPS file (invalid OLE header); if Word/WPS opens it, "
                      "save it as .docx or .xlsx");
  if (holds_stream(bytes, "EncryptedPackage"))
    throw FormatError(path, "文件已加密（受密码保护），请先在 Word/Excel/WPS 中取消密码再读取",
                      "the file is encrypted (password-protected); remove the password in Word/Excel/WPS first");
  ConvertedFile out;
  const std::string suffix = suffix_of(path);
  const bool workbook = holds_stream(bytes, "Workbook") || holds_stream(bytes, "Book");
  if (!workbook && !holds_stream(bytes, "WordDocument") && suffix != "wps")
    throw FormatError(path, "不是 Word 或 Excel 文件（OLE 文件中没有 WordDocument 或 Workbook 流）",
                      "not a Word or Excel file (the OLE file holds no WordDocument or Workbook stream)");
  out.format = workbook ? "xlsx" : "docx";
  out.source = workbook ? "xls" : suffix == "wps" ? "wps" : "doc";
  const std::string how_zh = workbook ? "请用 Excel/WPS 另存为 .xlsx，或安装 LibreOffice" : "请用 Word/WPS 另存为 .docx，或安装 LibreOffice";
  const std::string how_en = workbook ? "save it as .xlsx in Excel/WPS, or install LibreOffice"
                                      : "save it as .docx in Word/WPS, or install LibreOffice";

  const std::optional<std::string> soffice = find_on_path({"soffice", "libreoffice"});
  if (!soffice)
    throw FormatError(path, "旧版 Office 文件（." + out.source + "）需要 LibreOffice 转换，但没有找到 soffice：" + how_zh,
                      "an old Office file (." + out.source + ") needs LibreOffice to convert it, and soffice was not "
                      "found: " + how_en);

  TempFolder folder(path);
  const fs::path input = folder.path() / ("input." + out.source);
  {
    std::ofstream file(input, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) throw FormatError(path, "无法写入临时文件以转换", "cannot write the temporary file for the conversion");
  }
  const int seconds = timeout_seconds();
  const std::optional<int> status =
      run({*soffice, "-env:UserInstallation=" + file_url(folder.path() / "profile"), "--headless", "--norestore",
           "--nolockcheck", "--convert-to", out.format, "--outdir", folder.path().string(), input.string()},
          seconds, path);
  if (!status)
    throw FormatError(path, "LibreOffice 转换超时（" + std::to_string(seconds) + " 秒）：" + how_zh,
                      "LibreOffice took longer than " + std::to_string(seconds) + " seconds to convert it: " + how_en);
  const fs::path converted = folder.path() / ("input." + out.format);
  std::error_code missing;
  if (*status != 0 || !fs::is_regular_file(converted, missing))
    throw FormatError(path, "LibreOffice 无法转换此文件（文件可能已损坏）：" + how_zh,
                      "LibreOffice could not convert the file (it may be damaged): " + how_en);
  try {
    out.bytes = read_file_bytes(converted.string());
  } catch (const Error&) {
    throw FormatError(path, "无法读取 LibreOffice 转换的结果：" + how_zh, "cannot read what LibreOffice converted: " + how_en);
  }
  return out;
}

}  // namespace jixiao
