#pragma once
/// @file analysis/cma_es.hpp
/// @brief The (μ/μ_w, λ)-CMA-ES of N. Hansen, "The CMA Evolution Strategy: A Tutorial"
/// (arXiv:1604.00772), with the tutorial's default strategy parameters (its Table 1, positive
/// recombination weights only), minimising. Ask and tell: ask() gives a generation's λ
/// candidates, tell() takes their values and updates the mean, the step size σ and the
/// covariance C. Deterministic for a seed: candidate k of generation g draws its normals from
/// Philox (key = (seed, g), Purpose::optimiser, entity k), so the same values told in the same
/// order give the same candidates; a study resumes by telling the stored values again.
///
/// Stopping rules (the tutorial's section B.3, as `cmaes.m` applies them):
///  - max_evaluations: the candidates told reach the budget;
///  - tol_x: σ times every coordinate's spread (√C_ii, and the evolution path p_c) is below
///    tol_x: the search has contracted to a point;
///  - tol_fun: the best values of the last 10 + ⌈30 n / λ⌉ generations, and every value of the
///    latest one, span less than tol_fun: no progress is left to find;
///  - condition: C's condition number exceeds max_condition (numerical trouble ahead).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace smesim {

struct CmaEsOptions {
  std::vector<double> initial_mean;  ///< x0; its size is the dimension n
  double initial_sigma = 0.3;        ///< σ0: about a quarter of the region the optimum is in
  std::uint32_t seed = 1;
  std::size_t population = 0;       ///< λ; 0 = 4 + ⌊3 ln n⌋
  std::size_t max_evaluations = 0;  ///< 0 = no budget (the other rules stop it)
  double tol_x = 1e-11;
  double tol_fun = 1e-12;
  double max_condition = 1e14;
};

enum class CmaEsStop : std::uint8_t { running, max_evaluations, tol_x, tol_fun, condition };

/// `max_evaluations`, `tol_x`, … as the options name them.
std::string_view stop_name(CmaEsStop stop);

class CmaEs {
 public:
  /// @throws std::invalid_argument for an empty x0, σ0 ≤ 0 or λ < 2
  explicit CmaEs(const CmaEsOptions& options);
  ~CmaEs();
  CmaEs(CmaEs&&) noexcept;
  CmaEs& operator=(CmaEs&&) noexcept;
  CmaEs(const CmaEs&) = delete;
  CmaEs& operator=(const CmaEs&) = delete;

  [[nodiscard]] std::size_t dimension() const;
  [[nodiscard]] std::size_t population() const;  ///< λ
  [[nodiscard]] std::size_t parents() const;     ///< μ

  /// The current generation's λ candidates, each of n values; the same until tell().
  [[nodiscard]] const std::vector<std::vector<double>>& ask() const;
  /// @brief The values of ask()'s candidates, in its order (to minimise; NaN counts as the
  /// worst). Starts the next generation. @throws std::invalid_argument for another count
  void tell(std::span<const double> values);

  [[nodiscard]] CmaEsStop stopped() const;
  [[nodiscard]] std::size_t generation() const;   ///< generations told
  [[nodiscard]] std::size_t evaluations() const;  ///< candidates told
  [[nodiscard]] double sigma() const;
  [[nodiscard]] std::vector<double> mean() const;
  [[nodiscard]] const std::vector<double>& best_candidate() const;  ///< the best told so far
  [[nodiscard]] double best_value() const;                          ///< +inf before any tell
  [[nodiscard]] double condition() const;                           ///< C's condition number

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace smesim
