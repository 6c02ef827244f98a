#include "model/cluster_graph.hpp"

#include <algorithm>
#include <cmath>

#include "smesim/error.hpp"
#include "smesim/random/philox.hpp"

namespace smesim::detail {
namespace {

using Edge = std::pair<std::uint32_t, std::uint32_t>;

Edge ordered(std::uint32_t a, std::uint32_t b) { return a < b ? Edge{a, b} : Edge{b, a}; }

void complete_edges(std::uint32_t n, std::vector<Edge>& edges) {
  for (std::uint32_t u = 0; u < n; ++u)
    for (std::uint32_t v = u + 1; v < n; ++v) edges.emplace_back(u, v);
}

std::uint64_t edge_key(Edge e) { return (std::uint64_t{e.first} << 32) | e.second; }

constexpr std::uint32_t kBitMatrixMembers = 4096;  // a 2 MiB matrix at most

// Watts–Strogatz: ring lattice, then each lattice link (u, u + j) is rewired with probability
// p to (u, w), w uniform among nodes that are not u and not already linked to u.
void small_world_edges(std::uint32_t n, int degree, double rewire, PhiloxStream& s, GraphScratch& g) {
  auto& edges = g.edges;
  if (degree >= static_cast<int>(n) - 1) {  // as networkx for k = n: everyone knows everyone
    complete_edges(n, edges);
    return;
  }
  const auto half = static_cast<std::uint32_t>(degree / 2);
  for (std::uint32_t j = 1; j <= half; ++j)
    for (std::uint32_t u = 0; u < n; ++u) edges.push_back(ordered(u, (u + j) % n));
  if (half == 0 || rewire <= 0) return;
  // Membership of the current edge set: a bit matrix for clusters up to kBitMatrixMembers
  // (constant-time tests, cleared edge by edge afterwards), else a sorted key list.
  const bool matrix = n <= kBitMatrixMembers;
  g.degree.assign(n, 2 * half);
  if (matrix) {
    g.adjacency.resize(std::max(g.adjacency.size(), (static_cast<std::size_t>(n) * n + 63) / 64));
  } else {
    g.edge_keys.clear();
    for (const Edge& e : edges) g.edge_keys.push_back(edge_key(e));
    std::sort(g.edge_keys.begin(), g.edge_keys.end());
  }
  auto bit = [n](Edge e) { return static_cast<std::size_t>(e.first) * n + e.second; };
  auto has = [&](Edge e) {
    if (matrix) return (g.adjacency[bit(e) / 64] >> (bit(e) % 64) & 1) != 0;
    return std::binary_search(g.edge_keys.begin(), g.edge_keys.end(), edge_key(e));
  };
  auto set = [&](Edge e, bool on) {
    if (matrix) {
      const std::uint64_t mask = std::uint64_t{1} << (bit(e) % 64);
      g.adjacency[bit(e) / 64] = on ? g.adjacency[bit(e) / 64] | mask : g.adjacency[bit(e) / 64] & ~mask;
    } else if (on) {
      g.edge_keys.insert(std::upper_bound(g.edge_keys.begin(), g.edge_keys.end(), edge_key(e)), edge_key(e));
    } else {
      g.edge_keys.erase(std::lower_bound(g.edge_keys.begin(), g.edge_keys.end(), edge_key(e)));
    }
  };
  if (matrix)
    for (const Edge& e : edges) set(e, true);
  std::size_t index = 0;
  for (std::uint32_t j = 1; j <= half; ++j) {
    for (std::uint32_t u = 0; u < n; ++u, ++index) {
      if (s.uniform() >= rewire) continue;
      if (g.degree[u] >= n - 1) continue;  // u already links to everyone
      std::uint32_t w = 0;
      do {
        w = static_cast<std::uint32_t>(s.below(n));
      } while (w == u || has(ordered(u, w)));
      const Edge old = edges[index];
      const std::uint32_t v = old.first == u ? old.second : old.first;
      set(old, false);
      const Edge added = ordered(u, w);
      set(added, true);
      edges[index] = added;
      --g.degree[v];
      ++g.degree[w];
    }
  }
  if (matrix)
    for (const Edge& e : edges) set(e, false);  // leave the matrix clear for the next cluster
}

void random_edges(std::uint32_t n, double mean_degree, PhiloxStream& s, std::vector<Edge>& edges) {
  if (n < 2) return;
  const double p = std::min(1.0, mean_degree / (n - 1));
  if (p <= 0) return;
  if (p >= 1) {
    complete_edges(n, edges);
    return;
  }
  const double log_q = std::log1p(-p);
  long long v = 1;
  long long w = -1;
  while (v < static_cast<long long>(n)) {
    w += 1 + static_cast<long long>(std::floor(std::log(s.uniform()) / log_q));
    while (w >= v && v < static_cast<long long>(n)) {
      w -= v;
      ++v;
    }
    if (v < static_cast<long long>(n))
      edges.push_back(ordered(static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(v)));
  }
}

void scale_free_edges(std::uint32_t n, int m_links, PhiloxStream& s, GraphScratch& g) {
  const auto m = static_cast<std::uint32_t>(m_links);
  if (n <= m + 1) {
    complete_edges(n, g.edges);
    return;
  }
  complete_edges(m + 1, g.edges);
  g.repeated.clear();
  for (std::uint32_t u = 0; u <= m; ++u)
    for (std::uint32_t k = 0; k < m; ++k) g.repeated.push_back(u);
  std::vector<std::uint32_t>& targets = g.fill;
  for (std::uint32_t v = m + 1; v < n; ++v) {
    targets.clear();
    while (targets.size() < m) {
      const std::uint32_t t = g.repeated[s.below(g.repeated.size())];
      if (std::find(targets.begin(), targets.end(), t) == targets.end()) targets.push_back(t);
    }
    for (const std::uint32_t t : targets) {
      g.edges.push_back(ordered(t, v));
      g.repeated.push_back(t);
      g.repeated.push_back(v);
    }
  }
}

}  // namespace

void generate_cluster_edges(const ClusterParams& c, int members, PhiloxStream& stream, GraphScratch& g) {
  g.edges.clear();
  const auto n = static_cast<std::uint32_t>(members);
  switch (c.topology) {
    case TopologyKind::complete:
      complete_edges(n, g.edges);
      break;
    case TopologyKind::small_world:
      small_world_edges(n, c.degree, c.rewire, stream, g);
      break;
    case TopologyKind::random:
      random_edges(n, c.mean_degree, stream, g.edges);
      break;
    case TopologyKind::scale_free:
      scale_free_edges(n, c.m, stream, g);
      break;
  }
}

void build_cluster_graph(const ModelParams& params, const Population& pop, ClusterGraph& graph,
                         GraphScratch& scratch) {
  const std::size_t firms = pop.size();
  graph.offsets.assign(firms + 1, 0);
  graph.neighbours.clear();
  const PhiloxKey key = make_key(params.seed, params.replication);
  // Two passes per cluster would regenerate the edges; instead collect global edges once.
  std::vector<Edge> all;
  for (std::size_t c = 0; c < params.clusters.size(); ++c) {
    const auto ci = static_cast<int>(c);
    const std::uint32_t base = pop.begin(ci);
    PhiloxStream stream(key, Purpose::network, params.clusters[c].stream, 0);
    generate_cluster_edges(params.clusters[c], static_cast<int>(pop.end(ci) - base), stream, scratch);
    for (const Edge& e : scratch.edges) {
      SMESIM_ASSERT(e.first != e.second);
      all.emplace_back(base + e.first, base + e.second);
    }
  }
  for (const Edge& e : all) {
    ++graph.offsets[e.first + 1];
    ++graph.offsets[e.second + 1];
  }
  for (std::size_t i = 0; i < firms; ++i) graph.offsets[i + 1] += graph.offsets[i];
  graph.neighbours.resize(graph.offsets[firms]);
  scratch.fill.assign(graph.offsets.begin(), graph.offsets.end() - 1);
  for (const Edge& e : all) {
    graph.neighbours[scratch.fill[e.first]++] = e.second;
    graph.neighbours[scratch.fill[e.second]++] = e.first;
  }
  for (std::size_t i = 0; i < firms; ++i)
    std::sort(graph.neighbours.begin() + graph.offsets[i], graph.neighbours.begin() + graph.offsets[i + 1]);
  graph.inverse_degree.resize(firms);
  for (std::size_t i = 0; i < firms; ++i) {
    const std::uint32_t degree = graph.offsets[i + 1] - graph.offsets[i];
    graph.inverse_degree[i] = degree > 0 ? 1.0 / degree : 0.0;
  }
}

}  // namespace smesim::detail
