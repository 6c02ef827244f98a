#include "engine/mpi_protocol.hpp"

#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace smesim::detail::mpi {

MPI_Comm& communicator() {
  static MPI_Comm comm = MPI_COMM_NULL;
  return comm;
}

std::string_view take_text(std::string_view& bytes, std::size_t size) {
  if (bytes.size() < size) throw Error("MPI: a message shorter than its contents");
  const std::string_view text = bytes.substr(0, size);
  bytes.remove_prefix(size);
  return text;
}

void send(const std::string& bytes, int rank, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
    throw Error(fmt::format("MPI: a message of {} bytes is more than one send takes", bytes.size()));
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, rank, tag, communicator());
}

std::string receive(int source, int tag, int* from) {
  MPI_Message message;
  MPI_Status status;
  MPI_Mprobe(source, tag, communicator(), &message, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Mrecv(bytes.data(), count, MPI_BYTE, &message, MPI_STATUS_IGNORE);
  if (from != nullptr) *from = status.MPI_SOURCE;
  return bytes;
}

}  // namespace smesim::detail::mpi
