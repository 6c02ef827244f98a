// Bisection for `smesim solve` (include/smesim/analysis/bisection.hpp). The bracket keeps the invariant
// "the estimate at lo_ is below the level, the estimate at hi_ reaches it", so every value
// evaluated below the answer missed the level and every value above it reached the level.
#include "smesim/analysis/bisection.hpp"

#include <algorithm>
#include <cmath>

#include "smesim/analysis/statistics.hpp"
#include "smesim/error.hpp"

namespace smesim {

const char* to_string(BisectionStatus status) {
  switch (status) {
    case BisectionStatus::running:
      return "running";
    case BisectionStatus::converged:
      return "converged";
    case BisectionStatus::already_met:
      return "already_met";
    case BisectionStatus::not_reachable:
      return "not_reachable";
  }
  return "?";
}

Bisection::Bisection(const BisectionSettings& settings)
    : settings_(settings), lo_(settings.lo), hi_(settings.hi) {
  SMESIM_ASSERT(settings.lo < settings.hi);
  SMESIM_ASSERT(settings.level > 0 && settings.level < 1);
  SMESIM_ASSERT(settings.tolerance > 0);
}

double Bisection::grid(const BisectionSettings& settings) {
  return settings.whole ? 1.0 : settings.resolution;
}

namespace {

// The multiple of `grid` nearest to `value`. A grid below 1 (0.01) is applied as a division
// by its exact inverse (100): round(v * 100) / 100 is the double nearest to the decimal
// amount, which round(v / 0.01) * 0.01 is not (314150399.46000004).
double on_grid(double value, double grid) {
  if (!(grid > 0)) return value;
  if (grid < 1) {
    const double per_unit = std::round(1 / grid);
    return std::round(value * per_unit) / per_unit;
  }
  return std::round(value / grid) * grid;
}

}  // namespace

double Bisection::midpoint() const {
  // lo_ + half the width rather than (lo_ + hi_) / 2: no overflow to infinity near the
  // largest doubles, and the same value for the same bracket on every machine.
  return on_grid(lo_ + (hi_ - lo_) / 2, grid(settings_));
}

bool Bisection::stopped_at_resolution() const {
  return status_ == BisectionStatus::converged && hi_ - lo_ > settings_.tolerance;
}

bool Bisection::narrow_enough() const {
  if (hi_ - lo_ <= settings_.tolerance) return true;
  // Whole numbers one apart, or a bracket so narrow that doubles cannot split it: a
  // midpoint would repeat an end, so there is nothing left to learn.
  const double mid = midpoint();
  return mid <= lo_ || mid >= hi_;
}

std::optional<double> Bisection::next_value() const {
  if (status_ != BisectionStatus::running) return std::nullopt;
  if (steps_.empty()) return settings_.lo;
  if (steps_.size() == 1) return settings_.hi;
  return midpoint();
}

void Bisection::record(std::size_t met, std::size_t trials) {
  const std::optional<double> value = next_value();
  SMESIM_ASSERT(value.has_value());
  SMESIM_ASSERT(trials > 0 && met <= trials);
  BisectionStep s;
  s.step = steps_.size();
  s.value = *value;
  s.met = met;
  s.trials = trials;
  s.probability = static_cast<double>(met) / static_cast<double>(trials);
  s.ci95 = wilson_interval(met, trials);
  const bool reaches = s.probability >= settings_.level;
  if (s.step == 1) {
    // Both ends known: lo reaching the level answers at once (it is the smallest value of
    // the range), even if hi then falls short (estimates need not be monotone).
    if (steps_[0].probability >= settings_.level) {
      status_ = BisectionStatus::already_met;
    } else if (!reaches) {
      status_ = BisectionStatus::not_reachable;
    } else if (narrow_enough()) {
      status_ = BisectionStatus::converged;
    }
  } else if (s.step >= 2) {
    (reaches ? hi_ : lo_) = s.value;
    if (narrow_enough()) status_ = BisectionStatus::converged;
  }
  s.bracket_lo = lo_;
  s.bracket_hi = hi_;
  steps_.push_back(s);
}

std::optional<double> Bisection::answer() const {
  if (status_ == BisectionStatus::converged) return hi_;
  if (status_ == BisectionStatus::already_met) return settings_.lo;
  return std::nullopt;
}

const BisectionStep* Bisection::answer_step() const {
  const std::optional<double> a = answer();
  if (status_ == BisectionStatus::not_reachable) return &steps_[1];
  if (!a) return nullptr;
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it)
    if (it->value == *a) return &*it;
  return nullptr;
}

std::optional<AnswerInterval> Bisection::answer_interval() const {
  if (!answer()) return std::nullopt;
  AnswerInterval interval{settings_.lo, true, std::nullopt};
  for (const BisectionStep& s : steps_) {
    if (s.ci95.second < settings_.level && (interval.lo_inclusive || s.value > interval.lo)) {
      interval.lo = s.value;
      interval.lo_inclusive = false;
    }
    if (s.ci95.first >= settings_.level && (!interval.hi || s.value < *interval.hi)) interval.hi = s.value;
  }
  return interval;
}

std::size_t Bisection::max_evaluations(const BisectionSettings& settings) {
  // Both ends, then one evaluation per halving; a rounded midpoint leaves at most
  // ceil(width / 2), so this bounds the whole-number case too.
  std::size_t n = 2;
  double width = settings.hi - settings.lo;
  const double step = grid(settings);
  while (width > settings.tolerance && !(step > 0 && width <= step) && n < 2000) {
    width = step > 0 ? std::ceil(width / 2 / step) * step : width / 2;
    ++n;
  }
  return n;
}

Bisection bisect(const BisectionSettings& settings,
                 const std::function<std::pair<std::size_t, std::size_t>(double value)>& evaluate) {
  Bisection search(settings);
  while (const std::optional<double> value = search.next_value()) {
    const auto [met, trials] = evaluate(*value);
    search.record(met, trials);
  }
  return search;
}

}  // namespace smesim
