#include "cli/interrupt.hpp"

#include <csignal>

namespace smesim::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int /*signal*/) { g_interrupted.store(true); }

}  // namespace

const std::atomic<bool>* interrupt_flag() { return &g_interrupted; }

InterruptGuard::InterruptGuard() : previous_(std::signal(SIGINT, on_interrupt)) { g_interrupted.store(false); }

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, previous_); }

bool InterruptGuard::interrupted() { return g_interrupted.load(); }

}  // namespace smesim::cli
