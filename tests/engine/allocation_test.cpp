// docs/architecture.md "Performance design": no heap allocation inside the step loop. This test
// binary counts every operator new; after a replication is set up, stepping it must not allocate.
#include <catch2/catch.hpp>

// AddressSanitizer replaces operator new itself; a second replacement here would mix its
// allocations with ours. The count is checked in the plain (Release) test run. GCC says
// AddressSanitizer with __SANITIZE_ADDRESS__, Clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define SMESIM_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMESIM_TEST_UNDER_ASAN 1
#endif
#endif
#if !defined(SMESIM_TEST_UNDER_ASAN)

#include <atomic>
#include <cstdlib>
#include <new>

#include "support/test_support.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("Stepping a replication allocates nothing", "[engine][allocation]") {
  // The default programme with every mechanism on (mentoring in engagements, every targeting
  // rule, the v1 rule for one agency, technology, trust, spillover, diffusion, joint
  // purchasing), smaller for speed, with a budget that mentors only some members a month (so
  // engagements wait, start and complete at every level).
  const smesim::ScenarioDef def = smesim::test::scenario_from_yaml(
      "extends: default\nname: alloc\nprogramme: {budget_thb: 20000000}\nnetworks: {generate: {members: "
      "50}}\n"
      "agencies: [{id: DIP, strategy: {mentoring: {targeting: hubs}, technology: {targeting: broad}}},"
      " {id: FTI, strategy: {mentoring: {targeting: laggards, engagement_months: 2}}},"
      " {id: DOAE, strategy: {mentoring: {targeting: largest, engagement_months: 0}, technology: {targeting: "
      "largest}}},"
      " {id: MOI-OPS, strategy: {mentoring: {targeting: leaders, engagement_months: 1}}}]\n");
  smesim::test::Harness harness(def, 3);
  const long before = g_allocations.load();
  for (int t = 0; t < def.time.horizon_months; ++t) harness.step();
  const long during = g_allocations.load() - before;
  CHECK(during == 0);
  // The counter does count: setting up a replication allocates.
  smesim::test::Harness another(def, 4);
  CHECK(g_allocations.load() > before + during);
}

#endif  // !SMESIM_TEST_UNDER_ASAN
