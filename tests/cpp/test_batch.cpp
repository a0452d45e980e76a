// The batch pipeline (cpp/pipeline/batch.hpp) over the corpus and a few bad files, and extra
// rules run by the checker.
#include <catch2/catch.hpp>

#include "check/rules.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "pipeline/batch.hpp"
#include "pipeline/pipeline.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

using namespace jixiao;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = JIXIAO_CORPUS_DIR;

// A fresh folder under the system temp folder, removed with the object.
class Folder {
 public:
  Folder() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("jixiao_batch_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return (path_ / name).string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// The corpus reports (7 .txt, 1 .docx), repeated `times`.
std::vector<std::string> corpus_paths(int times) {
  std::vector<std::string> one;
  for (const char* folder : {"seeds", "dev"})
    for (const auto& entry : fs::directory_iterator(kCorpus / folder)) one.push_back(entry.path().string());
  std::sort(one.begin(), one.end());
  std::vector<std::string> out;
  for (int i = 0; i < times; ++i) out.insert(out.end(), one.begin(), one.end());
  return out;
}

std::vector<BatchItem> collect(const std::vector<std::string>& paths, const BatchOptions& options) {
  std::vector<BatchItem> items;
  run_batch(paths, options, [&](BatchItem&& item) { items.push_back(std::move(item)); });
  return items;
}

RuleInfo user_rule(std::string code, std::string severity = "warning") {
  RuleInfo info;
  info.code = std::move(code);
  info.name = "user-rule";
  info.severity = std::move(severity);
  return info;
}

// An extra rule that flags every paragraph and table cell mentioning `word`, with the catalog message template.
ExtraRule flag_word(std::string word) {
  RuleInfo info = user_rule("X901");
  info.messages["default"] = {{"zh", "提到了「{word}」"}, {"en", "mentions “{word}”"}};
  return {info, [word](const RuleContext& ctx, Reporter& reporter) {
            auto flag = [&](const std::string& text, int block, int row, int col) {
              const size_t at = text.find(word);
              if (at != std::string::npos) reporter.report("X901", Where{block, row, col, at, at + word.size()}, {{"word", word}});
            };
            for (size_t b = 0; b < ctx.doc.blocks.size(); ++b) {
              const Block& block = ctx.doc.blocks[b];
              if (block.kind != "table") {
                flag(block.text, static_cast<int>(b), -1, -1);
                continue;
              }
              const Table& table = ctx.doc.tables[block.table];
              for (size_t r = 0; r < table.rows.size(); ++r)
                for (size_t c = 0; c < table.rows[r].size(); ++c)
                  flag(table.rows[r][c].text, static_cast<int>(b), static_cast<int>(r), static_cast<int>(c));
            }
          }};
}

size_t count_code(const CheckResult& result, std::string_view code) {
  return std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                       [&](const Diagnostic& d) { return d.code == code; });
}

}  // namespace

TEST_CASE("Results come back in input order, one item per file", "[batch][corpus]") {
  const std::vector<std::string> paths = corpus_paths(5);
  BatchOptions options;
  options.jobs = 3;
  const std::vector<BatchItem> items = collect(paths, options);
  REQUIRE(items.size() == paths.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CHECK(items[i].index == i);
    CHECK(items[i].path == paths[i]);
    CHECK(items[i].check.path == paths[i]);
    CHECK(items[i].error.empty());
  }
}

TEST_CASE("A file that cannot be read becomes an item with an error and the batch goes on", "[batch][corpus]") {
  Folder folder;
  std::vector<std::string> paths = corpus_paths(1);
  const std::vector<std::string> bad = {
      folder.write("empty.txt", ""),
      folder.write("junk.txt", std::string("\x00\xff\xfe\x01\x80\x81\x00\x00\xc0\xc1", 10)),
      folder.write("broken.docx", "PK\x03\x04 not really a zip"),
      folder.write("old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 ole"),
      folder.path("missing.txt"),
  };
  paths.insert(paths.begin() + 2, bad.begin(), bad.end());
  BatchOptions options;
  options.jobs = 2;
  const std::vector<BatchItem> items = collect(paths, options);
  REQUIRE(items.size() == paths.size());
  for (const BatchItem& item : items) {
    const bool is_bad = std::find(bad.begin(), bad.end(), item.path) != bad.end();
    INFO(item.path << ": " << item.error);
    CHECK(is_bad == !item.error.empty());
    if (is_bad) {
      CHECK_THAT(item.error, Contains(item.path));  // the message names the file
      CHECK_FALSE(item.document.has_value());
      CHECK(item.check.path == item.path);
      CHECK(item.check.diagnostics.empty());
    }
  }
}

TEST_CASE("Errors are worded in the config's language", "[batch]") {
  Folder folder;
  BatchOptions options;
  options.config.lang = "en";
  const std::vector<BatchItem> items = collect({folder.write("empty.txt", "")}, options);
  REQUIRE(items.size() == 1);
  CHECK_THAT(items[0].error, Contains("empty.txt: "));
  CHECK(items[0].error.find("文件") == std::string::npos);
}

TEST_CASE("Two jobs give exactly the results of one, which are those of checking each file alone", "[batch][corpus]") {
  const std::vector<std::string> paths = corpus_paths(3);
  BatchOptions one;
  one.rubric = "auto";
  BatchOptions two = one;
  two.jobs = 2;
  const std::vector<BatchItem> serial = collect(paths, one);
  const std::vector<BatchItem> parallel = collect(paths, two);
  REQUIRE(serial.size() == parallel.size());
  for (size_t i = 0; i < serial.size(); ++i) {
    INFO(paths[i]);
    CHECK(records_equal(serial[i], parallel[i]));
    const Document doc = load_document(paths[i]);
    CHECK(records_equal(serial[i].check, check_document(doc)));
  }
}

TEST_CASE("Scoring with rubric auto uses each document type's default rubric", "[batch][corpus]") {
  BatchOptions options;
  options.rubric = "auto";
  const std::vector<BatchItem> items = collect(corpus_paths(1), options);
  for (const BatchItem& item : items) {
    REQUIRE(item.score.has_value());
    CHECK(item.score->rubric == default_rubric_name(item.check.doc_type));
    if (item.path.ends_with("d2_health_project_selfeval_2021.txt")) CHECK(item.score->total == Approx(92.0));
  }
  options.rubric.clear();
  for (const BatchItem& item : collect(corpus_paths(1), options)) CHECK_FALSE(item.score.has_value());
}

TEST_CASE("A named rubric that needs an unregistered custom function is refused before any file is read", "[batch][corpus]") {
  BatchOptions options;
  options.rubric = R"({"name": "mine", "total": 10, "grades": [{"grade": "优", "min": 0}],
    "indicators": [{"key": "a", "name": "A", "points": 10, "method": "ratio", "function": "absent"}]})";
  bool called = false;
  CHECK_THROWS_AS(run_batch(corpus_paths(1), options, [&](BatchItem&&) { called = true; }), Error);
  CHECK_FALSE(called);
}

TEST_CASE("Items keep the figures by default, the whole document or nothing when asked", "[batch][corpus]") {
  const std::string seed = corpus_paths(1).front();
  const Document whole = load_document(seed);
  BatchOptions options;
  BatchItem figures = collect({seed}, options).front();
  REQUIRE(figures.document.has_value());
  CHECK(records_equal(figures.document->budget, whole.budget));
  CHECK(records_equal(figures.document->indicators, whole.indicators));
  CHECK(figures.document->meta.path == seed);
  CHECK(figures.document->text.empty());
  CHECK(figures.document->blocks.empty());
  options.keep_document = KeepDocument::whole;
  CHECK(records_equal(*collect({seed}, options).front().document, whole));
  options.keep_document = KeepDocument::none;
  CHECK_FALSE(collect({seed}, options).front().document.has_value());
}

TEST_CASE("Extra rules run after the built-ins with their own catalog entry", "[batch]") {
  const Document doc = parse_document("某单位2022年度工作总结\n一、工作情况\n全年开展培训活动12次。\n", "summary.txt");
  const std::vector<ExtraRule> extra = {flag_word("培训")};
  const CheckResult result = check_document(doc, {}, extra);
  REQUIRE(count_code(result, "X901") == 1);
  const Diagnostic& d = *std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                                      [](const Diagnostic& x) { return x.code == "X901"; });
  CHECK(d.rule == "user-rule");
  CHECK(d.severity == "warning");
  CHECK(d.message == "提到了「培训」");
  CHECK(d.line == 3);
  CHECK(d.excerpt == "全年开展培训活动12次。");
  CHECK(d.excerpt_start == 4);
  CHECK(d.excerpt_end == 6);

  CheckConfig english;
  english.lang = "en";
  CHECK(check_document(doc, english, extra).diagnostics.back().message == "mentions “培训”");
  CheckConfig ignoring;
  ignoring.ignore = {"X9"};
  CHECK(count_code(check_document(doc, ignoring, extra), "X901") == 0);
  CheckConfig only;
  only.select = {"X901"};
  const CheckResult selected = check_document(doc, only, extra);
  CHECK(selected.diagnostics.size() == 1);
  CHECK(count_code(check_document(doc, {}, {flag_word("不存在的词")}), "X901") == 0);
}

TEST_CASE("A rule may write its own message instead of a catalog template", "[batch]") {
  const Document doc = parse_document("标题\n一、情况\n正文。\n", "t.txt");
  ExtraRule rule{user_rule("X902", "info"), [](const RuleContext&, Reporter& reporter) {
                   reporter.report_text("X902", Where{2}, "自己写的话", {}, "改成别的");
                 }};
  const CheckResult result = check_document(doc, {}, {rule});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].message == "自己写的话");
  CHECK(result.diagnostics[0].suggestion == "改成别的");
  CHECK(result.diagnostics[0].severity == "info");
  CHECK(result.diagnostics[0].excerpt == "正文。");
}

TEST_CASE("Extra rules fire in the batch for every file", "[batch][corpus]") {
  BatchOptions options;
  options.jobs = 2;
  options.extra_rules = {flag_word("年")};
  for (const BatchItem& item : collect(corpus_paths(2), options)) {
    INFO(item.path);
    CHECK(count_code(item.check, "X901") >= 1);
  }
}

TEST_CASE("A rule that throws becomes an error finding naming the rule, and the other rules still report", "[batch][corpus]") {
  ExtraRule broken{user_rule("X903", "info"), [](const RuleContext&, Reporter&) -> void {
                     throw std::runtime_error("division by zero");
                   }};
  broken.info.name = "broken-rule";
  BatchOptions options;
  options.jobs = 2;
  options.extra_rules = {broken, flag_word("年")};
  options.config.lang = "en";
  const std::vector<BatchItem> items = collect(corpus_paths(1), options);
  REQUIRE(items.size() == 8);
  for (const BatchItem& item : items) {
    CHECK(item.error.empty());
    const auto failure = std::find_if(item.check.diagnostics.begin(), item.check.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.code == "X903"; });
    REQUIRE(failure != item.check.diagnostics.end());
    CHECK(failure->severity == "error");
    CHECK(failure->rule == "broken-rule");
    CHECK(failure->message == "rule X903 (broken-rule) failed: division by zero");
    CHECK(count_code(item.check, "X901") >= 1);
  }
}

TEST_CASE("Extra rule codes must be new, unique and carry a valid severity", "[batch][corpus]") {
  const Document doc = parse_document("标题\n", "t.txt");
  auto nothing = [](const RuleContext&, Reporter&) {};
  CHECK_THROWS_AS(check_document(doc, {}, {{user_rule("A101"), nothing}}), Error);
  CHECK_THROWS_AS(check_document(doc, {}, {{user_rule("X1"), nothing}, {user_rule("X1"), nothing}}), Error);
  CHECK_THROWS_AS(check_document(doc, {}, {{user_rule("X1", "fatal"), nothing}}), Error);
  CHECK_THROWS_AS(check_document(doc, {}, {{user_rule(""), nothing}}), Error);
  BatchOptions options;
  options.extra_rules = {{user_rule("T101"), nothing}};
  bool called = false;
  CHECK_THROWS_AS(run_batch(corpus_paths(1), options, [&](BatchItem&&) { called = true; }), Error);
  CHECK_FALSE(called);
  // A user code that does not start with X is fine to select once its rule is given.
  CheckConfig config;
  config.select = {"U1"};
  CHECK_NOTHROW(check_document(doc, config, {{user_rule("U1"), nothing}}));
  CHECK_THROWS_AS(check_document(doc, config), Error);
}

TEST_CASE("An exception thrown by on_result stops the batch and reaches the caller", "[batch][corpus]") {
  BatchOptions options;
  options.jobs = 2;
  size_t seen = 0;
  CHECK_THROWS_WITH(run_batch(corpus_paths(20), options,
                              [&](BatchItem&&) {
                                if (++seen == 3) throw std::runtime_error("enough");
                              }),
                    "enough");
  CHECK(seen == 3);
}

TEST_CASE("No more than four items per job are in flight however long the batch", "[batch][corpus]") {
  std::atomic<size_t> started{0};
  ExtraRule counter{user_rule("X904"), [&](const RuleContext&, Reporter&) { ++started; }};
  BatchOptions options;
  options.jobs = 2;
  options.extra_rules = {counter};
  size_t emitted = 0;
  size_t most_ahead = 0;
  run_batch(corpus_paths(10), options, [&](BatchItem&&) {
    ++emitted;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a slow consumer: workers run ahead
    most_ahead = std::max(most_ahead, started.load() - emitted);
  });
  CHECK(emitted == 80);
  CHECK(most_ahead <= 4 * 2);
  CHECK(most_ahead >= 2);  // the workers did run ahead of the consumer
}

TEST_CASE("A file past the timeout becomes an error item and the batch goes on", "[batch][corpus]") {
  auto slept = std::make_shared<std::atomic<int>>(0);
  ExtraRule slow{user_rule("X905"), [slept](const RuleContext& ctx, Reporter&) {
                   if (!ctx.doc.meta.path.ends_with(".docx")) return;
                   std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                   ++*slept;
                 }};
  BatchOptions options;
  options.jobs = 2;
  options.extra_rules = {slow};
  options.timeout_per_file = 0.2;
  const std::vector<std::string> paths = corpus_paths(2);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<BatchItem> items = collect(paths, options);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1400));
  REQUIRE(items.size() == paths.size());
  for (size_t i = 0; i < items.size(); ++i) {
    INFO(paths[i]);
    CHECK(items[i].index == i);
    const bool docx = paths[i].ends_with(".docx");
    CHECK(docx == !items[i].error.empty());
    if (docx) CHECK_THAT(items[i].error, Contains("0.2"));
  }
  // The abandoned workers finish on their own; wait for them so that none outlives the test program.
  while (*slept < 2) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST_CASE("A first file that hangs is timed out too, even with one job", "[batch][corpus]") {
  auto slept = std::make_shared<std::atomic<int>>(0);
  const std::vector<std::string> paths = corpus_paths(1);
  const std::string first = paths.front();
  ExtraRule hangs{user_rule("X906"), [slept, first](const RuleContext& ctx, Reporter&) {
                    if (ctx.doc.meta.path != first) return;
                    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                    ++*slept;
                  }};
  BatchOptions options;
  options.extra_rules = {hangs};
  options.timeout_per_file = 0.2;
  const auto start = std::chrono::steady_clock::now();
  const std::vector<BatchItem> items = collect(paths, options);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1400));
  REQUIRE(items.size() == paths.size());
  CHECK_FALSE(items[0].error.empty());
  for (size_t i = 1; i < items.size(); ++i) CHECK(items[i].error.empty());
  while (*slept < 1) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST_CASE("A stop request ends the batch: the items so far are handed back, no more files start", "[batch]") {
  Folder folder;
  std::vector<std::string> paths;
  for (int i = 0; i < 50; ++i)
    paths.push_back(folder.write("report_" + std::to_string(i) + ".txt", "一、基本情况\n全年完成培训3次。\n"));
  auto started = std::make_shared<std::atomic<int>>(0);
  ExtraRule counts{user_rule("X907"), [started](const RuleContext&, Reporter&) { ++*started; }};
  std::stop_source stop;
  BatchOptions options;
  options.jobs = 2;
  options.extra_rules = {counts};
  options.stop = stop.get_token();
  std::vector<size_t> emitted;
  run_batch(paths, options, [&](BatchItem&& item) {
    emitted.push_back(item.index);
    if (emitted.size() == 3) stop.request_stop();
  });
  CHECK(emitted == std::vector<size_t>{0, 1, 2});
  CHECK(*started < 50);  // the window (4 × jobs) bounds what was started before the stop
}

TEST_CASE("A stop request wakes a batch waiting on a file that never finishes", "[batch]") {
  Folder folder;
  const std::vector<std::string> paths = {folder.write("slow.txt", "一、基本情况\n正文。\n")};
  auto release = std::make_shared<std::atomic<bool>>(false);
  ExtraRule waits{user_rule("X908"), [release](const RuleContext&, Reporter&) {
                    while (!*release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                  }};
  std::stop_source stop;
  BatchOptions options;
  options.extra_rules = {waits};
  options.stop = stop.get_token();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop.request_stop();
    *release = true;  // the worker may now leave its file, so that run_batch can join it
  });
  size_t emitted = 0;
  run_batch(paths, options, [&](BatchItem&&) { ++emitted; });
  stopper.join();
  CHECK(emitted == 0);
}

TEST_CASE("Files named in another encoding or holding NUL are read or refused, and shown readably", "[batch]") {
  Folder folder;
  const std::string gbk_name = folder.path("\xbc\xa8\xd0\xa7.txt");  // 绩效 in GBK
  std::ofstream(gbk_name, std::ios::binary) << "一、基本情况\n正文。\n";
  const std::string secret = folder.write("secret", "一、基本情况\n正文。\n");
  const std::vector<BatchItem> items = collect({gbk_name, secret + std::string("\0.txt", 5)}, BatchOptions{});
  REQUIRE(items.size() == 2);
  CHECK(items[0].error.empty());
  CHECK(items[0].path == folder.path("\\xbc\\xa8Ч.txt"));  // D0 A7 happens to be valid UTF-8 (Ч)
  CHECK(items[1].path == secret + "\\0.txt");
  CHECK_THAT(items[1].error, Contains("NUL"));
}
