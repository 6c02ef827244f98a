#include "smesim/analysis/rank_correlation.hpp"
#include "analysis/statistic_constants.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <Eigen/Core>
#include <Eigen/QR>

namespace smesim {
namespace {

// Ranks are kept as 2 rank - (n + 1) in 32 bits: |2 rank - (n + 1)| < n, so n < 2^31 would do;
// 2^30 leaves a margin and is far above the 1e8 replications a scenario may ask for.
constexpr std::size_t kMaxReplications = std::size_t{1} << 30;
// A residual sum of squares (in units of the variable's own, so 1 - R² of its regression on
// the other inputs) below this is rounding noise around 0: the regressors explain it entirely.
constexpr double kDeterminedBelow = 1e-9;

using Matrix = Eigen::MatrixXd;

void check_column(std::span<const double> values, std::size_t n, const char* what) {
  if (values.size() != n)
    throw std::invalid_argument(std::string("RankCorrelator: ") + what + " has the wrong number of values");
  if (std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }))
    throw std::invalid_argument(std::string("RankCorrelator: ") + what + " holds a NaN");
}

// 2 rank - (n + 1) of each value, with average ranks for ties: a run of equal values at sorted
// positions [first, last) (0-based) has ranks first + 1 .. last, whose mean doubled is
// first + last + 1. Whole numbers, so ties cost no rounding.
std::vector<std::int32_t> centred_doubled_ranks(std::span<const double> values) {
  const std::size_t n = values.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
  std::vector<std::int32_t> ranks(n);
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    while (last < n && values[order[last]] == values[order[first]]) ++last;
    const auto centred =
        static_cast<std::int32_t>(static_cast<std::int64_t>(first + last) - static_cast<std::int64_t>(n));
    for (std::size_t i = first; i < last; ++i) ranks[order[i]] = centred;
    first = last;
  }
  return ranks;
}

double cross_product(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
  double sum = 0;
  for (std::size_t r = 0; r < a.size(); ++r) sum += static_cast<double>(a[r]) * static_cast<double>(b[r]);
  return sum;
}

bool all_equal(const std::vector<std::int32_t>& ranks) {
  return std::all_of(ranks.begin(), ranks.end(), [&](std::int32_t r) { return r == ranks.front(); });
}

// |PRCC| decides the order; an undefined PRCC goes after every defined one and is ordered by
// |Spearman| there; NaN counts as -1 so it sorts last. stable_sort keeps input order on ties.
void sort_by_influence(std::vector<InputCorrelation>& inputs) {
  const auto magnitude = [](double r) { return std::isnan(r) ? -1.0 : std::fabs(r); };
  std::stable_sort(inputs.begin(), inputs.end(), [&](const InputCorrelation& a, const InputCorrelation& b) {
    const bool a_partial = !std::isnan(a.prcc);
    const bool b_partial = !std::isnan(b.prcc);
    if (a_partial != b_partial) return a_partial;
    if (a_partial) return magnitude(a.prcc) > magnitude(b.prcc);
    return magnitude(a.spearman) > magnitude(b.spearman);
  });
}

// The PRCC of input `i` (row/column i of the rank correlation matrix `r`, whose last row and
// column are the output). Regressing the ranks of the input and of the output on the other
// inputs' ranks by least squares leaves residuals whose inner products are the Schur
// complement S = R[iy,iy] - R[iy,Z] R[Z,Z]^+ R[Z,iy] (Z: the other inputs; the ranks are
// centred, which is the regression's intercept): the same least squares computed from the
// (k + 1)² correlations instead of the n rows. The PRCC is the residuals' correlation,
// S_iy / sqrt(S_ii S_yy). The complete orthogonal decomposition solves also when other
// inputs are collinear with each other (the projection on their span is still unique).
void partial_correlation(const Matrix& r, Eigen::Index i, InputCorrelation& out) {
  const Eigen::Index k = r.rows() - 1;  // inputs; the output is index k
  std::vector<Eigen::Index> others;
  for (Eigen::Index j = 0; j < k; ++j)
    if (j != i) others.push_back(j);
  const std::array<Eigen::Index, 2> pair{i, k};
  Eigen::Matrix2d s;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) s(a, b) = r(pair[a], pair[b]);
  if (!others.empty()) {
    const auto m = static_cast<Eigen::Index>(others.size());
    Matrix zz(m, m);
    Matrix zp(m, 2);
    for (Eigen::Index a = 0; a < m; ++a) {
      for (Eigen::Index b = 0; b < m; ++b) zz(a, b) = r(others[a], others[b]);
      for (int b = 0; b < 2; ++b) zp(a, b) = r(others[a], pair[b]);
    }
    Eigen::CompleteOrthogonalDecomposition<Matrix> cod(zz);
    cod.setThreshold(1e-12);
    s -= zp.transpose() * cod.solve(zp);
  }
  if (s(0, 0) <= kDeterminedBelow) {
    out.prcc_status = PrccStatus::input_determined;
  } else if (s(1, 1) <= kDeterminedBelow) {
    out.prcc_status = PrccStatus::output_determined;
  } else {
    out.prcc = std::clamp(s(0, 1) / std::sqrt(s(0, 0) * s(1, 1)), -1.0, 1.0);
    out.prcc_status = PrccStatus::computed;
  }
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  check_column(values, values.size(), "a column");
  const std::vector<std::int32_t> centred = centred_doubled_ranks(values);
  std::vector<double> ranks(values.size());
  const auto n = static_cast<double>(values.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) ranks[i] = (static_cast<double>(centred[i]) + n + 1) / 2;
  return ranks;
}

std::pair<double, double> fisher_interval(double r, std::size_t n, std::size_t controls) {
  if (std::isnan(r) || n < 4 + controls) return {kNaN, kNaN};
  const double z = std::atanh(std::clamp(r, -1.0, 1.0));  // +/-inf at r = +/-1: tanh gives it back
  const double half = kZ95 / std::sqrt(static_cast<double>(n - 3 - controls));
  return {std::tanh(z - half), std::tanh(z + half)};
}

const char* to_string(PrccStatus status) {
  switch (status) {
    case PrccStatus::computed:
      return "computed";
    case PrccStatus::output_constant:
      return "output_constant";
    case PrccStatus::too_few_replications:
      return "too_few_replications";
    case PrccStatus::input_determined:
      return "parameter_determined_by_others";
    case PrccStatus::output_determined:
      return "output_determined_by_others";
  }
  return "?";
}

RankCorrelator::RankCorrelator(std::size_t replications) : n_(replications) {
  if (replications > kMaxReplications)
    throw std::invalid_argument("RankCorrelator: at most 2^30 replications");
}

void RankCorrelator::add_input(std::span<const double> values) {
  check_column(values, n_, "an input");
  const std::size_t index = varying_.size() + constant_.size();
  std::vector<std::int32_t> ranks = centred_doubled_ranks(values);
  if (ranks.empty() || all_equal(ranks)) {
    constant_.push_back(index);
    return;
  }
  std::vector<double> row;
  row.reserve(centred_ranks_.size() + 1);
  for (const auto& other : centred_ranks_) row.push_back(cross_product(ranks, other));
  row.push_back(cross_product(ranks, ranks));
  cross_.push_back(std::move(row));
  centred_ranks_.push_back(std::move(ranks));
  varying_.push_back(index);
}

RankCorrelations RankCorrelator::correlate(std::span<const double> output) const {
  check_column(output, n_, "the output");
  const std::size_t k = varying_.size();
  RankCorrelations result;
  result.inputs.resize(k);
  for (std::size_t i = 0; i < k; ++i) result.inputs[i].input = varying_[i];
  const std::vector<std::int32_t> y = centred_doubled_ranks(output);
  result.output_varies = !y.empty() && !all_equal(y);
  if (!result.output_varies) {
    for (auto& c : result.inputs) c.prcc_status = PrccStatus::output_constant;
    return result;
  }

  // The rank correlation matrix of the inputs and (last) the output.
  const auto size = static_cast<Eigen::Index>(k + 1);
  Matrix cross(size, size);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      const auto a = static_cast<Eigen::Index>(i);
      const auto b = static_cast<Eigen::Index>(j);
      cross(a, b) = cross(b, a) = cross_[i][j];
    }
    const auto a = static_cast<Eigen::Index>(i);
    cross(a, size - 1) = cross(size - 1, a) = cross_product(centred_ranks_[i], y);
  }
  cross(size - 1, size - 1) = cross_product(y, y);
  const Eigen::VectorXd scale = cross.diagonal().cwiseSqrt().cwiseInverse();
  const Matrix correlation = scale.asDiagonal() * cross * scale.asDiagonal();

  const bool enough_for_partial = n_ >= k + 4;
  for (std::size_t i = 0; i < k; ++i) {
    InputCorrelation& c = result.inputs[i];
    const auto a = static_cast<Eigen::Index>(i);
    c.spearman = std::clamp(correlation(a, size - 1), -1.0, 1.0);
    c.spearman_ci95 = fisher_interval(c.spearman, n_, 0);
    if (!enough_for_partial) {
      c.prcc_status = PrccStatus::too_few_replications;
      continue;
    }
    partial_correlation(correlation, a, c);
    c.prcc_ci95 = fisher_interval(c.prcc, n_, k - 1);
  }
  sort_by_influence(result.inputs);
  return result;
}

}  // namespace smesim
