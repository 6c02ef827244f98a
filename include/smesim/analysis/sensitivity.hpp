#pragma once
/// @file analysis/sensitivity.hpp
/// @brief Global sensitivity estimators: Sobol' indices from a Saltelli design and Morris
/// elementary effects. Pure functions on model outputs that the caller has already computed
/// on the design's rows; nothing here runs a model or reads a file.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace smesim {

// ---------------------------------------------------------------------------------------------
// Sobol' indices (Saltelli et al. 2010, "Variance based sensitivity analysis of model output.
// Design and estimator for the total sensitivity index", Comput. Phys. Commun. 181, 259-270).
// ---------------------------------------------------------------------------------------------

/// @brief The rows to evaluate for N base points in k inputs, N (k + 2) rows in this order:
/// rows [0, N) are A, rows [N, 2N) are B, and rows [(2 + i) N, (3 + i) N) are AB_i, i.e. A with
/// column i taken from B (i = 0 .. k-1).
struct SaltelliDesign {
  std::size_t base_points = 0;  ///< N
  std::size_t dimensions = 0;   ///< k
  std::vector<std::vector<double>> rows;
};

/// @brief Builds the Saltelli design from two independent N x k sample matrices (rows are
/// points). Throws std::invalid_argument if the shapes differ, N = 0, k = 0 or rows are ragged.
SaltelliDesign saltelli_design(const std::vector<std::vector<double>>& a,
                               const std::vector<std::vector<double>>& b);

struct SobolOptions {
  std::size_t bootstrap_samples = 1000;  ///< 0 skips the bootstrap (CIs and SEs are NaN)
  double confidence = 0.95;              ///< level of the percentile intervals
  std::uint32_t seed = 0;                ///< Philox key word 0 of the Purpose::bootstrap stream
};

struct SobolIndices {
  std::vector<double> first_order;  ///< S_i
  std::vector<double> total_order;  ///< ST_i
  /// Bootstrap percentile intervals at SobolOptions::confidence.
  std::vector<std::pair<double, double>> first_order_ci;
  std::vector<std::pair<double, double>> total_order_ci;
  /// Bootstrap standard errors (sample sd of the replicates).
  std::vector<double> first_order_se;
  std::vector<double> total_order_se;
  double variance = 0;  ///< Var([f_A; f_B]), the denominator (n - 1 form over 2N values)
};

/// @brief First- and total-order Sobol' indices, for i = 0 .. k-1 with V = Var([f_A; f_B]):
///   S_i  = (1/N) sum_j f_B[j] (f_ABi[j] - f_A[j]) / V      (Saltelli et al. 2010, eq. (b) in
///          Table 2; unbiased for V_i = Var(E[Y | X_i]) since E f_B f_A = f0^2),
///   ST_i = (1/2N) sum_j (f_A[j] - f_ABi[j])^2 / V          (Jansen 1999, "Analysis of variance
///          designs for model output", Comput. Phys. Commun. 117, 35-43).
/// Confidence intervals: nonparametric bootstrap (Efron & Tibshirani 1993) resampling the N
/// base rows with replacement -- row j of A, B and every AB_i together, so the dependence
/// between the matrices is kept -- and taking the type-7 quantiles of the replicates at
/// (1 -/+ confidence) / 2 (the percentile method). Replicate r draws its N row numbers from
/// PhiloxStream(make_key(seed, 0), Purpose::bootstrap, 0, r), so the intervals depend only on
/// the seed and the data. A zero total variance gives NaN indices.
/// @param f_a, f_b  outputs on A and B (N values each)
/// @param f_ab  f_ab[i] = outputs on AB_i (k vectors of N values)
/// Throws std::invalid_argument on mismatched sizes, N < 2 or confidence outside (0, 1).
SobolIndices sobol_indices(std::span<const double> f_a, std::span<const double> f_b,
                           const std::vector<std::vector<double>>& f_ab, const SobolOptions& options = {});

/// @brief The same, with the outputs in SaltelliDesign::rows order (N (k + 2) values).
SobolIndices sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                           const SobolOptions& options = {});

/// @brief The same, the outputs first centred on the mean of [f_A; f_B] (Sobol' 2001, "Global
/// sensitivity indices for nonlinear mathematical models and their Monte Carlo estimates",
/// Math. Comput. Simul. 55, 271-280): V and ST do not change with a shift, and S1's estimator
/// stays unbiased, but its variance grows with f0², which for a KPI of ~10,000 ± 100 swamps
/// the signal. What smesim's sensitivity analyses report.
SobolIndices centred_sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                                   const SobolOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Morris elementary effects (Morris 1991, "Factorial sampling plans for preliminary
// computational experiments", Technometrics 33, 161-174; mu* of Campolongo, Cariboni &
// Saltelli 2007, "An effective screening design for sensitivity analysis of large models",
// Environ. Model. Softw. 22, 1509-1518).
// ---------------------------------------------------------------------------------------------

/// @brief r trajectories of k + 1 points each in [0, 1]^k on the p-level grid
/// {0, 1/(p-1), ..., 1}, step Delta = p / (2 (p - 1)). Point j + 1 of a trajectory differs from
/// point j only in coordinate changed[t k + j], by step[t k + j] = +Delta or -Delta, and each
/// coordinate changes exactly once per trajectory.
struct MorrisDesign {
  std::size_t trajectories = 0;  ///< r
  std::size_t dimensions = 0;    ///< k
  int levels = 0;                ///< p
  double delta = 0;              ///< Delta
  /// r (k + 1) points: trajectory t is rows [t (k + 1), (t + 1)(k + 1)).
  std::vector<std::vector<double>> points;
  std::vector<std::size_t> changed;  ///< r k: the coordinate moved between consecutive points
  std::vector<double> step;          ///< r k: its signed change, +Delta or -Delta
};

/// @brief Morris' randomised trajectories (the B* = (J x* + (Delta/2)((2B - J) D* + J)) P* of
/// Morris 1991 in per-coordinate form): a base point x* with every coordinate uniform on the
/// levels {0, ..., 1 - Delta} (so that x* + Delta stays on the grid), a random direction per
/// coordinate (start at x*_i and go up, or start at x*_i + Delta and go down) and a random
/// order of the coordinates. Trajectory t draws from PhiloxStream(make_key(seed, 0),
/// Purpose::bootstrap, entity_key("morris"), t).
/// Throws std::invalid_argument unless r >= 1, k >= 1 and p is even and >= 2 (for odd p,
/// Delta is not a multiple of the grid spacing).
MorrisDesign morris_design(std::size_t trajectories, std::size_t dimensions, int levels, std::uint32_t seed);

struct MorrisIndices {
  std::vector<double> mu;       ///< mean elementary effect (Morris 1991)
  std::vector<double> mu_star;  ///< mean |elementary effect| (Campolongo et al. 2007)
  std::vector<double> sigma;    ///< sample sd (r - 1) of the elementary effects; NaN if r = 1
};

/// @brief Per input i, the r elementary effects EE_i = (f(x + e_i step) - f(x)) / step, in
/// the unit-cube coordinates of the design (so a model y = c z with z = lo + (hi - lo) x has
/// EE = c (hi - lo)), summarised as mu, mu* and sigma.
/// @param outputs  model outputs on design.points, in that order
/// Throws std::invalid_argument if outputs.size() != design.points.size().
MorrisIndices morris_indices(const MorrisDesign& design, std::span<const double> outputs);

}  // namespace smesim

namespace smesim {

/// @brief Warnings about Sobol' indices that cannot be trusted as they stand, in words for the
/// console, the manifest and the report (one string each):
/// - the output does not vary over the sample (variance 0 or undefined): every index is 0/0;
/// - an index outside [0, 1] beyond its confidence interval (true indices lie in [0, 1], so the
///   base sample is too small for the estimator);
/// - a base sample small for the number of parameters (N < max(64, 16 k));
/// and, when any applies or an interval is wider than ±0.05, the base sample that would bring
/// the widest total-order interval to ±0.05 (the half-width falls as 1/sqrt(N)).
/// @param kpi  the output's name; @param parameters  the input names, in index order
std::vector<std::string> sobol_diagnostics(const std::string& kpi, const std::vector<std::string>& parameters,
                                           const SobolIndices& indices, std::size_t base_points);

/// @brief The same for Morris screening: an output that no elementary effect moves.
std::vector<std::string> morris_diagnostics(const std::string& kpi, const MorrisIndices& indices);

}  // namespace smesim
