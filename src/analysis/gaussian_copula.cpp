#include "analysis/gaussian_copula.hpp"

#include <cmath>
#include <numbers>

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
  return 2 * std::sin(std::numbers::pi * rank_correlation / 6);
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
  const auto n = static_cast<Eigen::Index>(independent.size());
  const Eigen::Map<const Matrix> l(lower.data(), n, n);
  const Eigen::Map<const Eigen::VectorXd> e(independent.data(), n);
  std::vector<double> z(independent.size());
  Eigen::Map<Eigen::VectorXd>(z.data(), n).noalias() = l.triangularView<Eigen::Lower>() * e;
  return z;
}

}  // namespace smesim::detail
