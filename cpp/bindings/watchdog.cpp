#include "bindings/watchdog.hpp"

#include "bindings/register.hpp"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace jixiao::bindings {

namespace py = pybind11;

namespace {
constexpr std::chrono::seconds kRaiseAgainAfter{1};

// No limit is a limit of ~30 years: far beyond any run, far from overflowing the clock.
constexpr double kNoLimit = 1e9;

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(s > 0 ? std::min(s, kNoLimit) : kNoLimit));
}

bool english() { return message_language() == "en"; }
}  // namespace

Watchdog::Watchdog(double limit, py::object timeout_type, std::string exit_as)
    : limit_(seconds(limit)),
      give_up_(seconds(limit > 0 ? std::max(limit, 5.0) : 5.0)),
      timeout_type_(std::move(timeout_type)),
      exit_as_(std::move(exit_as)),
      watcher_(&Watchdog::watch, this),
      interrupter_(&Watchdog::interrupt, this) {}

Watchdog::~Watchdog() {
  // Usually destroyed where it was made, with the GIL held; the interrupter may be waiting for
  // it. The last owner can also be a worker given up on after a timeout, which does not hold it.
  const bool holds_gil = PyGILState_Check() != 0;
  {
    std::optional<py::gil_scoped_release> release;
    if (holds_gil) release.emplace();
    {
      std::lock_guard lock(mutex_);
      stop_interrupting_ = true;
    }
    interrupt_wakeup_.notify_all();
    interrupter_.join();
    {
      std::lock_guard lock(mutex_);
      stop_watching_ = true;
    }
    watch_wakeup_.notify_all();
    watcher_.join();
  }
  if (!holds_gil) {
    py::gil_scoped_acquire gil;
    timeout_type_ = py::object();
  }
}

ExtraRule Watchdog::guard(ExtraRule rule) {
  rule.run = [this, inner = std::move(rule.run), code = rule.info.code](const RuleContext& ctx, Reporter& reporter) {
    const Watch watch(*this, (english() ? "rule " : "规则 ") + code);
    inner(ctx, reporter);
  };
  return rule;
}

bool Watchdog::rules_stuck() const {
  std::lock_guard lock(mutex_);
  return std::any_of(running_.begin(), running_.end(), [](const auto& entry) { return entry.second.raised.has_value(); });
}

void Watchdog::stop_all() {
  {
    std::lock_guard lock(mutex_);
    stopping_all_ = true;
    for (auto& [id, running] : running_) running.deadline = Clock::now();
  }
  watch_wakeup_.notify_all();
}

uint64_t Watchdog::enter(const std::string& what) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  const Clock::time_point now = Clock::now();
  running_[id] = Running{PyThread_get_thread_ident(), what, stopping_all_ ? now : now + limit_, std::nullopt};
  watch_wakeup_.notify_all();
  return id;
}

void Watchdog::leave(uint64_t id) {
  bool raised = false;
  unsigned long thread = 0;
  {
    std::lock_guard lock(mutex_);
    const auto it = running_.find(id);
    raised = it->second.raised.has_value();
    thread = it->second.thread;
    running_.erase(it);
  }
  if (raised) {
    // An exception sent after the rule's last instruction must not hit the thread's next rule.
    py::gil_scoped_acquire gil;
    PyThreadState_SetAsyncExc(thread, nullptr);
  }
}

void Watchdog::watch() {
  std::unique_lock lock(mutex_);
  while (!stop_watching_) {
    const Clock::time_point now = Clock::now();
    if (!exit_as_.empty() && waiting_for_gil_since_ && now - *waiting_for_gil_since_ >= give_up_) {
      std::string stuck;
      for (const auto& [id, running] : running_)
        if (running.raised && stuck.find(running.what) == std::string::npos)
          stuck += (stuck.empty() ? "" : ", ") + running.what;
      const std::string message =
          english() ? exit_as_ + ": " + stuck +
                          " ran past its time and cannot be stopped (blocked in native code holding the GIL); exiting\n"
                    : exit_as_ + "：" + stuck + " 超时后无法中止（停在本机代码中且占用 GIL），程序退出\n";
      if (write(STDERR_FILENO, message.data(), message.size()) < 0) {
        // Nothing more can be done about a closed stderr; the exit code still tells.
      }
      _exit(2);
    }
    Clock::time_point wake = now + limit_;
    if (!exit_as_.empty() && waiting_for_gil_since_) wake = std::min(wake, *waiting_for_gil_since_ + give_up_);
    for (auto& [id, running] : running_) {
      const Clock::time_point due = running.raised ? *running.raised + kRaiseAgainAfter : running.deadline;
      if (due <= now) {
        running.raised = now;
        to_interrupt_.push_back(id);
        wake = std::min(wake, now + kRaiseAgainAfter);
      } else {
        wake = std::min(wake, due);
      }
    }
    if (!to_interrupt_.empty()) interrupt_wakeup_.notify_all();
    watch_wakeup_.wait_until(lock, wake);
  }
}

void Watchdog::interrupt() {
  std::unique_lock lock(mutex_);
  for (;;) {
    interrupt_wakeup_.wait(lock, [&] { return stop_interrupting_ || !to_interrupt_.empty(); });
    if (stop_interrupting_) return;
    waiting_for_gil_since_ = Clock::now();
    watch_wakeup_.notify_all();
    lock.unlock();
    {
      py::gil_scoped_acquire gil;
      lock.lock();
      waiting_for_gil_since_.reset();
      // Under the GIL no rule runs Python, so each rule still listed is between instructions.
      for (const uint64_t id : to_interrupt_)
        if (const auto it = running_.find(id); it != running_.end())
          PyThreadState_SetAsyncExc(it->second.thread, timeout_type_.ptr());
      to_interrupt_.clear();
      lock.unlock();
    }
    lock.lock();
  }
}

}  // namespace jixiao::bindings
