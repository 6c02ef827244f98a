#pragma once
/// @file analysis/bisection.hpp
/// @brief The search behind `smesim solve`: the smallest value of one parameter at which an
/// estimated probability reaches a level, by bisection on a bracket [lo, hi]. Pure logic: the
/// caller evaluates each value the search asks for (k successes in n trials) and records it,
/// so the same code serves a live search, a resumed one replaying recorded evaluations, and
/// tests with a fake probability function.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace smesim {

struct BisectionSettings {
  double lo = 0;  ///< the search bracket; lo < hi
  double hi = 1;
  double level = 0.5;    ///< P must reach this, in (0, 1)
  double tolerance = 1;  ///< stop when hi - lo <= tolerance; > 0
  bool whole = false;    ///< values are whole numbers (midpoints rounded)
  /// Values are multiples of this: 0.01 for amounts in THB (the model keeps money in satang,
  /// so two budgets within a satang are the same programme), 0 for a continuous parameter.
  /// Whole numbers use 1 whatever this says. The search stops once the bracket is one
  /// resolution wide, even if the tolerance asked for less.
  double resolution = 0;
};

/// One evaluated value and the bracket after taking it into account.
struct BisectionStep {
  std::size_t step = 0;
  double value = 0;
  std::size_t met = 0;  ///< trials (replications) in which the event happened
  std::size_t trials = 0;
  double probability = 0;                ///< met / trials
  std::pair<double, double> ci95{0, 1};  ///< Wilson 95% interval of probability
  double bracket_lo = 0;
  double bracket_hi = 0;
};

enum class BisectionStatus : std::uint8_t {
  running,        ///< more values to evaluate
  converged,      ///< the bracket is within the tolerance; the answer is its upper end
  already_met,    ///< P(lo) reaches the level: the answer is lo
  not_reachable,  ///< P(hi) stays below the level: no answer within the range
};

const char* to_string(BisectionStatus status);

/// @brief The answer's uncertainty from the evaluated values' Wilson intervals. With P
/// non-decreasing in the parameter, the true smallest value reaching the level lies in
/// (lo, hi]: `lo` is the largest evaluated value whose Wilson upper bound is below the level
/// (P is below it there with 95% confidence; the range's lo if there is none, then inclusive),
/// `hi` the smallest evaluated value whose Wilson lower bound reaches it (empty if none does).
/// Pointwise intervals, not simultaneous; resolution is that of the evaluated values.
struct AnswerInterval {
  double lo = 0;
  bool lo_inclusive = false;  ///< true when no evaluated value is confidently below the level
  std::optional<double> hi;
};

class Bisection {
 public:
  /// @pre settings.lo < settings.hi, level in (0, 1), tolerance > 0 (checked by SMESIM_ASSERT)
  explicit Bisection(const BisectionSettings& settings);

  /// The value to evaluate next (lo, then hi, then midpoints); empty once finished.
  [[nodiscard]] std::optional<double> next_value() const;
  /// Records the evaluation of next_value(): `met` successes in `trials` > 0 trials.
  void record(std::size_t met, std::size_t trials);

  [[nodiscard]] BisectionStatus status() const { return status_; }
  [[nodiscard]] const std::vector<BisectionStep>& steps() const { return steps_; }
  [[nodiscard]] const BisectionSettings& settings() const { return settings_; }
  /// The smallest evaluated value whose estimate reaches the level (converged, already_met).
  [[nodiscard]] std::optional<double> answer() const;
  /// The step that evaluated answer() (or, when not reachable, hi).
  [[nodiscard]] const BisectionStep* answer_step() const;
  /// See AnswerInterval; empty unless there is an answer.
  [[nodiscard]] std::optional<AnswerInterval> answer_interval() const;

  /// True when the search converged at a bracket wider than the tolerance because the
  /// parameter's resolution cannot be split further (a tolerance below a satang).
  [[nodiscard]] bool stopped_at_resolution() const;
  /// The grid values lie on: 1 for whole numbers, else settings().resolution (0: none).
  [[nodiscard]] static double grid(const BisectionSettings& settings);
  /// An upper bound on the number of evaluations any search with `settings` makes.
  [[nodiscard]] static std::size_t max_evaluations(const BisectionSettings& settings);

 private:
  [[nodiscard]] bool narrow_enough() const;
  [[nodiscard]] double midpoint() const;
  BisectionSettings settings_;
  std::vector<BisectionStep> steps_;
  BisectionStatus status_ = BisectionStatus::running;
  double lo_ = 0, hi_ = 0;  // the bracket: P(lo_) below the level, P(hi_) reaching it
};

/// @brief Runs a whole search, `evaluate(value)` returning (met, trials).
Bisection bisect(const BisectionSettings& settings,
                 const std::function<std::pair<std::size_t, std::size_t>(double value)>& evaluate);

}  // namespace smesim
