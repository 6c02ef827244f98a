#pragma once
/// @file analysis/rank_correlation.hpp
/// @brief Which inputs an output moves with, across Monte Carlo replications: each input's
/// Spearman rank correlation with the output and its partial rank correlation coefficient
/// (PRCC: the correlation of the output's and the input's ranks once the other inputs' ranks
/// are regressed out by least squares; Marino, Hogue, Ray & Kirschner 2008, "A methodology for
/// performing global uncertainty and sensitivity analysis in systems biology", J. Theor. Biol.
/// 254, 178-196), each with a 95% interval from Fisher's z. What a forecast's drivers are made
/// of (docs/outputs.md "What drives the result (drivers.csv)").

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace smesim {

/// @brief Average ranks, 1 for the smallest value; tied values share the mean of the
/// positions they occupy (three values tied at positions 4, 5, 6 all get 5).
/// Throws std::invalid_argument on a NaN.
std::vector<double> average_ranks(std::span<const double> values);

/// @brief The 95% interval of a correlation r from n pairs by Fisher's z transform, with
/// `controls` variables partialled out: tanh(atanh(r) -/+ 1.959964 / sqrt(n - 3 - controls))
/// (Fisher 1924). NaN ends when n - 3 - controls < 1 or r is NaN; r = +/-1 gives [r, r].
std::pair<double, double> fisher_interval(double r, std::size_t n, std::size_t controls);

/// Why an input's PRCC is what it is.
enum class PrccStatus : std::uint8_t {
  computed,
  output_constant,       ///< the output takes one value in every replication: nothing to correlate
  too_few_replications,  ///< fewer than inputs + 4 replications (the interval needs n - k - 2 >= 2)
  input_determined,      ///< the other inputs' ranks explain this input's ranks entirely
  output_determined,     ///< the other inputs' ranks explain the output's ranks entirely
};

/// @brief `computed`, `output_constant`, ... as written to drivers.csv and summary.json.
const char* to_string(PrccStatus status);

/// One input's correlations with one output. Undefined values are NaN (with their intervals).
struct InputCorrelation {
  std::size_t input = 0;  ///< its index in RankCorrelator::add_input order
  double spearman = std::numeric_limits<double>::quiet_NaN();
  std::pair<double, double> spearman_ci95{std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::quiet_NaN()};
  double prcc = std::numeric_limits<double>::quiet_NaN();
  std::pair<double, double> prcc_ci95{std::numeric_limits<double>::quiet_NaN(),
                                      std::numeric_limits<double>::quiet_NaN()};
  PrccStatus prcc_status = PrccStatus::computed;
};

/// Every varying input's correlations with one output.
struct RankCorrelations {
  bool output_varies = false;
  /// Sorted by |PRCC|, largest first; inputs whose PRCC is undefined after those whose is, by
  /// |Spearman|; ties (and undefined Spearman) keep add_input order. Holds every input that
  /// varies, also when the output does not (then every value is NaN).
  std::vector<InputCorrelation> inputs;
};

/// @brief Rank correlations of many inputs with several outputs of the same n replications.
/// Inputs are added one column at a time and kept as ranks (4 bytes per value), with the
/// cross products of their ranks, so each output costs one ranking and k dot products.
/// Everything is computed in replication order: the same inputs give the same bits.
class RankCorrelator {
 public:
  /// @param replications  n, the length of every column. Throws std::invalid_argument above
  ///   2^30 (ranks are kept as 32-bit integers).
  explicit RankCorrelator(std::size_t replications);

  /// @brief Adds an input: its value in each replication, in replication order. An input that
  /// takes one value in every replication is not uncertain: it is remembered as constant and
  /// takes part in no correlation. Throws std::invalid_argument on a wrong length or a NaN.
  void add_input(std::span<const double> values);

  /// The inputs added so far that take one value in every replication, in add_input order.
  [[nodiscard]] const std::vector<std::size_t>& constant_inputs() const { return constant_; }
  /// The inputs that vary, in add_input order.
  [[nodiscard]] const std::vector<std::size_t>& varying_inputs() const { return varying_; }
  [[nodiscard]] std::size_t replications() const { return n_; }

  /// @brief Each varying input's Spearman correlation and PRCC with `output` (n values in
  /// replication order), each with its fisher_interval (controls 0 for Spearman, k - 1 for the
  /// PRCC of k varying inputs). The PRCC needs n >= k + 4. Throws std::invalid_argument on a
  /// wrong length or a NaN.
  [[nodiscard]] RankCorrelations correlate(std::span<const double> output) const;

 private:
  std::size_t n_;
  std::vector<std::size_t> varying_;
  std::vector<std::size_t> constant_;
  /// Per varying input: 2 rank - (n + 1), a whole number centred on 0.
  std::vector<std::vector<std::int32_t>> centred_ranks_;
  /// Cross products of the centred doubled ranks, [i][j] for j <= i.
  std::vector<std::vector<double>> cross_;
};

}  // namespace smesim
