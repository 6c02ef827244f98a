#include "analysis/gaussian_copula.hpp"

#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace smesim::detail {
namespace {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Matrix correlation_matrix(std::size_t dimension, std::span<const CorrelatedPair> pairs) {
  const auto n = static_cast<Eigen::Index>(dimension);
  Matrix r = Matrix::Identity(n, n);
  for (const CorrelatedPair& p : pairs) {
    const auto i = static_cast<Eigen::Index>(p.first);
    const auto j = static_cast<Eigen::Index>(p.second);
    r(i, j) = p.normal_correlation;
    r(j, i) = p.normal_correlation;
  }
  return r;
}

}  // namespace

double normal_correlation_from_rank(double rank_correlation) {
  return 2 * std::sin(M_PI * rank_correlation / 6);
}

std::optional<std::vector<double>> copula_factor(std::size_t dimension,
                                                 std::span<const CorrelatedPair> pairs) {
  const Eigen::LLT<Matrix> llt(correlation_matrix(dimension, pairs));
  if (llt.info() != Eigen::Success) return std::nullopt;
  const Matrix lower = llt.matrixL();
  return std::vector<double>(lower.data(), lower.data() + lower.size());
}

std::optional<std::size_t> first_failing_pair(std::size_t dimension, std::span<const CorrelatedPair> pairs) {
  if (copula_factor(dimension, pairs)) return std::nullopt;
  for (std::size_t k = 0; k < pairs.size(); ++k)
    if (!copula_factor(dimension, pairs.first(k + 1))) return k;
  return std::nullopt;
}

std::vector<double> correlate(std::span<const double> lower, std::span<const double> independent) {
  const std::size_t n = independent.size();
  std::vector<double> z(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) z[i] += lower[i * n + j] * independent[j];
  return z;
}

}  // namespace smesim::detail
