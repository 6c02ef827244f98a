// (μ/μ_w, λ)-CMA-ES after Hansen's tutorial (arXiv:1604.00772): the equation numbers below
// are the tutorial's. Eigen does the linear algebra: the covariance's eigen-decomposition
// (SelfAdjointEigenSolver) gives B and D for sampling (y = B D z) and C^{-1/2} = B D^{-1} Bᵀ
// for the step-size path.
#include "smesim/analysis/cma_es.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "random/sampling.hpp"
#include "smesim/random/philox.hpp"

namespace smesim {

std::string_view stop_name(CmaEsStop stop) {
  switch (stop) {
    case CmaEsStop::running:
      return "running";
    case CmaEsStop::max_evaluations:
      return "max_evaluations";
    case CmaEsStop::tol_x:
      return "tol_x";
    case CmaEsStop::tol_fun:
      return "tol_fun";
    case CmaEsStop::condition:
      return "condition";
  }
  return "running";
}

struct CmaEs::State {
  CmaEsOptions options;
  // Strategy parameters (Table 1).
  Eigen::Index n = 0;
  std::size_t lambda = 0;
  std::size_t mu = 0;
  Eigen::VectorXd weights;
  double mueff = 0, cs = 0, ds = 0, cc = 0, c1 = 0, cmu = 0, chi_n = 0;
  std::size_t history = 0;  ///< generations whose best values tol_fun compares: 10 + ⌈30 n / λ⌉
  // Dynamic state.
  Eigen::VectorXd mean, ps, pc, eigenvalues;
  Eigen::MatrixXd c, b, inv_sqrt_c;
  Eigen::VectorXd d;  ///< square roots of C's eigenvalues
  double sigma = 0;
  std::size_t generation = 0;
  std::size_t evaluations = 0;
  std::vector<std::vector<double>> candidates;
  std::vector<Eigen::VectorXd> steps;  ///< y_k = (x_k − m) / σ of the candidates
  std::vector<double> best_candidate;
  double best_value = std::numeric_limits<double>::infinity();
  std::deque<double> generation_bests;  ///< the last 10 + ⌈30 n / λ⌉
  CmaEsStop stop = CmaEsStop::running;

  void set_parameters() {
    const auto dim = static_cast<double>(n);
    lambda = options.population > 0 ? options.population
                                    : 4 + static_cast<std::size_t>(std::floor(3 * std::log(dim)));
    if (lambda < 2) throw std::invalid_argument("CMA-ES: a population of at least 2");
    mu = lambda / 2;
    // (49)–(53): w'_i = ln((λ+1)/2) − ln i for i ≤ μ, normalised to sum 1.
    weights.resize(static_cast<Eigen::Index>(mu));
    for (std::size_t i = 0; i < mu; ++i)
      weights[static_cast<Eigen::Index>(i)] =
          std::log((static_cast<double>(lambda) + 1) / 2) - std::log(static_cast<double>(i) + 1);
    weights /= weights.sum();
    mueff = 1 / weights.squaredNorm();
    // (55)–(58).
    cs = (mueff + 2) / (dim + mueff + 5);
    ds = 1 + 2 * std::max(0.0, std::sqrt((mueff - 1) / (dim + 1)) - 1) + cs;
    cc = (4 + mueff / dim) / (dim + 4 + 2 * mueff / dim);
    c1 = 2 / ((dim + 1.3) * (dim + 1.3) + mueff);
    cmu = std::min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((dim + 2) * (dim + 2) + mueff));
    // E‖N(0, I)‖.
    chi_n = std::sqrt(dim) * (1 - 1 / (4 * dim) + 1 / (21 * dim * dim));
    history = 10 + static_cast<std::size_t>(std::ceil(30 * dim / static_cast<double>(lambda)));
  }

  void decompose() {
    c = (c + c.transpose()) / 2;  // symmetric to the last bit before the solver
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c);
    eigenvalues = solver.eigenvalues().cwiseMax(std::numeric_limits<double>::min());
    b = solver.eigenvectors();
    d = eigenvalues.cwiseSqrt();
    inv_sqrt_c = b * d.cwiseInverse().asDiagonal() * b.transpose();
  }

  // Candidate k of this generation: x = m + σ B D z with z ~ N(0, I) from Philox (38)–(40).
  void sample() {
    const PhiloxKey key = make_key(options.seed, static_cast<std::uint32_t>(generation));
    candidates.assign(lambda, std::vector<double>(static_cast<std::size_t>(n)));
    steps.assign(lambda, Eigen::VectorXd(n));
    for (std::size_t k = 0; k < lambda; ++k) {
      PhiloxStream stream(key, Purpose::optimiser, k, 0);
      Eigen::VectorXd z(n);
      for (Eigen::Index i = 0; i < n; ++i) z[i] = detail::normal_quantile(stream.uniform());
      steps[k] = b * d.cwiseProduct(z);
      const Eigen::VectorXd x = mean + sigma * steps[k];
      std::copy(x.data(), x.data() + n, candidates[k].begin());
    }
  }

  void update(std::span<const double> values) {
    // Best first; NaN is the worst; ties keep ask()'s order (a stable sort), so that the
    // update never depends on the sort's implementation.
    std::vector<std::size_t> order(lambda);
    std::iota(order.begin(), order.end(), 0);
    const auto key = [&](std::size_t k) {
      return std::isnan(values[k]) ? std::numeric_limits<double>::infinity() : values[k];
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b2) { return key(a) < key(b2); });
    for (std::size_t k = 0; k < lambda; ++k)
      if (key(k) < best_value) {
        best_value = key(k);
        best_candidate = candidates[k];
      }
    // (41)–(42): the weighted step of the μ best.
    Eigen::VectorXd y_w = Eigen::VectorXd::Zero(n);
    for (std::size_t i = 0; i < mu; ++i) y_w += weights[static_cast<Eigen::Index>(i)] * steps[order[i]];
    mean += sigma * y_w;
    // (43): the conjugate evolution path, then (44) the step size below.
    ps = (1 - cs) * ps + std::sqrt(cs * (2 - cs) * mueff) * (inv_sqrt_c * y_w);
    const double ps_norm = ps.norm();
    const double correction = std::sqrt(1 - std::pow(1 - cs, 2.0 * static_cast<double>(generation + 1)));
    const bool h_sigma = ps_norm / correction / chi_n < 1.4 + 2 / (static_cast<double>(n) + 1);
    // (45): the evolution path of C, stalled (h_σ = 0) while σ grows fast.
    pc = (1 - cc) * pc + (h_sigma ? std::sqrt(cc * (2 - cc) * mueff) : 0.0) * y_w;
    // (47) with positive weights only (Σ w = 1); δ(h_σ) = (1 − h_σ) c_c (2 − c_c).
    Eigen::MatrixXd rank_mu = Eigen::MatrixXd::Zero(n, n);
    for (std::size_t i = 0; i < mu; ++i)
      rank_mu += weights[static_cast<Eigen::Index>(i)] * steps[order[i]] * steps[order[i]].transpose();
    const double delta = h_sigma ? 0.0 : cc * (2 - cc);
    c = (1 + c1 * delta - c1 - cmu) * c + c1 * pc * pc.transpose() + cmu * rank_mu;
    sigma *= std::exp((cs / ds) * (ps_norm / chi_n - 1));
    decompose();
    ++generation;
    evaluations += lambda;
    generation_bests.push_back(key(order[0]));
    if (generation_bests.size() > history) generation_bests.pop_front();
    stop = stop_rule(values);
    if (stop == CmaEsStop::running) sample();
  }

  [[nodiscard]] CmaEsStop stop_rule(std::span<const double> values) const {
    if (options.max_evaluations > 0 && evaluations >= options.max_evaluations)
      return CmaEsStop::max_evaluations;
    const double spread = std::max(c.diagonal().cwiseSqrt().maxCoeff(), pc.cwiseAbs().maxCoeff());
    if (sigma * spread < options.tol_x) return CmaEsStop::tol_x;
    if (generation_bests.size() >= history) {
      const auto [lo, hi] = std::minmax_element(generation_bests.begin(), generation_bests.end());
      const auto [vlo, vhi] = std::minmax_element(values.begin(), values.end());
      if (std::max(*hi, *vhi) - std::min(*lo, *vlo) < options.tol_fun) return CmaEsStop::tol_fun;
    }
    if (eigenvalues.maxCoeff() / eigenvalues.minCoeff() > options.max_condition) return CmaEsStop::condition;
    return CmaEsStop::running;
  }
};

CmaEs::CmaEs(const CmaEsOptions& options) : state_(std::make_unique<State>()) {
  State& s = *state_;
  if (options.initial_mean.empty())
    throw std::invalid_argument("CMA-ES: an initial mean of at least one value");
  if (!(options.initial_sigma > 0)) throw std::invalid_argument("CMA-ES: an initial step size above 0");
  s.options = options;
  s.n = static_cast<Eigen::Index>(options.initial_mean.size());
  s.set_parameters();
  s.mean = Eigen::Map<const Eigen::VectorXd>(options.initial_mean.data(), s.n);
  s.sigma = options.initial_sigma;
  s.ps = Eigen::VectorXd::Zero(s.n);
  s.pc = Eigen::VectorXd::Zero(s.n);
  s.c = Eigen::MatrixXd::Identity(s.n, s.n);
  s.decompose();
  s.sample();
}

CmaEs::~CmaEs() = default;
CmaEs::CmaEs(CmaEs&&) noexcept = default;
CmaEs& CmaEs::operator=(CmaEs&&) noexcept = default;

std::size_t CmaEs::dimension() const { return static_cast<std::size_t>(state_->n); }
std::size_t CmaEs::population() const { return state_->lambda; }
std::size_t CmaEs::parents() const { return state_->mu; }
const std::vector<std::vector<double>>& CmaEs::ask() const { return state_->candidates; }

void CmaEs::tell(std::span<const double> values) {
  if (values.size() != state_->lambda)
    throw std::invalid_argument("CMA-ES: one value for each candidate of the generation");
  if (state_->stop != CmaEsStop::running) throw std::invalid_argument("CMA-ES: told after it stopped");
  state_->update(values);
}

CmaEsStop CmaEs::stopped() const { return state_->stop; }
std::size_t CmaEs::generation() const { return state_->generation; }
std::size_t CmaEs::evaluations() const { return state_->evaluations; }
double CmaEs::sigma() const { return state_->sigma; }
std::vector<double> CmaEs::mean() const { return {state_->mean.data(), state_->mean.data() + state_->n}; }
const std::vector<double>& CmaEs::best_candidate() const { return state_->best_candidate; }
double CmaEs::best_value() const { return state_->best_value; }
double CmaEs::condition() const { return state_->eigenvalues.maxCoeff() / state_->eigenvalues.minCoeff(); }

}  // namespace smesim
