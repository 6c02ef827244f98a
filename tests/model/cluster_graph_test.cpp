// Cluster networks (docs/model.md §6): the four topologies per cluster, and the CSR over all
// of them.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "model/cluster_graph.hpp"
#include "model/model_params.hpp"
#include "model/population.hpp"
#include "smesim/random/philox.hpp"
#include "support/test_support.hpp"

namespace {

using smesim::PhiloxStream;
using smesim::Purpose;
using smesim::TopologyKind;
using smesim::detail::ClusterParams;
using smesim::detail::GraphScratch;
using Edge = std::pair<std::uint32_t, std::uint32_t>;

PhiloxStream network_stream(std::uint64_t entity, std::uint32_t replication = 0) {
  return PhiloxStream(smesim::make_key(20150320, replication), Purpose::network, entity, 0);
}

ClusterParams params(TopologyKind kind, int degree = 6, double rewire = 0.1, double mean_degree = 6,
                     int m = 3) {
  ClusterParams c;
  c.topology = kind;
  c.degree = degree;
  c.rewire = rewire;
  c.mean_degree = mean_degree;
  c.m = m;
  return c;
}

std::vector<Edge> generate(const ClusterParams& c, int n, std::uint64_t entity,
                           std::uint32_t replication = 0) {
  GraphScratch g;
  PhiloxStream s = network_stream(entity, replication);
  smesim::detail::generate_cluster_edges(c, n, s, g);
  return g.edges;
}

// No self-loops, u < v < n, no duplicate edges.
void check_simple(const std::vector<Edge>& edges, int n) {
  std::set<Edge> seen;
  for (const Edge& e : edges) {
    INFO("edge (" << e.first << ", " << e.second << "), n = " << n);
    REQUIRE(e.first < e.second);
    REQUIRE(e.second < static_cast<std::uint32_t>(n));
    REQUIRE(seen.insert(e).second);
  }
}

std::vector<int> degrees(const std::vector<Edge>& edges, int n) {
  std::vector<int> d(static_cast<std::size_t>(n), 0);
  for (const Edge& e : edges) {
    ++d[e.first];
    ++d[e.second];
  }
  return d;
}

// Ring distance <= half: an edge of the Watts–Strogatz starting lattice.
bool is_lattice(const Edge& e, int n, int half) {
  const auto d = static_cast<int>(e.second - e.first);
  return std::min(d, n - d) <= half;
}

}  // namespace

TEST_CASE("cluster graph: complete has every pair once", "[model]") {
  for (const int n : {0, 1, 2, 5, 30}) {
    INFO("n = " << n);
    const auto edges = generate(params(TopologyKind::complete), n, 1);
    check_simple(edges, n);
    CHECK(edges.size() == static_cast<std::size_t>(n * (n - 1) / 2));
    for (const int d : degrees(edges, n)) CHECK(d == n - 1);
  }
}

TEST_CASE("cluster graph: small world without rewiring is the ring lattice", "[model]") {
  for (const auto& [n, degree] : std::vector<std::pair<int, int>>{{30, 6}, {100, 4}, {11, 2}, {50, 10}}) {
    INFO("n = " << n << ", degree = " << degree);
    const auto edges = generate(params(TopologyKind::small_world, degree, 0.0), n, 2);
    check_simple(edges, n);
    CHECK(edges.size() == static_cast<std::size_t>(n * degree / 2));
    for (const int d : degrees(edges, n)) CHECK(d == degree);
    for (const Edge& e : edges) CHECK(is_lattice(e, n, degree / 2));
  }
}

TEST_CASE("cluster graph: small world degree is capped when n <= degree", "[model]") {
  // Documented rule: a cluster of at most degree + 1 members is the complete graph.
  struct Case {
    int n, degree, expected;
  };
  for (const Case& c : std::vector<Case>{
           {7, 10, 6}, {7, 6, 6}, {6, 6, 5}, {5, 6, 4}, {4, 4, 3}, {3, 6, 2}, {2, 6, 1}, {1, 6, 0}}) {
    INFO("n = " << c.n << ", degree = " << c.degree);
    for (const double rewire : {0.0, 0.5}) {
      const auto edges = generate(params(TopologyKind::small_world, c.degree, rewire), c.n, 3);
      check_simple(edges, c.n);
      CHECK(edges.size() == static_cast<std::size_t>(c.n * c.expected / 2));
      if (rewire == 0.0)
        for (const int d : degrees(edges, c.n)) CHECK(d == c.expected);
    }
  }
  // n = 7, degree 6: the lattice is the complete graph; rewiring has nowhere to go.
  CHECK(generate(params(TopologyKind::small_world, 6, 1.0), 7, 4).size() == 21);
}

TEST_CASE("cluster graph: small world rewiring keeps the edge count and moves ~rewire of edges", "[model]") {
  // Each of the n * degree / 2 lattice links is tested once and rewired with probability p,
  // so over C clusters the number of rewired links is Binomial(N, p) with
  // N = C n degree / 2 = 50 * 100 * 6 / 2 = 15000. The fraction of final edges that are not
  // lattice edges has mean slightly below p: a rewired link lands back on a vacated lattice
  // slot with probability about (degree p) / (n - degree - 1), a relative bias of 0.6% at
  // p = 0.1 (0.0006 in the fraction) and 2.6% at p = 0.4 (0.0103). Its sd is
  // sqrt(p (1 - p) / N): 0.00245 at p = 0.1, 0.0040 at p = 0.4. We allow 4 sd plus that bias.
  // Two values of p, so that a rewiring probability fixed at either one would fail.
  constexpr int kClusters = 50;
  constexpr int kN = 100;
  constexpr int kDegree = 6;
  for (const double rewire : {0.1, 0.4}) {
    INFO("rewire " << rewire);
    std::size_t total = 0;
    std::size_t non_lattice = 0;
    for (int c = 0; c < kClusters; ++c) {
      const auto edges = generate(params(TopologyKind::small_world, kDegree, rewire), kN,
                                  100 + static_cast<std::uint64_t>(c));
      check_simple(edges, kN);
      REQUIRE(edges.size() == static_cast<std::size_t>(kN * kDegree / 2));
      // Rewiring keeps u's end of each link (u, u + j), so no node falls below degree / 2.
      for (const int d : degrees(edges, kN)) CHECK(d >= kDegree / 2);
      total += edges.size();
      for (const Edge& e : edges) non_lattice += is_lattice(e, kN, kDegree / 2) ? 0 : 1;
    }
    const double fraction = static_cast<double>(non_lattice) / static_cast<double>(total);
    const double sd = std::sqrt(rewire * (1 - rewire) / static_cast<double>(total));
    const double bias = rewire * (kDegree * rewire) / (kN - kDegree - 1);
    INFO("non-lattice fraction " << fraction << ", sd " << sd << ", bias bound " << bias);
    CHECK(std::fabs(fraction - rewire) <= 4 * sd + bias);
  }
}

TEST_CASE("cluster graph: random (Erdős–Rényi) has the requested mean degree", "[model]") {
  // G(n, p) with p = mean_degree / (n - 1) = 6 / 49: the edge count of one cluster is
  // Binomial(M, p), M = n (n - 1) / 2 = 1225, so the mean degree 2 E / n has expectation
  // exactly mean_degree. Over C = 1000 independent clusters the pooled estimate
  // 2 sum(E) / (C n) has sd 2 sqrt(C M p (1 - p)) / (C n) = 0.0145; we allow 4 sd.
  // Node 0 and node n - 1 (the two ends of the geometric-skipping scan) each have degree
  // Binomial(n - 1, p): their mean over C clusters has sd sqrt((n - 1) p (1 - p) / C) = 0.0726,
  // also checked to 4 sd, so an off-by-one at either end of the scan would show.
  constexpr int kClusters = 1000;
  constexpr int kN = 50;
  constexpr double kMeanDegree = 6;
  const double p = kMeanDegree / (kN - 1);
  const double pairs = kN * (kN - 1) / 2.0;
  double edges_total = 0;
  double first_total = 0;
  double last_total = 0;
  for (int c = 0; c < kClusters; ++c) {
    const auto edges =
        generate(params(TopologyKind::random, 6, 0.1, kMeanDegree), kN, 5000 + static_cast<std::uint64_t>(c));
    check_simple(edges, kN);
    const auto d = degrees(edges, kN);
    edges_total += static_cast<double>(edges.size());
    first_total += d.front();
    last_total += d.back();
  }
  const double mean_degree = 2 * edges_total / (kClusters * kN);
  const double sd_mean = 2 * std::sqrt(kClusters * pairs * p * (1 - p)) / (kClusters * kN);
  const double sd_node = std::sqrt((kN - 1) * p * (1 - p) / kClusters);
  INFO("mean degree " << mean_degree << " (sd " << sd_mean << "), node 0 " << first_total / kClusters
                      << ", node n-1 " << last_total / kClusters << " (sd " << sd_node << ")");
  CHECK(std::fabs(mean_degree - kMeanDegree) <= 4 * sd_mean);
  CHECK(std::fabs(first_total / kClusters - kMeanDegree) <= 4 * sd_node);
  CHECK(std::fabs(last_total / kClusters - kMeanDegree) <= 4 * sd_node);
}

TEST_CASE("cluster graph: random edge cases", "[model]") {
  CHECK(generate(params(TopologyKind::random, 6, 0.1, 0.0), 20, 7).empty());
  CHECK(generate(params(TopologyKind::random, 6, 0.1, 6.0), 1, 7).empty());
  CHECK(generate(params(TopologyKind::random, 6, 0.1, 6.0), 0, 7).empty());
  // mean degree >= n - 1: p = 1, the complete graph.
  const auto full = generate(params(TopologyKind::random, 6, 0.1, 10.0), 6, 7);
  check_simple(full, 6);
  CHECK(full.size() == 15);
}

TEST_CASE("cluster graph: scale free (Barabási–Albert) structure", "[model]") {
  for (const auto& [n, m] : std::vector<std::pair<int, int>>{{50, 3}, {200, 2}, {30, 1}, {12, 5}}) {
    INFO("n = " << n << ", m = " << m);
    for (std::uint64_t entity = 1; entity <= 10; ++entity) {
      const auto edges = generate(params(TopologyKind::scale_free, 6, 0.1, 6, m), n, entity);
      check_simple(edges, n);
      // A clique of m + 1 nodes, then m links for each later node.
      CHECK(edges.size() == static_cast<std::size_t>((m + 1) * m / 2 + (n - m - 1) * m));
      const auto d = degrees(edges, n);
      for (const int k : d) CHECK(k >= m);
      // Each later node v links to exactly m distinct earlier nodes (edges (t, v), t < v) ...
      std::vector<int> earlier(static_cast<std::size_t>(n), 0);
      for (const Edge& e : edges) ++earlier[e.second];
      for (int v = m + 1; v < n; ++v) CHECK(earlier[static_cast<std::size_t>(v)] == m);
      // ... so the last node, which nobody joins after, has degree exactly m.
      CHECK(d.back() == m);
    }
  }
  // n <= m + 1: the whole cluster is the starting clique.
  for (const int n : {1, 2, 3, 4}) {
    const auto edges = generate(params(TopologyKind::scale_free, 6, 0.1, 6, 3), n, 9);
    check_simple(edges, n);
    CHECK(edges.size() == static_cast<std::size_t>(n * (n - 1) / 2));
  }
}

TEST_CASE("cluster graph: the same stream gives the same edges, scratch reuse is harmless", "[model]") {
  const std::vector<ClusterParams> kinds{
      params(TopologyKind::small_world, 6, 0.3), params(TopologyKind::random, 6, 0.1, 5.0),
      params(TopologyKind::scale_free, 6, 0.1, 6, 3), params(TopologyKind::complete)};
  GraphScratch dirty;
  for (const ClusterParams& c : kinds) {
    INFO("topology " << static_cast<int>(c.topology));
    const auto a = generate(c, 80, 42);
    const auto b = generate(c, 80, 42);
    CHECK(a == b);
    // A scratch left over from other graphs (as across replications) gives the same result.
    PhiloxStream s = network_stream(42);
    smesim::detail::generate_cluster_edges(c, 80, s, dirty);
    CHECK(dirty.edges == a);
    if (c.topology != TopologyKind::complete) {
      CHECK(generate(c, 80, 43) != a);     // another cluster
      CHECK(generate(c, 80, 42, 1) != a);  // another replication
    }
  }
}

namespace {

// Five networks of one agency: every topology, unequal sizes (including a one-firm network
// and one smaller than its small-world degree).
std::string multi_cluster_yaml() {
  std::string yaml = smesim::test::quiet_scenario_yaml(10, "{kind: small_world, degree: 4, rewire: 0.2}");
  const std::string from = "    networks: 1\n";
  yaml.replace(yaml.find(from), from.size(), "    networks: 6\n");
  const std::string generate_line = "networks:\n";
  yaml.replace(
      yaml.find(generate_line), generate_line.size(),
      "networks:\n"
      "  list:\n"
      "    - {id: SW, agency: A, sector: manufacturing, members: 40}\n"
      "    - {id: K, agency: A, sector: manufacturing, members: 9, topology: {kind: complete}}\n"
      "    - {id: ER, agency: A, sector: manufacturing, members: 60, topology: {kind: random, mean_degree: "
      "5}}\n"
      "    - {id: BA, agency: A, sector: manufacturing, members: 35, topology: {kind: scale_free, m: 2}}\n"
      "    - {id: ONE, agency: A, sector: manufacturing, members: 1}\n"
      "    - {id: TINY, agency: A, sector: manufacturing, members: 3, topology: {kind: small_world, degree: "
      "6, rewire: 0.5}}\n");
  return yaml;
}

}  // namespace

TEST_CASE("build_cluster_graph: sorted, symmetric CSR that never crosses clusters", "[model]") {
  using namespace smesim::detail;
  const ModelParams mp = build_model_params(smesim::test::scenario_from_yaml(multi_cluster_yaml()), 0);
  REQUIRE(mp.clusters.size() == 6);
  Population pop;
  build_population(mp, pop);
  REQUIRE(pop.size() == 40 + 9 + 60 + 35 + 1 + 3);
  ClusterGraph graph;
  GraphScratch scratch;
  build_cluster_graph(mp, pop, graph, scratch);

  const std::size_t firms = pop.size();
  REQUIRE(graph.offsets.size() == firms + 1);
  CHECK(graph.offsets.front() == 0);
  CHECK(graph.offsets.back() == graph.neighbours.size());
  for (std::size_t i = 0; i < firms; ++i) REQUIRE(graph.offsets[i] <= graph.offsets[i + 1]);

  auto row = [&](std::uint32_t i) {
    return std::vector<std::uint32_t>(graph.neighbours.begin() + graph.offsets[i],
                                      graph.neighbours.begin() + graph.offsets[i + 1]);
  };
  for (int c = 0; c < static_cast<int>(mp.clusters.size()); ++c) {
    const std::uint32_t begin = pop.begin(c);
    const std::uint32_t end = pop.end(c);
    INFO("cluster " << mp.clusters[static_cast<std::size_t>(c)].id);
    std::size_t half_edges = 0;
    for (std::uint32_t i = begin; i < end; ++i) {
      const auto r = row(i);
      CHECK(graph.degree(i) == r.size());
      CHECK(std::adjacent_find(r.begin(), r.end(), [](auto a, auto b) { return a >= b; }) == r.end());
      for (const std::uint32_t j : r) {
        CHECK(j != i);
        CHECK(begin <= j);
        CHECK(j < end);
        const auto back = row(j);
        CHECK(std::binary_search(back.begin(), back.end(), i));
      }
      half_edges += r.size();
    }
    // The rows are exactly this cluster's network from its own Purpose::network stream,
    // shifted to global indices.
    const ClusterParams& cp = mp.clusters[static_cast<std::size_t>(c)];
    GraphScratch local;
    PhiloxStream s(smesim::make_key(mp.seed, mp.replication), Purpose::network, cp.stream, 0);
    generate_cluster_edges(cp, static_cast<int>(end - begin), s, local);
    CHECK(half_edges == 2 * local.edges.size());
    for (const Edge& e : local.edges) {
      const auto r = row(begin + e.first);
      CHECK(std::binary_search(r.begin(), r.end(), begin + e.second));
    }
  }
  // The complete cluster K: every member linked to the 8 others.
  for (std::uint32_t i = pop.begin(1); i < pop.end(1); ++i) CHECK(graph.degree(i) == 8);
  // The one-firm cluster has no links.
  CHECK(graph.degree(pop.begin(4)) == 0);

  // Rebuilding into used buffers (as across replications) gives the same CSR.
  ClusterGraph again = graph;
  build_cluster_graph(mp, pop, again, scratch);
  CHECK(again.offsets == graph.offsets);
  CHECK(again.neighbours == graph.neighbours);
}
