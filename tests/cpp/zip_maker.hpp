// Builds zip packages (.docx, .xlsx) in memory for the reader tests, with libzip.
#pragma once

#include <catch2/catch.hpp>
#include <zip.h>

#include <string>
#include <utility>
#include <vector>

namespace jixiao::test {

using Parts = std::vector<std::pair<std::string, std::string>>;

// Zips `parts` in memory (deflated unless `stored`); optionally AES-encrypts every entry.
inline std::string make_zip(const Parts& parts, const char* password = nullptr) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(target);
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  REQUIRE(archive);
  zip_source_keep(target);
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    REQUIRE(index >= 0);
    if (password) REQUIRE(zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, password) == 0);
  }
  REQUIRE(zip_close(archive) == 0);
  REQUIRE(zip_source_open(target) == 0);
  REQUIRE(zip_source_seek(target, 0, SEEK_END) == 0);
  const zip_int64_t size = zip_source_tell(target);
  REQUIRE(zip_source_seek(target, 0, SEEK_SET) == 0);
  std::string bytes(static_cast<size_t>(size), '\0');
  REQUIRE(zip_source_read(target, bytes.data(), bytes.size()) == size);
  zip_source_close(target);
  zip_source_free(target);
  zip_error_fini(&error);
  return bytes;
}

}  // namespace jixiao::test
