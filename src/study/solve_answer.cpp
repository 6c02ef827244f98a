#include "study/solve_answer.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "io/report/number_text.hpp"

namespace smesim::detail {
namespace {

// "266 and 278 M THB": the unit once when both ends carry the same one.
std::string between_text(const std::string& lo, const std::string& hi) {
  for (const char* unit : {" M THB", " THB"})
    if (lo.ends_with(unit) && hi.ends_with(unit))
      return fmt::format("{} and {}", lo.substr(0, lo.size() - std::string(unit).size()), hi);
  return fmt::format("{} and {}", lo, hi);
}

// kTargets ends with `all`, which is not a single target.
constexpr std::size_t kSingleTargets = kTargets.size() - 1;

}  // namespace

bool answers_in_programme_budget(const SolveDef& def) {
  return def.parameter == "programme.budget_thb" || def.new_money ||
         (def.scaling != RelativeOp::none && def.parameter.ends_with(".budget_thb"));
}

double programme_budget_thb_at(const SolveDef& def, double value) {
  return solve_variant(def, value).programme.budget_thb.value();
}

std::string solve_value_label(const SolveDef& def, double value) {
  if (def.scaling == RelativeOp::multiply) return fmt::format("\u00d7{}", report::grouped(value, 2));
  const std::string text = report::parameter_value_text(def.parameter, value);
  return def.scaling == RelativeOp::add && value >= 0 ? "+" + text : text;
}

const char* target_title(Target t) {
  switch (t) {
    case Target::developed_smes:
      return "SMEs developed";
    case Target::expanded_smes:
      return "SMEs expanded into new markets";
    case Target::cost_reduction_thb:
      return "cost reduction";
    case Target::all:
      break;
  }
  return "all targets";
}

Target binding_target(const TargetProbabilities& p_met) {
  std::size_t lowest = 0;
  for (std::size_t t = 1; t < kSingleTargets; ++t)
    if (p_met[t] < p_met[lowest]) lowest = t;
  return kTargets[lowest];
}

std::string binding_sentence(const SolveDef& def, const TargetProbabilities& p_met) {
  if (def.target != Target::all) return "";
  const Target binding = binding_target(p_met);
  std::string others;
  for (std::size_t t = 0; t < kSingleTargets; ++t)
    if (kTargets[t] != binding)
      others += fmt::format("{}{} {:.2f}", others.empty() ? "" : ", ", target_title(kTargets[t]), p_met[t]);
  return fmt::format("The binding target is {} (P(met) {:.2f}; {}).", target_title(binding),
                     p_met[static_cast<std::size_t>(std::find(kTargets.begin(), kTargets.end(), binding) -
                                                    kTargets.begin())],
                     others);
}

std::string answer_sentence(const SolveDef& def, const Bisection& search) {
  const std::string target = target_phrase(def);
  const double answer = *search.answer();
  const auto interval = search.answer_interval();
  const double lo = interval->lo;
  const std::optional<double> hi = interval->hi;
  const std::string goal = fmt::format("P({} met) \u2265 {}", target, solve_value_text(def.probability));
  if (answers_in_programme_budget(def)) {
    const auto money = [&](double v) { return report::money_text(programme_budget_thb_at(def, v)); };
    std::string text =
        fmt::format("a programme budget of about {} ({}) gives {}", money(answer),
                    hi ? "between " + between_text(money(lo), money(*hi))
                       : "at least " + money(lo) + "; the range's top is not enough to be sure",
                    goal);
    if (def.parameter != "programme.budget_thb")
      text += fmt::format(
          ": {} {}{}", def.scaling == RelativeOp::multiply ? "every agency's budget" : def.parameter,
          solve_value_label(def, answer),
          hi ? fmt::format(" ({} to {})", solve_value_label(def, lo), solve_value_label(def, *hi)) : "");
    return text + ".";
  }
  return fmt::format("{} = {} ({}) gives {}.", def.parameter, solve_value_label(def, answer),
                     hi ? "between " + between_text(solve_value_label(def, lo), solve_value_label(def, *hi))
                        : "at least " + solve_value_label(def, lo),
                     goal);
}

std::string target_phrase(const SolveDef& def) {
  return def.target == Target::all ? "all targets" : std::string(to_string(def.target)) + " target";
}

}  // namespace smesim::detail
