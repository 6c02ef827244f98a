// A sweep through the public API only: load a sweep file, run it on the thread executor into
// a study folder, and check what it wrote.
//
//   consumer SWEEP.yaml FOLDER
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "smesim/engine/thread_executor.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/study/run_study.hpp"
#include "smesim/study/sweep_study.hpp"
#include "smesim/version.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: consumer SWEEP.yaml FOLDER\n";
    return 2;
  }
  try {
    smesim::SweepStudy study(smesim::load_sweep_file(argv[1]));
    smesim::ThreadExecutor executor(2);
    const std::filesystem::path folder = argv[2];
    const smesim::StudyResult result = smesim::run_study(
        study, executor,
        [&](const smesim::StudyIdentity& id) { return smesim::open_study_folder(folder, id, false); }, {});
    if (!result.complete) return 1;
    std::ifstream points(folder / "points.csv");
    std::string header;
    std::getline(points, header);
    std::size_t rows = 0;
    for (std::string line; std::getline(points, line);) ++rows;
    std::cout << "smesim " << smesim::version() << ": " << rows << " points\n" << result.report.console;
    return rows == study.identity().records && header.rfind("point,", 0) == 0 ? 0 : 1;
  } catch (const smesim::Error& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
}
