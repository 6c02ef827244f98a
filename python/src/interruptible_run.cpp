#include "interruptible_run.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <mutex>

#include "smesim/engine/executor_factory.hpp"

namespace smesim::python {
namespace {

namespace py = pybind11;

// What the study's thread reports, read by the calling thread.
struct SharedProgress {
  std::mutex mutex;
  std::size_t done = 0;
  std::size_t total = 0;
};

}  // namespace

StudyResult run_interruptibly(Study& study, int threads, const StoreOpener& open_store,
                              const py::object& progress, const std::string& command_line) {
  std::atomic<bool> cancel{false};
  SharedProgress shared;
  RunStudyOptions options;
  options.cancel = &cancel;
  options.threads = threads;
  options.command_line = command_line;
  options.on_progress = [&shared](const StudyProgress& p) {
    const std::lock_guard lock(shared.mutex);
    shared.done = p.replications_done;
    shared.total = p.replications_total;
  };
  const std::unique_ptr<Executor> executor = make_executor(threads);
  std::future<StudyResult> running;
  {
    const py::gil_scoped_release release;
    running =
        std::async(std::launch::async, [&] { return run_study(study, *executor, open_store, options); });
  }
  bool interrupted = false;
  std::size_t reported = static_cast<std::size_t>(-1);
  for (;;) {
    std::future_status status = std::future_status::timeout;
    {
      const py::gil_scoped_release release;
      status = running.wait_for(std::chrono::milliseconds(100));
    }
    if (!interrupted && PyErr_CheckSignals() != 0) {
      // The exception (KeyboardInterrupt) stays set while the study stops between replications.
      interrupted = true;
      cancel = true;
    }
    if (!progress.is_none() && !interrupted) {
      std::size_t done = 0, total = 0;
      {
        const std::lock_guard lock(shared.mutex);
        done = shared.done;
        total = shared.total;
      }
      if (done != reported) {
        try {
          progress(done, total);
        } catch (const py::error_already_set&) {
          // The progress bar failed: stop the study before the error goes up.
          cancel = true;
          const py::gil_scoped_release release;
          running.wait();
          throw;
        }
        reported = done;
      }
    }
    if (status == std::future_status::ready) break;
  }
  if (interrupted) {
    // The study's own error, if it had one, matters less than the user's Ctrl-C.
    try {
      static_cast<void>(running.get());
    } catch (...) {
    }
    throw py::error_already_set();
  }
  return running.get();
}

}  // namespace smesim::python
