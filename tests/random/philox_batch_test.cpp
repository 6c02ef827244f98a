// The batched Philox (AVX2 where available) must equal philox4x32_10 bit for bit.
#include <catch2/catch.hpp>

#include <vector>

#include "random/philox_batch.hpp"

using namespace smesim;
using namespace smesim::detail;

namespace {

struct Words {
  explicit Words(std::uint32_t n) : data(4 * static_cast<std::size_t>(n) + 4) {}
  std::array<std::uint32_t*, 4> pointers(std::uint32_t n) {
    return {data.data(), data.data() + n, data.data() + 2 * static_cast<std::size_t>(n),
            data.data() + 3 * static_cast<std::size_t>(n)};
  }
  std::vector<std::uint32_t> data;
};

}  // namespace

TEST_CASE("philox_batch equals philox4x32_10 for every length and offset", "[engine][philox]") {
  INFO("AVX2 path in use: " << philox_batch_uses_avx2());
  const PhiloxKey key = make_key(20150320, 41);
  for (const std::uint32_t n :
       {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 23u, 24u, 25u, 31u, 32u, 33u, 48u, 200u, 1031u}) {
    for (const std::uint32_t first : {0u, 5u, 0xFFFFFFF0u}) {
      Words batch(n);
      philox_batch(key, Purpose::firm_month, entity_key("DIP-07"), first, 13, n, batch.pointers(n));
      Words scalar(n);
      philox_batch_scalar(key, Purpose::firm_month, entity_key("DIP-07"), first, 13, n, scalar.pointers(n));
      const auto words = batch.pointers(n);
      for (std::uint32_t i = 0; i < n; ++i) {
        const PhiloxCounter expected =
            philox4x32_10(make_counter(Purpose::firm_month, entity_key("DIP-07"), first + i, 13), key);
        for (std::size_t w = 0; w < 4; ++w) REQUIRE(words[w][i] == expected[w]);
      }
      CHECK(batch.data == scalar.data);
    }
  }
}
