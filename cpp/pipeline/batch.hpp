// The batch pipeline: load + check (+ score) over many files on a pool of threads, results
// handed back in input order as soon as each is ready (DESIGN.md §2, §10).
//
//   BatchOptions options;
//   options.jobs = 4;
//   options.rubric = "auto";
//   run_batch(paths, options, [](BatchItem&& item) { ... });   // called on this thread, in order
//
// Memory stays flat in the number of files: at most 4 × jobs items are loaded or waiting to be
// handed back at any time, and each item keeps only what BatchOptions::keep_document asks for.
// A file that cannot be read, or that takes longer than the timeout, becomes an item with
// `error` set; it never stops the rest of the batch.
#pragma once

#include "check/check.hpp"
#include "core/records.hpp"
#include "link/link.hpp"
#include "score/score.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace jixiao {

// How much of each Document a BatchItem keeps: nothing; its figures (meta, budget, projects and
// indicators — text, blocks, outline, tables and facts dropped, a few KB per report); or all of it.
enum class KeepDocument { none, figures, whole };
BOOST_DESCRIBE_ENUM(KeepDocument, none, figures, whole)

struct BatchOptions {
  int jobs = 1;  // worker threads; 0 or less = one per hardware thread
  CheckConfig config;
  std::vector<ExtraRule> extra_rules;
  std::string rubric;  // empty = no scoring; "auto" = each document's default rubric; else a name, path or JSON
  CustomIndicators indicators;  // functions a custom rubric names
  double timeout_per_file = 0;  // seconds, 0 = none
  KeepDocument keep_document = KeepDocument::figures;
  bool link = false;  // keep each document's LinkEntry for linking the batch into dossiers (link_documents)
  std::stop_token stop;  // once requested, no more files start or are handed back and run_batch returns
};

struct BatchItem {
  size_t index = 0;  // position in the input
  std::string path;
  std::optional<Document> document;  // as BatchOptions::keep_document asks; empty when the file could not be read
  CheckResult check;
  std::optional<Scorecard> score;
  std::string error;  // non-empty when the file could not be read (or timed out), in config.lang
  std::optional<LinkEntry> link;  // with BatchOptions::link: what linking needs of the document
};
BOOST_DESCRIBE_STRUCT(BatchItem, (), (index, path, document, check, score, error, link))

// Runs load + check (+ score) over `paths` on `options.jobs` threads and calls `on_result` on the
// calling thread, in input order, as soon as the next item is ready. Invalid options (config,
// extra rules, rubric) throw before any file is read; an exception from `on_result` stops the
// workers and is rethrown once they have finished their current file. A stop requested through
// options.stop ends the batch the same way, without an exception: the items not yet handed back
// are dropped.
void run_batch(const std::vector<std::string>& paths, const BatchOptions& options,
               const std::function<void(BatchItem&&)>& on_result);

}  // namespace jixiao
