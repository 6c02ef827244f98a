#pragma once
// One pass that finds every error it can: a reader of a scenario file wants all of its
// mistakes at once, in file order, not one per run (docs/scenario.md "Errors").

#include <exception>
#include <utility>
#include <vector>

#include "smesim/error.hpp"

namespace smesim::detail {

class ErrorCollector {
 public:
  /// Runs `step`; a ScenarioError it throws (every one of a ScenarioErrors) is kept and the
  /// pass goes on. Returns whether the step succeeded.
  template <class Step>
  bool attempt(Step&& step) {
    try {
      std::forward<Step>(step)();
      return true;
    } catch (const ScenarioErrors& e) {
      if (errors_.empty()) first_ = std::current_exception();
      errors_.insert(errors_.end(), e.all().begin(), e.all().end());
    } catch (const ScenarioError& e) {
      if (errors_.empty()) first_ = std::current_exception();
      errors_.push_back(e);
    }
    return false;
  }

  [[nodiscard]] bool empty() const { return errors_.empty(); }

  /// Throws what was kept, if anything: one error as it was thrown (its own type, e.g.
  /// UnknownParameterError), several as ScenarioErrors in file order.
  void raise() const {
    if (errors_.empty()) return;
    if (errors_.size() == 1) std::rethrow_exception(first_);
    throw ScenarioErrors(errors_);
  }

 private:
  std::vector<ScenarioError> errors_;
  std::exception_ptr first_;
};

}  // namespace smesim::detail
