#pragma once
// The messages of studies over MPI ranks (docs/cluster.md): their tags, the heads of tasks and
// answers, and how their tails are written and read. Rank 0's dispatcher
// (engine/mpi_dispatcher.hpp) and every rank's worker (engine/mpi_worker.hpp) speak it over
// smesim's own communicator, which the session (src/engine/mpi_session.cpp) opens and closes.

#include <mpi.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "smesim/error.hpp"

namespace smesim::detail::mpi {

constexpr int kTaskTag = 7301;    // rank 0 -> worker: a task, or stop
constexpr int kResultTag = 7302;  // worker -> rank 0: a task's results or records, or a failure
constexpr int kHelloTag = 7303;   // worker -> rank 0, once: the study key it can reduce with

// smesim's own communicator (a duplicate of MPI_COMM_WORLD), so that its messages never meet
// another library's.
MPI_Comm& communicator();

enum class TaskKind : std::uint32_t {
  stop = 0,   ///< no more tasks
  block = 1,  ///< replications [first, first + count) of each variant; results come back
  group = 2,  ///< whole variants, each reduced where it ran; records come back
};

// A task names `variants` consecutive variants from the keyed one on. Its tail: for a group,
// and for a block sent to a rank that built the study, their record indices (u64 each); then
// their text lengths (u32 each; 0: the rank has the variant already, or builds it from its
// study by record index) and the texts (scenario_yaml), each sent once per rank.
struct TaskHead {
  std::uint64_t variant_key = 0;  ///< request << 32 | first variant index
  std::uint64_t first = 0;        ///< first replication of a block
  std::uint64_t count = 0;        ///< replications of a block, of each of its variants
  std::int32_t threads = 1;       ///< oneTBB threads to run the task on
  std::uint32_t variants = 0;
  TaskKind kind = TaskKind::stop;
  std::uint32_t with_records = 0;  ///< 1: record indices lead the tail (always for a group)
};

// A block's answer carries its results, variant by variant; a group's, one record length
// (u64) per variant, then the records.
struct ResultHead {
  std::uint64_t variant_key = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  double seconds = 0;             ///< how long the task took on its rank
  std::uint32_t error_bytes = 0;  ///< > 0: the rank failed; its message follows instead
  std::uint32_t variants = 0;
  TaskKind kind = TaskKind::stop;
  std::uint32_t reserved = 0;
};

// Appends / reads the raw bytes of trivially copyable values: the tails of the messages.
template <class T>
void append_values(std::string& bytes, const std::vector<T>& values) {
  if (values.empty()) return;  // data() may be null
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

template <class T>
std::vector<T> take_values(std::string_view& bytes, std::size_t count) {
  if (bytes.size() / sizeof(T) < count) throw Error("MPI: a message shorter than its contents");
  std::vector<T> values(count);
  if (count > 0) std::memcpy(values.data(), bytes.data(), count * sizeof(T));
  bytes.remove_prefix(count * sizeof(T));
  return values;
}

std::string_view take_text(std::string_view& bytes, std::size_t size);

template <class Head>
std::string with_head(const Head& head, std::string_view tail = {}) {
  std::string bytes(sizeof(Head), '\0');
  std::memcpy(bytes.data(), &head, sizeof(Head));
  bytes.append(tail);
  return bytes;
}

template <class Head>
Head head_of(const std::string& bytes) {
  if (bytes.size() < sizeof(Head)) throw Error("MPI: a message shorter than its header");
  Head head;
  std::memcpy(&head, bytes.data(), sizeof(Head));
  return head;
}

void send(const std::string& bytes, int rank, int tag);
// The next message with `tag` from `source` (MPI_ANY_SOURCE: any rank), blocking.
std::string receive(int source, int tag, int* from = nullptr);

}  // namespace smesim::detail::mpi
