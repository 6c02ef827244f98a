"""What budget gives what chance of meeting each target? A sweep of the programme budget of the
default scenario, plotted as P(target met) with its 95% interval (docs/python.md).

    PYTHONPATH=build/release/python /usr/bin/python3 python/examples/budget_curve.py [FIGURE.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt

import smesim

scenario = smesim.default_scenario()
result = smesim.sweep(name="budget-curve", scenario=scenario, replications=200, seed=20150320,
                      parameters={"programme.budget_thb": {"from": 100e6, "to": 500e6, "steps": 9}},
                      out="results/budget-curve")
points = result.points
budget_m = points["programme.budget_thb"] / 1e6

fig, ax = plt.subplots(figsize=(7, 4))
for target, label in [("developed_smes", "10,000 SMEs developed"),
                      ("expanded_smes", "1,000 SMEs expanded"),
                      ("cost_reduction_thb", "150 M THB cost reduction"),
                      ("all", "all three")]:
    p = points[f"p_met_{target}"]
    line, = ax.plot(budget_m, p, marker="o", label=label)
    ax.fill_between(budget_m, points[f"p_met_{target}_ci95_lo"], points[f"p_met_{target}_ci95_hi"],
                    color=line.get_color(), alpha=0.15)
ax.axvline(309, color="grey", linestyle="--", linewidth=1)
ax.text(312, 0.5, "approved\n309 M THB", color="grey", fontsize=8)
ax.set_xlabel("programme budget (M THB)")
ax.set_ylabel("P(target met)")
ax.set_ylim(-0.02, 1.02)
ax.set_title("OSMEP 2015 under the default model: 200 replications per budget")
ax.legend(loc="center left", fontsize=8)
fig.tight_layout()
figure = sys.argv[1] if len(sys.argv) > 1 else "budget_curve.png"
fig.savefig(figure, dpi=120)
print(points[["programme.budget_thb", "p_met_developed_smes", "p_met_cost_reduction_thb", "p_met_all"]])
print(f"Figure: {figure}")
