#pragma once
// A study run from Python: on a thread of its own with the GIL released, while the calling
// thread wakes every 100 ms to check for Ctrl-C (Python's signal handlers only run on the main
// thread, with the GIL) and to report progress to a Python callable. Every Python call happens
// on the calling thread.

#include <pybind11/pybind11.h>

#include "smesim/study/run_study.hpp"

namespace smesim::python {

/// @brief Runs `study` into the store `open_store` opens, on make_executor's threads (no MPI:
/// `threads`, 0 = all cores). `progress` is None or a callable(done, total) given replications.
/// @return the result; cancelled by Ctrl-C, it raises KeyboardInterrupt (what the folder
/// keeps stays resumable, as after Ctrl-C in the shell)
/// @throws the study's errors (ScenarioError becomes smesim.ScenarioError)
StudyResult run_interruptibly(Study& study, int threads, const StoreOpener& open_store,
                              const pybind11::object& progress, const std::string& command_line);

}  // namespace smesim::python
