// Philox4x32-10 against the known-answer vectors published with Random123 (kat_vectors):
//   philox4x32 10 <counter: 4 words> <key: 2 words> <expected: 4 words>
#include <catch2/catch.hpp>

#include <set>

#include "smesim/random/philox.hpp"

using namespace smesim;

TEST_CASE("Philox4x32-10 reproduces the Random123 known-answer vectors", "[engine][philox]") {
  struct Vector {
    PhiloxCounter counter;
    PhiloxKey key;
    PhiloxCounter expected;
  };
  const Vector vectors[] = {
      {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
       {0x00000000, 0x00000000},
       {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& v : vectors) CHECK(philox4x32_10(v.counter, v.key) == v.expected);
  // constexpr: the same answer at compile time.
  static_assert(philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5u);
}

TEST_CASE("Uniform conversions stay strictly inside (0, 1)", "[engine][philox]") {
  CHECK(to_unit_open(0) > 0.0);
  CHECK(to_unit_open(0xffffffffu) < 1.0);
  CHECK(to_unit_open52(0, 0) > 0.0);
  CHECK(to_unit_open52(0xffffffffu, 0xffffffffu) < 1.0);
}

TEST_CASE("Counters separate purposes, entities, indices and months", "[engine][philox]") {
  const PhiloxKey key = make_key(20150320, 3);
  std::set<std::uint32_t> first_words;
  const std::uint64_t a = entity_key("DIP-01");
  const std::uint64_t b = entity_key("DIP-02");
  CHECK(a != b);
  CHECK(a < (std::uint64_t{1} << 56));
  for (auto purpose : {Purpose::population, Purpose::firm_month})
    for (auto entity : {a, b})
      for (std::uint32_t index : {0u, 1u})
        for (std::uint32_t month : {0u, 1u})
          first_words.insert(philox4x32_10(make_counter(purpose, entity, index, month), key)[0]);
  CHECK(first_words.size() == 16);
  // A different replication (key) gives different numbers for the same counter.
  const auto c = make_counter(Purpose::firm_month, a, 0, 0);
  CHECK(philox4x32_10(c, make_key(1, 0)) != philox4x32_10(c, make_key(1, 1)));
}

TEST_CASE("PhiloxStream is a reproducible sequence of uniforms", "[engine][philox]") {
  PhiloxStream s1(make_key(1, 2), Purpose::network, 42, 7);
  PhiloxStream s2(make_key(1, 2), Purpose::network, 42, 7);
  double sum = 0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double u = s1.uniform();
    REQUIRE(u == s2.uniform());
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  // Mean of n uniforms: sd = sqrt(1/12 / n) = 0.00091 for n = 1e5; 5 sd = 0.0046.
  CHECK(sum / kDraws == Approx(0.5).margin(0.0046));
  PhiloxStream s3(make_key(1, 2), Purpose::network, 42, 7);
  for (int i = 0; i < 1000; ++i) {
    const auto k = s3.below(6);
    REQUIRE(k < 6);
  }
}
