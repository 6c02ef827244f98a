#pragma once
// Ctrl-C, `kill` and a closed terminal for long commands: SIGINT, SIGTERM and SIGHUP set a flag
// the runner checks between replications, so a command stops within one replication and cleans
// up (no staging folder left behind) instead of dying mid-write.

#include <atomic>

namespace smesim::cli {

/// The flag the signals set while an InterruptGuard lives.
const std::atomic<bool>* interrupt_flag();

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  [[nodiscard]] static bool interrupted();
  /// 128 + the signal that interrupted (130 for SIGINT, 143 for SIGTERM), as a shell reports it.
  [[nodiscard]] static int exit_code();

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
  void (*previous_hup_)(int);
};

}  // namespace smesim::cli
