#include "pipeline/batch.hpp"

#include "core/error.hpp"
#include "decode/decode.hpp"
#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <chrono>
#if defined(__GLIBCXX__)
#include <cxxabi.h>
#endif
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

// One file from the moment a worker takes it until it is handed back.
struct Slot {
  BatchItem item;
  Clock::time_point started;
  size_t worker = 0;
  bool done = false;
};

// What the workers share: a bounded window of files in flight, in input order. Held by
// shared_ptr so that a worker given up on after a timeout (it may never come back) can
// outlive run_batch without touching freed memory; such a worker touches only the options
// and this state after run_batch has returned.
struct Pool {
  Pool(const std::vector<std::string>& paths, const BatchOptions& options, size_t window)
      : paths(&paths), total(paths.size()), options(options), window(window) {}

  const std::vector<std::string>* paths;  // read only when taking a file, which ends before run_batch returns
  const size_t total;
  const BatchOptions options;             // a copy: an abandoned worker may still be using it
  std::optional<Rubric> rubric;           // the named rubric, loaded once; empty for "auto" or no scoring
  const size_t window;                    // files in flight at most

  std::mutex mutex;
  std::condition_variable can_start;  // room in the window, or time to stop
  std::condition_variable finished;   // a file is done
  size_t next_to_start = 0;
  size_t next_to_emit = 0;
  std::deque<Slot> in_flight;  // files next_to_emit .. next_to_start - 1
  std::vector<bool> retired;   // per worker: replaced after a timeout, leaves once its file is done
  bool stopping = false;
};

std::string internal_error(const std::string& path, const std::string& lang, const std::string& what) {
  return path + (lang == "en" ? ": internal error: " : "：内部错误：") + what;
}

std::string timed_out(const std::string& path, const std::string& lang, double seconds) {
  std::ostringstream s;
  s << seconds;
  return lang == "en" ? path + ": not finished after " + s.str() + " s; skipped"
                      : path + "：处理超过 " + s.str() + " 秒仍未完成，已跳过";
}

void keep_document(Document& doc, KeepDocument keep, BatchItem& item) {
  if (keep == KeepDocument::whole) {
    item.document = std::move(doc);
  } else if (keep == KeepDocument::figures) {
    Document figures;
    figures.meta = std::move(doc.meta);
    figures.budget = std::move(doc.budget);
    figures.projects = std::move(doc.projects);
    figures.indicators = std::move(doc.indicators);
    item.document = std::move(figures);
  }
}

BatchItem process(const Pool& pool, size_t index, const std::string& file) {
  const BatchOptions& options = pool.options;
  const std::string& lang = options.config.lang;
  const std::string path = shown_path(file);
  BatchItem item;
  item.index = index;
  item.path = path;
  item.check.path = path;
  try {
    Document doc = load_document(file);
    item.check = check_document(doc, options.config, options.extra_rules);
    if (!options.rubric.empty()) {
      const Rubric& rubric = pool.rubric ? *pool.rubric : builtin_rubric(default_rubric_name(doc.meta.doc_type));
      item.score = score_document(doc, rubric, item.check.diagnostics, options.indicators);
    }
    if (options.link) item.link = link_entry(doc, options.config);
    keep_document(doc, options.keep_document, item);
  } catch (const Error& e) {
    item.error = e.with_path(path).message(lang);
  } catch (const std::exception& e) {
    item.error = internal_error(path, lang, e.what());
#if defined(__GLIBCXX__)
  } catch (abi::__forced_unwind&) {
    throw;  // the thread is being cancelled (e.g. an abandoned worker at interpreter exit): let it end
#endif
  } catch (...) {
    item.error = internal_error(path, lang, "unknown exception");
  }
  return item;
}

void work(const std::shared_ptr<Pool>& pool, size_t worker) {
  for (;;) {
    size_t index = 0;
    std::string path;
    {
      std::unique_lock lock(pool->mutex);
      pool->can_start.wait(lock, [&] {
        return pool->stopping || pool->retired[worker] || pool->next_to_start == pool->total ||
               pool->next_to_start - pool->next_to_emit < pool->window;
      });
      if (pool->stopping || pool->retired[worker] || pool->next_to_start == pool->total) return;
      index = pool->next_to_start++;
      path = (*pool->paths)[index];
      Slot& slot = pool->in_flight.emplace_back();
      slot.started = Clock::now();
      slot.worker = worker;
    }
    // The emitter may be waiting with no file in flight, without a deadline: let it start this file's clock.
    if (pool->options.timeout_per_file > 0) pool->finished.notify_one();
    BatchItem item = process(*pool, index, path);
    {
      std::lock_guard lock(pool->mutex);
      // An index already emitted was given up on after a timeout: its late result is dropped.
      if (index >= pool->next_to_emit) {
        Slot& slot = pool->in_flight[index - pool->next_to_emit];
        slot.item = std::move(item);
        slot.done = true;
      }
    }
    pool->finished.notify_one();
  }
}

// Starts and finally stops the workers, also when on_result throws.
class Workers {
 public:
  Workers(std::shared_ptr<Pool> pool, size_t count) : pool_(std::move(pool)) {
    std::lock_guard lock(pool_->mutex);
    for (size_t i = 0; i < count; ++i) add();
  }
  ~Workers() {
    {
      std::lock_guard lock(pool_->mutex);
      pool_->stopping = true;
    }
    pool_->can_start.notify_all();
    for (size_t i = 0; i < threads_.size(); ++i) {
      // A retired worker may be stuck in its file for good; it holds its own share of the pool.
      if (is_retired(i)) threads_[i].detach();
      else threads_[i].join();
    }
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // Adds a worker; the caller holds the pool's mutex.
  void add() {
    pool_->retired.push_back(false);
    threads_.emplace_back(work, pool_, threads_.size());
  }

 private:
  bool is_retired(size_t i) {
    std::lock_guard lock(pool_->mutex);
    return pool_->retired[i];
  }

  std::shared_ptr<Pool> pool_;
  std::vector<std::thread> threads_;
};

}  // namespace

void run_batch(const std::vector<std::string>& paths, const BatchOptions& options,
               const std::function<void(BatchItem&&)>& on_result) {
  validate_config(options.config, options.extra_rules);
  const size_t jobs =
      options.jobs > 0 ? static_cast<size_t>(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  auto pool = std::make_shared<Pool>(paths, options, 4 * jobs);
  if (!options.rubric.empty() && options.rubric != "auto") {
    pool->rubric = load_rubric(options.rubric);
    for (const RubricItem& item : pool->rubric->indicators)
      if (!item.function.empty() && !options.indicators.count(item.function))
        throw RubricError(pool->rubric->name, "指标 " + item.key + " 使用的自定义指标函数 " + item.function + " 未注册",
                          "indicator " + item.key + " uses custom indicator function " + item.function +
                              ", which is not registered");
  }
  if (paths.empty()) return;

  Workers workers(pool, std::min(jobs, paths.size()));
  // A stop wakes the emitter wherever it waits; taking the mutex first means it is not lost
  // between the emitter's check and its wait.
  const std::stop_callback wake_on_stop(options.stop, [&pool] {
    { std::lock_guard lock(pool->mutex); }
    pool->finished.notify_all();
  });
  const auto timeout = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.timeout_per_file > 0 ? std::min(options.timeout_per_file, 1e9) : 0.0));
  for (size_t emit = 0; emit < paths.size(); ++emit) {
    BatchItem item;
    {
      std::unique_lock lock(pool->mutex);
      for (;;) {
        if (options.stop.stop_requested()) return;
        if (!pool->in_flight.empty() && pool->in_flight.front().done) {
          item = std::move(pool->in_flight.front().item);
          break;
        }
        if (timeout.count() > 0 && !pool->in_flight.empty()) {
          const Slot& slot = pool->in_flight.front();
          if (Clock::now() - slot.started >= timeout) {
            // Give up on this file: report it, retire its worker and start another in its place.
            item.index = emit;
            item.path = item.check.path = shown_path(paths[emit]);
            item.error = timed_out(item.path, options.config.lang, options.timeout_per_file);
            pool->retired[slot.worker] = true;
            workers.add();
            break;
          }
          pool->finished.wait_until(lock, slot.started + timeout);
        } else {
          pool->finished.wait(lock);
        }
      }
      pool->in_flight.pop_front();
      ++pool->next_to_emit;
    }
    pool->can_start.notify_all();
    on_result(std::move(item));
  }
}

}  // namespace jixiao
