#pragma once
// Ctrl-C for long commands: SIGINT sets a flag the runner checks between replications, so a
// command stops within one replication and cleans up instead of dying mid-write.

#include <atomic>

namespace smesim::cli {

/// The flag SIGINT sets while an InterruptGuard lives.
const std::atomic<bool>* interrupt_flag();

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  [[nodiscard]] static bool interrupted();

 private:
  void (*previous_)(int);
};

}  // namespace smesim::cli
