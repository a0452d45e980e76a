#include "host/watchdog.hpp"

#include "host/messages.hpp"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace jixiao::host {

namespace py = pybind11;

namespace {
constexpr std::chrono::seconds kRaiseAgainAfter{1};

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}
}  // namespace

Watchdog::Watchdog(double limit, py::object timeout_type)
    : limit_(seconds(limit)),
      give_up_(seconds(std::max(limit, 5.0))),
      timeout_type_(std::move(timeout_type)),
      watcher_(&Watchdog::watch, this),
      interrupter_(&Watchdog::interrupt, this) {}

Watchdog::~Watchdog() {
  // The interrupter may be waiting for the GIL this thread holds.
  py::gil_scoped_release release;
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

ExtraRule Watchdog::guard(ExtraRule rule) {
  rule.run = [this, inner = std::move(rule.run), code = rule.info.code](const RuleContext& ctx, Reporter& reporter) {
    const Watch watch(*this, say("规则 ", "rule ") + code);
    inner(ctx, reporter);
  };
  return rule;
}

bool Watchdog::rules_stuck() const {
  std::lock_guard lock(mutex_);
  return std::any_of(running_.begin(), running_.end(), [](const auto& entry) { return entry.second.raised.has_value(); });
}

uint64_t Watchdog::enter(const std::string& what) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  running_[id] = Running{PyThread_get_thread_ident(), what, Clock::now() + limit_, std::nullopt};
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
    if (waiting_for_gil_since_ && now - *waiting_for_gil_since_ >= give_up_) {
      std::string stuck;
      for (const auto& [id, running] : running_)
        if (running.raised && stuck.find(running.what) == std::string::npos)
          stuck += (stuck.empty() ? "" : ", ") + running.what;
      const std::string message = say(
          "jixiao-host：" + stuck + " 超时后无法中止（停在本机代码中且占用 GIL），程序退出\n",
          "jixiao-host: " + stuck + " ran past its time and cannot be stopped (blocked in native code "
          "holding the GIL); exiting\n");
      if (write(STDERR_FILENO, message.data(), message.size()) < 0) {
        // Nothing more can be done about a closed stderr; the exit code still tells.
      }
      _exit(2);
    }
    Clock::time_point wake = now + limit_;
    if (waiting_for_gil_since_) wake = std::min(wake, *waiting_for_gil_since_ + give_up_);
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

}  // namespace jixiao::host
