#include "engine/result_codec.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

#include <fmt/format.h>

#include "smesim/error.hpp"

namespace smesim::detail {
namespace {

// Changes whenever a struct below changes shape, so that two builds never mix silently.
constexpr std::uint64_t kLayout =
    (std::uint64_t{sizeof(ReplicationResult)} << 48) ^ (std::uint64_t{sizeof(MonthRecord)} << 36) ^
    (std::uint64_t{sizeof(AgencyOutcome)} << 24) ^ (std::uint64_t{sizeof(ClusterOutcome)} << 12) ^
    sizeof(TrackSpend) ^ (std::uint64_t{sizeof(Kpis)} << 6) ^ 0x5e5e000000000000ULL;

static_assert(std::is_trivially_copyable_v<Kpis>);
static_assert(std::is_trivially_copyable_v<MonthRecord>);
static_assert(std::is_trivially_copyable_v<AgencyOutcome>);
static_assert(std::is_trivially_copyable_v<ClusterOutcome>);
static_assert(std::is_trivially_copyable_v<TrackSpend>);

// The fixed part of a result: everything but its vectors, and the vectors' lengths.
struct Head {
  std::uint64_t layout;
  std::uint32_t replication;
  std::int32_t firms;
  Kpis kpis;
  double allocation_thb, overhead_thb, unallocated_thb;
  std::uint64_t months, agencies, clusters, agency_month_spend;
};
static_assert(std::is_trivially_copyable_v<Head>);

// An empty vector's data() may be null, which memcpy and append must not see (UBSan).
template <class T>
void append(std::string& out, const T* data, std::size_t count) {
  if (count == 0) return;
  out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  [[nodiscard]] bool done() const { return at_ == bytes_.size(); }

  template <class T>
  void read(T* data, std::size_t count) {
    if (count == 0) return;
    const std::size_t size = count * sizeof(T);
    if (count > bytes_.size() || size > bytes_.size() - at_)
      throw Error(fmt::format("replication results: {} bytes end where {} more were expected", bytes_.size(),
                              size - (bytes_.size() - at_)));
    std::memcpy(static_cast<void*>(data), bytes_.data() + at_, size);
    at_ += size;
  }

  template <class T>
  void read_vector(std::vector<T>& v, std::uint64_t count) {
    if (count > bytes_.size() / sizeof(T) + 1)
      throw Error("replication results: a length longer than the message");
    v.resize(static_cast<std::size_t>(count));
    read(v.data(), v.size());
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

void encode_results(std::span<const ReplicationResult> results, std::string& out) {
  for (const ReplicationResult& r : results) {
    const Head head{kLayout,
                    r.replication,
                    r.firms,
                    r.kpis,
                    r.allocation_thb,
                    r.overhead_thb,
                    r.unallocated_thb,
                    r.months.size(),
                    r.agencies.size(),
                    r.clusters.size(),
                    r.agency_month_spend.size()};
    append(out, &head, 1);
    append(out, r.months.data(), r.months.size());
    append(out, r.agencies.data(), r.agencies.size());
    append(out, r.clusters.data(), r.clusters.size());
    append(out, r.agency_month_spend.data(), r.agency_month_spend.size());
  }
}

std::vector<ReplicationResult> decode_results(std::string_view bytes) {
  std::vector<ReplicationResult> results;
  Reader reader(bytes);
  while (!reader.done()) {
    Head head{};
    reader.read(&head, 1);
    if (head.layout != kLayout)
      throw Error("replication results from another build of smesim (every rank must run the same binary)");
    ReplicationResult& r = results.emplace_back();
    r.replication = head.replication;
    r.firms = head.firms;
    r.kpis = head.kpis;
    r.allocation_thb = head.allocation_thb;
    r.overhead_thb = head.overhead_thb;
    r.unallocated_thb = head.unallocated_thb;
    reader.read_vector(r.months, head.months);
    reader.read_vector(r.agencies, head.agencies);
    reader.read_vector(r.clusters, head.clusters);
    reader.read_vector(r.agency_month_spend, head.agency_month_spend);
  }
  return results;
}

}  // namespace smesim::detail
