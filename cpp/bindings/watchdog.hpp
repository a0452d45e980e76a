// Stops Python rules that run too long (`--timeout` of jixiao check/batch, check_many(timeout=...),
// `jixiao-host check --timeout-per-file`), or at once when the batch is stopped (Ctrl-C).
//
// Each call of a Python rule on a file may run S seconds (and each rule file's import as long). Past that, the rule's thread gets an
// asynchronous exception (PyThreadState_SetAsyncExc) at its next Python instruction, so the rule
// ends like any rule that raised: an error finding naming it, and the batch goes on. The
// exception type derives from BaseException, so a rule's own `except Exception` cannot swallow
// it, and it is raised again every second until the rule has returned.
//
// A rule stuck in native code while holding the GIL cannot be stopped: when the GIL could not be
// had for another max(S, 5) seconds, a program that asked for it (jixiao-host) says so and exits
// with code 2 instead of hanging; inside a Python process (a notebook) the watchdog keeps waiting.
#pragma once

#include "check/check.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace jixiao::bindings {

class Watchdog {
 public:
  // Create and destroy with the GIL held; `timeout_type` is the exception class raised in rules;
  // 0 seconds = no time limit (rules are stopped only by stop_all). `exit_as` names the program
  // that exits when a rule cannot be stopped; empty = never exit.
  Watchdog(double seconds, pybind11::object timeout_type, std::string exit_as = "");
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Watches the calling thread while it lives; `what` names the work in messages.
  class Watch {
   public:
    Watch(Watchdog& dog, const std::string& what) : dog_(dog), id_(dog.enter(what)) {}
    ~Watch() { dog_.leave(id_); }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

   private:
    Watchdog& dog_;
    uint64_t id_;
  };

  // The same rule, watched while it runs.
  ExtraRule guard(ExtraRule rule);
  // True when a rule that was told to stop has still not returned (blocked outside Python code).
  bool rules_stuck() const;
  // Tells every rule running now, and every rule started later, to stop. Does not wait; any thread.
  void stop_all();

 private:
  using Clock = std::chrono::steady_clock;
  struct Running {
    unsigned long thread = 0;  // the Python thread id of the thread running it
    std::string what;          // the rule's code, or the rule file being imported
    Clock::time_point deadline;
    std::optional<Clock::time_point> raised;  // when the exception was last sent
  };

  uint64_t enter(const std::string& what);
  void leave(uint64_t id);
  void watch();      // finds rules past their deadline; exits when the GIL cannot be had
  void interrupt();  // takes the GIL and raises in the rules watch() found

  const Clock::duration limit_;
  const Clock::duration give_up_;
  pybind11::object timeout_type_;
  const std::string exit_as_;

  mutable std::mutex mutex_;
  std::condition_variable watch_wakeup_;
  std::condition_variable interrupt_wakeup_;
  std::map<uint64_t, Running> running_;
  std::vector<uint64_t> to_interrupt_;
  std::optional<Clock::time_point> waiting_for_gil_since_;
  uint64_t next_id_ = 0;
  bool stop_interrupting_ = false;
  bool stop_watching_ = false;
  bool stopping_all_ = false;
  std::thread watcher_;
  std::thread interrupter_;
};

}  // namespace jixiao::bindings
