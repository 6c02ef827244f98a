#include "cli/interrupt.hpp"

#include <csignal>

#include "cli/commands.hpp"

namespace smesim::cli {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{SIGINT};

extern "C" void on_interrupt(int signal) {
  g_signal.store(signal);
  g_interrupted.store(true);
}

}  // namespace

const std::atomic<bool>* interrupt_flag() { return &g_interrupted; }

InterruptGuard::InterruptGuard()
    : previous_int_(std::signal(SIGINT, on_interrupt)),
      previous_term_(std::signal(SIGTERM, on_interrupt)),
      previous_hup_(std::signal(SIGHUP, on_interrupt)) {
  g_interrupted.store(false);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, previous_int_);
  std::signal(SIGTERM, previous_term_);
  std::signal(SIGHUP, previous_hup_);
}

bool InterruptGuard::interrupted() { return g_interrupted.load(); }

int InterruptGuard::exit_code() { return g_interrupted.load() ? 128 + g_signal.load() : kExitInterrupted; }

}  // namespace smesim::cli
