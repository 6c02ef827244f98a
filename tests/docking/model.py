#!/usr/bin/python3
"""A second implementation of the smesim model, written from the specification text only.

It reads a scenario file (by default scenarios/osmep_2015.yaml), runs R Monte Carlo
replications of it and writes the mean, standard deviation and count of each final KPI of
docs/model.md §7 (developed, expanded, cost_reduction_thb, added_revenue_thb, spent_thb,
unspent_thb) to tests/docking/expected_kpis.tsv. tests/model/docking_test.cpp checks the
C++ engine against that table ("docking": two implementations of one text must give the
same KPI distributions). Sources: the specification of docs/model.md (§1–§10, v2),
docs/scenario.md and, where the specification leaves a choice open, the choices docs/model.md
states. The C++ sources were not used.

    /usr/bin/python3 tests/docking/model.py --replications 10000 --seed 20150320

Needs Python 3, numpy and PyYAML (Debian: python3-numpy, python3-yaml). Every replication
has its own numpy Generator seeded by (seed, replication), so the table does not depend on
--jobs. Random streams are numpy's, not Philox: only distributions are compared.

Reading of the text, where it leaves something open (docs/model.md settles the rest):

 1. Mentoring (docs/model.md §5 step 2): --engagement-months L. L = 0 (the default here) is the
    v1 rule: every month the cluster's quota goes to
    its active firms by the targeting rule alone. L >= 1 is the v2 engagement rule of §5
    step 2 (continuing firms by g descending, then starters by c ascending and the
    targeting rule, ties by lower index). `mentoring.engagement_months` in the scenario
    file is ignored: the option decides, so that the table says which rule it is for.
 2. Only months t < max(P, window) (at most H) are simulated. Every final KPI is credited
    within the target window (§5 step 10) or spent within the programme (§4), and no month
    depends on a later one, so later months cannot change them.
 3. Money is counted in satang (integers), as docs/model.md says. `auto` agency budgets
    share B (1 - overhead) in proportion to networks, rounded to the satang by largest
    remainder (the rounding is not specified anywhere; it moves no KPI by more than a few
    satang). Tracks: round(allocation x share) for mentoring and network, the rest for
    technology. Envelope of month t: allocation (t + 1) // P - spent so far.
 4. Technology projects (§5 step 3): a cluster's quota goes to the top-k of its active
    non-adopters by the technology targeting, one project per firm per month; projects
    that no eligible firm can take are not bought (docs/model.md). A failed project leaves
    the firm eligible next month.
 5. Mean capability for `laggards`/`leaders` is that of the moment of the step (after
    mentoring of the same month for technology targeting).
 6. Added revenue (§5 step 10): R_i(0) x revenue_uplift / 12 per month for every expanded,
    active firm within the window, including the month of expansion (step 7 comes before
    step 10 in the month).
 7. Developed (§5 step 10): checked for every firm in step 10 (n_i >= min_mentored_months)
    and at a successful project in step 3; credited if the firm is active and t < window.
 8. Dropout, spillover, imitation and expansion use all neighbours in the denominators
    (deg_i counts dropped neighbours, §5 step 5; the shares f^A, f^E are of all neighbours).
 9. Revenue is drawn from the class's log-normal truncated to the class's revenue range
    (micro <= 1.8 M; small up to 100 M (manufacturing, agriculture) or 50 M (trade,
    services); medium up to 500 M or 300 M), by rejection, which gives the same truncated
    distribution as inversion. Employees are not drawn: no KPI depends on them, and the
    re-derived size class equals the drawn one when both are drawn within the class.
10. Small-world networks follow networkx's watts_strogatz_graph (docs/model.md), with
    Python's random module seeded from the replication's stream.
11. Priors (§8): drawn once per replication; normal and log-normal are truncated to the
    key's range by rejection; split and size-mix shares are renormalised when any of them
    is a prior. `uncertainty.correlations` and `extends` are not supported (the default
    scenario uses neither) and are refused.
"""

from __future__ import annotations

import argparse
import datetime
import math
import multiprocessing
import os
import random
import sys
import time

import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))

KPIS = ("developed", "expanded", "cost_reduction_thb", "added_revenue_thb", "spent_thb",
        "unspent_thb")
SECTORS = ("manufacturing", "trade", "services", "agriculture")
DIMS = ("process", "management", "market")
CLASSES = ("micro", "small", "medium")
TARGETING = ("broad", "laggards", "leaders", "hubs", "largest")

# docs/model.md §6: revenue bounds (THB/year) of each class, by the sector's column of the 2019
# rule; agriculture uses the manufacturing column [A].
REVENUE_BOUNDS = {
    "manufacturing": ((0.0, 1.8e6), (1.8e6, 100e6), (100e6, 500e6)),
    "trade": ((0.0, 1.8e6), (1.8e6, 50e6), (50e6, 300e6)),
}
REVENUE_BOUNDS["services"] = REVENUE_BOUNDS["trade"]
REVENUE_BOUNDS["agriculture"] = REVENUE_BOUNDS["manufacturing"]

# docs/model.md §9 defaults, in the shape of the scenario file (docs/scenario.md).
DEFAULT_STRATEGY = {
    "split": {"mentoring": 0.5, "network": 0.2, "technology": 0.3},
    "mentoring": {"cost_per_firm_month_thb": 3000, "targeting": "broad", "focus": [1, 1, 1],
                  "expertise": [0.8, 0.8, 0.8]},
    "network": {"reference_spend_thb_per_cluster_month": 50000},
    "technology": {"cost_per_project_thb": 150000, "targeting": "leaders"},
}
DEFAULT_AGENCY = {"networks": 1, "sectors": [], "budget_thb": "auto", "budget_share": "auto",
                  "strategy": DEFAULT_STRATEGY, "fit": {"other": 0.7}}
DEFAULTS = {
    "seed": 20150320,
    "time": {"programme_months": 12, "horizon_months": 36, "diagnostic_months": 3},
    "programme": {"budget_thb": 309000000, "overhead_share": 0.0},
    "targets": {"window_months": 0},
    "networks": {"generate": {"members": 200,
                              "topology": {"kind": "small_world", "degree": 6, "rewire": 0.1}}},
    "sme": {
        "size_mix": {"micro": 0.75, "small": 0.22, "medium": 0.03},
        "revenue_median_thb": {"micro": 900000, "small": 6000000, "medium": 80000000},
        "revenue_sigma": 0.7,
        "margin": 0.1,
        "input_share": {"manufacturing": 0.5, "trade": 0.7, "services": 0.3, "agriculture": 0.6},
        "initial_capability": {"a": 2, "b": 5},
        "absorptive_capacity": 0.8,
    },
    "dynamics": {
        "learning_rate": 0.05,
        "spillover_per_month": 0.10,
        "cost_elasticity": 0.06,
        "trust": {"initial": 0.3, "gain_per_month": 0.10, "decay_per_month": 0.01,
                  "join_threshold": 0.5},
        "joint_purchasing": {"max_discount": 0.10, "half_volume_thb": 20000000,
                             "poolable_share": 0.05},
        "technology": {"success_probability": 0.6, "capability_jump": 0.2, "cost_cut": 0.05,
                       "p_per_year": 0.02, "q_per_year": 0.30},
        "market": {"p_per_year": 0.03, "capability_per_year": 0.06, "technology_per_year": 0.05,
                   "q_per_year": 0.38, "revenue_uplift": 0.10},
        "dropout": {"base_per_year": 0.35, "trust_protection": 0.5},
        "developed": {"min_mentored_months": 3},
    },
}

# Ranges of the keys (docs/scenario.md), used to truncate normal and log-normal priors.
RANGES = {
    "budget_thb": (0, 1e13), "overhead_share": (0, 1), "budget_share": (0, 1),
    "mentoring": (0, 1), "network": (0, 1), "technology": (0, 1),
    "cost_per_firm_month_thb": (1, 1e9), "focus": (0, 1), "expertise": (0, 1),
    "reference_spend_thb_per_cluster_month": (1, 1e12), "cost_per_project_thb": (1, 1e12),
    "fit": (0, 1), "members": (1, 1e7), "rewire": (0, 1), "mean_degree": (0, 1e6),
    "size_mix": (0, 1), "revenue_median_thb": (1, 1e12), "revenue_sigma": (0.001, 10),
    "margin": (0, 0.99), "input_share": (0, 1), "initial_capability": (0.01, 1000),
    "absorptive_capacity": (0, 10), "learning_rate": (0, 1), "spillover_per_month": (0, 1),
    "cost_elasticity": (0, 10), "trust": (0, 1), "max_discount": (0, 1),
    "half_volume_thb": (1, 1e15), "poolable_share": (0, 1), "success_probability": (0, 1),
    "capability_jump": (0, 1), "cost_cut": (0, 1), "revenue_uplift": (0, 100),
    "trust_protection": (0, 1),
}


def key_range(path):
    for part in reversed(path.split(".")):
        if part in RANGES:
            return RANGES[part]
    return (0.0, 1e15)  # the rates "per year" are [0, 100]; nothing else is unbounded below


def merge(base, over):
    """Maps merge key by key; lists, scalars and distributions replace (docs/scenario.md)."""
    if isinstance(base, dict) and isinstance(over, dict) and not is_prior(over):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v) if k in base else v
        return out
    return over


def is_prior(v):
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)) in (
        "uniform", "normal", "lognormal", "beta", "triangular")


class Draw:
    """Draws each prior once per replication (docs/model.md §8); plain numbers pass through."""

    def __init__(self, rng):
        self.rng = rng
        self.cache = {}

    def __call__(self, value, path):
        if not is_prior(value):
            return float(value)
        if path in self.cache:
            return self.cache[path]
        kind, args = next(iter(value.items()))
        args = [float(a) for a in args]
        lo, hi = key_range(path)
        r = self.rng
        if kind == "uniform":
            x = r.uniform(args[0], args[1])
        elif kind == "triangular":
            x = args[0] if args[0] == args[2] else r.triangular(*args)
        elif kind == "beta":
            x = r.beta(args[0], args[1])
        else:  # normal / lognormal: conditioned on the key's range
            while True:
                x = r.normal(args[0], args[1])
                if kind == "lognormal":
                    x = math.exp(x)
                if lo <= x <= hi:
                    break
        self.cache[path] = x
        return x


def slots3(value, names, default):
    """A list-valued key: a list, one number for every slot, or a map of slots."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict) and not is_prior(value):
        return [value.get(n, default) for n in names]
    return [value] * len(names)


def largest_remainder(total, weights):
    """Integer shares of `total` in proportion to integer `weights`, ties to the lower index."""
    weights = [int(w) for w in weights]
    s = sum(weights)
    total = int(total)
    if total <= 0 or s == 0:
        return np.zeros(len(weights), dtype=np.int64)
    # Python integers: satang totals times weights can overflow 64 bits.
    floor = [total * w // s for w in weights]
    rem = [total * w - f * s for w, f in zip(weights, floor)]
    left = total - sum(floor)
    for i in sorted(range(len(weights)), key=lambda i: (-rem[i], i))[:left]:
        floor[i] += 1
    return np.array(floor, dtype=np.int64)


# ---------------------------------------------------------------- networks (docs/model.md §6)

def watts_strogatz(n, k, p, rng, pyrng):
    """networkx.watts_strogatz_graph: ring lattice of degree k, then each lattice link
    (u, u + j), j = 1 .. k/2 outer, u inner, is rewired with probability p to (u, w), w
    drawn uniformly until it is neither u nor a neighbour of u (skipped if u is linked to
    all). The coin flips are drawn up front: they are independent of the choices of w, so
    the distribution of the graph is that of networkx's interleaved draws."""
    if k >= n - 1:  # docs/model.md: a network of at most degree + 1 members is complete
        return complete(n)
    half = k // 2
    offsets = [d for j in range(1, half + 1) for d in (j, -j)]
    adj = [{(u + d) % n for d in offsets} for u in range(n)]
    flips = np.flatnonzero(rng.random(half * n) < p)
    for pos in flips.tolist():
        j, u = pos // n + 1, pos % n
        v = (u + j) % n
        au = adj[u]
        w = pyrng.randrange(n)
        skip = False
        while w == u or w in au:
            w = pyrng.randrange(n)
            if len(au) >= n - 1:
                skip = True
                break
        if not skip:
            au.discard(v)
            adj[v].discard(u)
            au.add(w)
            adj[w].add(u)
    return [(u, v) for u in range(n) for v in adj[u] if u < v]


def complete(n):
    return [(u, v) for u in range(n) for v in range(u + 1, n)]


def erdos_renyi(n, mean_degree, rng):
    if n < 2:
        return []
    p = min(1.0, mean_degree / (n - 1))
    iu, ju = np.triu_indices(n, 1)
    keep = rng.random(len(iu)) < p
    return list(zip(iu[keep].tolist(), ju[keep].tolist()))


def barabasi_albert(n, m, pyrng):
    if n <= m + 1:
        return complete(n)
    edges = complete(m + 1)
    repeated = [x for e in edges for x in e]
    for new in range(m + 1, n):
        chosen = set()
        while len(chosen) < m:
            chosen.add(repeated[pyrng.randrange(len(repeated))])
        for t in chosen:
            edges.append((t, new))
            repeated += [t, new]
    return edges


def make_edges(topology, n, draw, path, rng, pyrng):
    kind = topology.get("kind", "small_world")
    if kind == "complete":
        return complete(n)
    if kind == "small_world":
        return watts_strogatz(n, int(topology.get("degree", 6)),
                              draw(topology.get("rewire", 0.1), path + ".rewire"), rng, pyrng)
    if kind == "random":
        return erdos_renyi(n, draw(topology.get("mean_degree", 6), path + ".mean_degree"), rng)
    if kind == "scale_free":
        return barabasi_albert(n, int(topology.get("m", 3)), pyrng)
    raise ValueError(f"unknown topology {kind}")


# ---------------------------------------------------------------- the scenario

class Scenario:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
        if "extends" in raw:
            raise SystemExit("model.py: `extends` is not supported; give a complete scenario")
        if raw.get("uncertainty", {}).get("correlations"):
            raise SystemExit("model.py: uncertainty.correlations are not supported")
        self.raw = merge(DEFAULTS, raw)
        self.agencies = [merge(DEFAULT_AGENCY, a) for a in raw.get("agencies", [])]
        if not self.agencies:
            raise SystemExit("model.py: the scenario must list its agencies")
        ids = [a["id"] for a in self.agencies]
        gen = self.raw["networks"]["generate"]
        listed = (raw.get("networks") or {}).get("list") or []
        nets = []
        if listed:
            for e in listed:
                nets.append({"id": e["id"], "agency": ids.index(e["agency"]),
                             "sector": e["sector"],
                             "members": e.get("members", "auto"),
                             "topology": e.get("topology", gen["topology"])})
        else:
            for ai, a in enumerate(self.agencies):
                secs = a["sectors"] if isinstance(a["sectors"], list) else [a["sectors"]]
                for j in range(int(a["networks"])):
                    nets.append({"id": f"{a['id']}-{j + 1:02d}", "agency": ai,
                                 "sector": secs[j % len(secs)], "members": "auto",
                                 "topology": gen["topology"]})
        for net in nets:
            if net["members"] == "auto":
                net["members"] = gen["members"]
        self.networks = nets
        t = self.raw["time"]
        self.P = int(t["programme_months"])
        self.H = int(t["horizon_months"])
        self.diag = int(t["diagnostic_months"])
        w = int(self.raw["targets"].get("window_months", 0))
        self.W = w if w > 0 else self.P
        self.seed = int(self.raw["seed"])


def realise(sc, rng):
    """Per replication: every prior drawn once (§8), budgets in satang, the population and
    its networks (§6). Returns a dict of arrays."""
    draw = Draw(rng)
    pyrng = random.Random(int(rng.integers(0, 2**63)))
    raw = sc.raw
    dyn, sme = raw["dynamics"], raw["sme"]

    def d(path):
        node = raw
        for part in path.split("."):
            node = node[part]
        return draw(node, path)

    par = {
        "beta": d("dynamics.learning_rate"), "sigma": d("dynamics.spillover_per_month"),
        "gamma": d("dynamics.cost_elasticity"),
        "T0": d("dynamics.trust.initial"), "eta": d("dynamics.trust.gain_per_month"),
        "omega": d("dynamics.trust.decay_per_month"),
        "thetaJ": d("dynamics.trust.join_threshold"),
        "dmax": d("dynamics.joint_purchasing.max_discount"),
        "V0": d("dynamics.joint_purchasing.half_volume_thb"),
        "psi": d("dynamics.joint_purchasing.poolable_share"),
        "pi": d("dynamics.technology.success_probability"),
        "jump": d("dynamics.technology.capability_jump"),
        "tauA": d("dynamics.technology.cost_cut"),
        "p_tech": d("dynamics.technology.p_per_year"),
        "q_tech": d("dynamics.technology.q_per_year"),
        "p0": d("dynamics.market.p_per_year"), "pk": d("dynamics.market.capability_per_year"),
        "pA": d("dynamics.market.technology_per_year"), "q": d("dynamics.market.q_per_year"),
        "uplift": d("dynamics.market.revenue_uplift"),
        "drop_base": d("dynamics.dropout.base_per_year"),
        "drop_prot": d("dynamics.dropout.trust_protection"),
        "min_months": int(dyn["developed"]["min_mentored_months"]),
    }

    # §4: agency budgets in satang. Explicit budgets first (scaled down if they exceed
    # what is available), `auto` agencies share the rest in proportion to their networks.
    budget = d("programme.budget_thb")
    available = budget * (1 - d("programme.overhead_share"))
    explicit = {}
    for ai, a in enumerate(sc.agencies):
        p = f"agencies.{a['id']}"
        if a["budget_thb"] != "auto":
            explicit[ai] = draw(a["budget_thb"], p + ".budget_thb")
        elif a["budget_share"] != "auto":
            explicit[ai] = draw(a["budget_share"], p + ".budget_share") * available
    tot_explicit = sum(explicit.values())
    scale = available / tot_explicit if tot_explicit > available > 0 else 1.0
    alloc = np.zeros(len(sc.agencies), dtype=np.int64)
    for ai, v in explicit.items():
        alloc[ai] = int(round(v * scale * 100))
    auto = [ai for ai in range(len(sc.agencies)) if ai not in explicit]
    rest = max(0, int(round(available * 100)) - int(alloc.sum()))
    if auto:
        alloc[auto] = largest_remainder(rest, [int(sc.agencies[ai]["networks"]) for ai in auto])

    ag = []
    for ai, a in enumerate(sc.agencies):
        p = f"agencies.{a['id']}.strategy"
        st = a["strategy"]
        shares = [draw(st["split"][k], f"{p}.split.{k}") for k in ("mentoring", "network",
                                                                    "technology")]
        if any(is_prior(st["split"][k]) for k in ("mentoring", "network", "technology")):
            s = sum(shares)
            shares = [x / s for x in shares]
        m_alloc = int(round(alloc[ai] * shares[0]))
        n_alloc = int(round(alloc[ai] * shares[1]))
        ment, tech = st["mentoring"], st["technology"]
        focus = slots3(ment.get("focus", [1, 1, 1]), DIMS, 1.0)
        expertise = slots3(ment.get("expertise", [0.8] * 3), DIMS, 0.8)
        secs = a["sectors"] if isinstance(a["sectors"], list) else [a["sectors"]]
        fit = {}
        for s in SECTORS:
            fv = a["fit"].get(s, "auto")
            if fv == "auto":
                fit[s] = 1.0 if s in secs else draw(a["fit"]["other"],
                                                    f"agencies.{a['id']}.fit.other")
            else:
                fit[s] = draw(fv, f"agencies.{a['id']}.fit.{s}")
        ag.append({
            "alloc": int(alloc[ai]),
            "alloc_m": m_alloc, "alloc_n": n_alloc, "alloc_t": int(alloc[ai]) - m_alloc - n_alloc,
            "cost_m": int(round(draw(ment["cost_per_firm_month_thb"],
                                     f"{p}.mentoring.cost_per_firm_month_thb") * 100)),
            "cost_t": int(round(draw(tech["cost_per_project_thb"],
                                     f"{p}.technology.cost_per_project_thb") * 100)),
            "ref": draw(st["network"]["reference_spend_thb_per_cluster_month"],
                        f"{p}.network.reference_spend_thb_per_cluster_month"),
            "target_m": ment.get("targeting", "broad"),
            "target_t": tech.get("targeting", "leaders"),
            "w": np.array([draw(v, f"{p}.mentoring.focus.{n}") for v, n in zip(focus, DIMS)]),
            "e": np.array([draw(v, f"{p}.mentoring.expertise.{n}")
                           for v, n in zip(expertise, DIMS)]),
            "fit": fit,
        })

    # §6: population. Clusters are contiguous blocks of firms.
    mix = slots3(sme["size_mix"], CLASSES, 0.0)
    mixv = np.array([draw(v, f"sme.size_mix.{n}") for v, n in zip(mix, CLASSES)])
    mixv = mixv / mixv.sum()
    med = slots3(sme["revenue_median_thb"], CLASSES, None)
    medv = [draw(v, f"sme.revenue_median_thb.{n}") for v, n in zip(med, CLASSES)]
    rsig = d("sme.revenue_sigma")
    margin = d("sme.margin")
    phi_s = slots3(sme["input_share"], SECTORS, None)
    phi_s = {s: draw(v, f"sme.input_share.{s}") for v, s in zip(phi_s, SECTORS)}
    ia = slots3(sme["initial_capability"]["a"], DIMS, 2)
    ib = slots3(sme["initial_capability"]["b"], DIMS, 5)
    ia = [draw(v, f"sme.initial_capability.a.{n}") for v, n in zip(ia, DIMS)]
    ib = [draw(v, f"sme.initial_capability.b.{n}") for v, n in zip(ib, DIMS)]
    alpha0 = d("sme.absorptive_capacity")

    sizes = []
    for net in sc.networks:
        sizes.append(max(1, int(round(draw(net["members"], f"networks.{net['id']}.members")))))
    sizes = np.array(sizes, dtype=np.int64)
    C = len(sizes)
    N = int(sizes.sum())
    start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    cl = np.repeat(np.arange(C), sizes)
    sector = np.array([SECTORS.index(n["sector"]) for n in sc.networks])
    c_agency = np.array([n["agency"] for n in sc.networks])

    cls = rng.choice(3, size=N, p=mixv)
    revenue = np.empty(N)
    fsec = sector[cl]
    for si, s in enumerate(SECTORS):
        for k in range(3):
            idx = np.nonzero((fsec == si) & (cls == k))[0]
            lo, hi = REVENUE_BOUNDS[s][k]
            mu = math.log(medv[k])
            pending = idx
            while len(pending):
                x = np.exp(rng.normal(mu, rsig, len(pending)))
                ok = (x > lo) & (x <= hi)
                revenue[pending[ok]] = x[ok]
                pending = pending[~ok]
    kappa = np.column_stack([rng.beta(ia[j], ib[j], N) for j in range(3)])
    alpha = np.minimum(1.0, alpha0 * (0.5 + kappa.mean(axis=1)))
    phi = np.array([phi_s[s] for s in SECTORS])[fsec]
    C0 = revenue * (1 - margin)

    src, dst = [], []
    for c, net in enumerate(sc.networks):
        e = make_edges(net["topology"], int(sizes[c]), draw, f"networks.{net['id']}.topology",
                       rng, pyrng)
        if e:
            a = np.array(e, dtype=np.int64) + start[c]
            src += [a[:, 0], a[:, 1]]
            dst += [a[:, 1], a[:, 0]]
    src = np.concatenate(src) if src else np.zeros(0, np.int64)
    dst = np.concatenate(dst) if dst else np.zeros(0, np.int64)
    deg = np.bincount(src, minlength=N).astype(np.float64)

    fit_f = np.array([ag[c_agency[c]]["fit"][SECTORS[sector[c]]] for c in range(C)])[cl]
    # Padded [cluster, member] index for the per-cluster rankings (-1 = no firm).
    M = int(sizes.max())
    idx2d = np.full((C, M), -1, dtype=np.int64)
    for c in range(C):
        idx2d[c, :sizes[c]] = np.arange(start[c], start[c] + sizes[c])
    return dict(par=par, ag=ag, alloc_total=int(alloc.sum()), N=N, C=C, cl=cl,
                c_agency=c_agency, kappa=kappa, alpha=alpha, phi=phi, C0=C0, R0=revenue,
                src=src, dst=dst, deg=deg, fit=fit_f, idx2d=idx2d)


# ---------------------------------------------------------------- one replication (§5)

def select(idx2d, quota, eligible, keys):
    """Per cluster, the first quota[c] eligible firms in the order of `keys` (a list of
    per-firm arrays, primary last as for np.lexsort; ties go to the lower index)."""
    valid = idx2d >= 0
    safe = np.where(valid, idx2d, 0)
    elig2 = valid & eligible[safe]
    if len(keys) == 1:  # one finite key: ineligible firms last via +inf; stable for ties
        order = np.argsort(np.where(elig2, keys[0][safe], np.inf), axis=1, kind="stable")
    else:  # np.lexsort is stable too: equal keys keep index order
        order = np.lexsort([np.where(valid, k[safe], 0) for k in keys] +
                           [(~elig2).astype(np.int8)], axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(idx2d.shape[1]), order.shape),
                      axis=1)
    chosen2 = elig2 & (rank < quota[:, None])
    out = np.zeros(len(eligible), dtype=bool)
    out[idx2d[chosen2]] = True
    return out


def targeting_key(rule, kappa, s, rng):
    if rule == "broad":
        return rng.random(len(kappa))
    if rule == "laggards":
        return kappa.mean(axis=1)
    if rule == "leaders":
        return -kappa.mean(axis=1)
    if rule == "hubs":
        return -s["deg"]
    if rule == "largest":
        return -s["R0"]
    raise ValueError(f"unknown targeting {rule}")


def per_agency_key(field, s, kappa, rng):
    """The targeting key of each firm, by the rule of its cluster's agency."""
    rules = {a[field] for a in s["ag"]}
    if len(rules) == 1:
        return targeting_key(next(iter(rules)), kappa, s, rng)
    firm_agency = s["c_agency"][s["cl"]]
    key = np.zeros(s["N"])
    for rule in sorted(rules):
        mask = np.isin(firm_agency, [i for i, a in enumerate(s["ag"]) if a[field] == rule])
        key[mask] = targeting_key(rule, kappa, s, rng)[mask]
    return key


def cluster_quotas(s, budget_key, cost_key, alloc_spent, t, P, weights):
    """Units bought per agency from its monthly envelope (§4), split over its clusters in
    proportion to `weights` (largest remainder). Returns quotas per cluster."""
    quota = np.zeros(s["C"], dtype=np.int64)
    for ai, a in enumerate(s["ag"]):
        cs = np.nonzero(s["c_agency"] == ai)[0]
        if len(cs) == 0:
            continue
        envelope = a[budget_key] * (t + 1) // P - alloc_spent[ai]
        units = envelope // a[cost_key] if a[cost_key] > 0 else 0
        units = min(units, int(weights[cs].sum()))
        quota[cs] = largest_remainder(units, weights[cs])
    return quota


def replicate(sc, seed, rep, L):
    ss = np.random.SeedSequence([seed, rep])
    r_setup, r_dyn = [np.random.default_rng(x) for x in ss.spawn(2)]
    s = realise(sc, r_setup)
    rng = r_dyn
    par, ag = s["par"], s["ag"]
    N, C, cl, deg = s["N"], s["C"], s["cl"], s["deg"]
    src, dst, idx2d = s["src"], s["dst"], s["idx2d"]
    kappa, alpha, C0, R0, phi = s["kappa"], s["alpha"], s["C0"], s["R0"], s["phi"]
    P, W = sc.P, sc.W
    months = min(sc.H, max(P, W))
    A_ag = len(ag)

    m0 = kappa[:, :2].mean(axis=1)
    active = np.ones(N, dtype=bool)
    n_m = np.zeros(N, dtype=np.int64)
    g = np.zeros(N, dtype=np.int64)
    c_eng = np.zeros(N, dtype=np.int64)
    adopted = np.zeros(N, dtype=bool)
    expanded = np.zeros(N, dtype=bool)
    dev = np.zeros(N, dtype=bool)
    T = np.full(C, par["T0"])
    spent_m = np.zeros(A_ag, dtype=np.int64)
    spent_n = np.zeros(A_ag, dtype=np.int64)
    spent_t = np.zeros(A_ag, dtype=np.int64)
    fit_alpha = s["fit"] * alpha
    w_f = np.array([a["w"] for a in ag])[s["c_agency"]][cl]
    e_f = np.array([a["e"] for a in ag])[s["c_agency"]][cl]
    n_clusters = np.bincount(s["c_agency"], minlength=A_ag)
    inv_deg = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)

    kpi = dict.fromkeys(KPIS, 0.0)

    def monthly(rate_per_year):
        return -np.expm1(-rate_per_year / 12.0)

    for t in range(months):
        credit = t < W
        if t < P:
            # 1. dropout, with the trust of the start of the month
            h = par["drop_base"] * (1 - par["drop_prot"] * T[cl])
            drop = active & (rng.random(N) < monthly(h))
            active &= ~drop
            g[drop] = 0  # a dropped firm's engagement ends

            # 2. mentoring
            act_c = np.bincount(cl, weights=active, minlength=C).astype(np.int64)
            quota = cluster_quotas(s, "alloc_m", "cost_m", spent_m, t, P, act_c)
            tkey = per_agency_key("target_m", s, kappa, rng)
            if L == 0:
                served = select(idx2d, quota, active, [tkey])
            else:
                cont = g > 0
                served = select(idx2d, quota, active,
                                [np.where(cont, 0.0, tkey), np.where(cont, -g, c_eng),
                                 (~cont).astype(np.int8)])
            kappa[served] += (par["beta"] * fit_alpha[served])[:, None] * w_f[served] * \
                np.maximum(0.0, e_f[served] - kappa[served])
            n_m[served] += 1
            if L > 0:
                g[served] += 1
                done = served & (g >= L)
                g[done] = 0
                c_eng[done] += 1
            spent_m += np.bincount(s["c_agency"][cl[served]], minlength=A_ag) * \
                np.array([a["cost_m"] for a in ag])

            # 3. technology projects
            elig = active & ~adopted
            nonad_c = np.bincount(cl, weights=elig, minlength=C).astype(np.int64)
            quota = cluster_quotas(s, "alloc_t", "cost_t", spent_t, t, P, nonad_c)
            tkey = per_agency_key("target_t", s, kappa, rng)
            given = select(idx2d, quota, elig, [tkey])
            spent_t += np.bincount(s["c_agency"][cl[given]], minlength=A_ag) * \
                np.array([a["cost_t"] for a in ag])
            success = given & (rng.random(N) < par["pi"] * alpha)
            adopted |= success
            kappa[success, 0] += par["jump"] * (1 - kappa[success, 0])
            newdev = success & ~dev
            dev |= success
            if credit:
                kpi["developed"] += np.count_nonzero(newdev & active)

        # 4. trust
        x = np.zeros(C)
        if t < P:
            for ai, a in enumerate(ag):
                if n_clusters[ai] == 0:
                    continue
                envelope = a["alloc_n"] * (t + 1) // P - spent_n[ai]
                spent_n[ai] += envelope
                x[s["c_agency"] == ai] = min(1.0, envelope / 100.0 / n_clusters[ai] / a["ref"])
        T = np.clip(T + par["eta"] * x * (1 - T) - par["omega"] * T, 0.0, 1.0)

        # 5. spillover, synchronous, among non-dropped firms
        if len(src):
            alive_j = active[dst]
            gain = np.maximum(0.0, kappa[dst] - kappa[src]) * alive_j[:, None]
            tot = np.column_stack([np.bincount(src, weights=gain[:, j], minlength=N)
                                   for j in range(3)])
            coef = par["sigma"] * T[cl] * alpha * inv_deg * active
            kappa = kappa + coef[:, None] * tot

        # 6. technology imitation (all non-adopters), shares at the start of the step
        fA = np.bincount(src, weights=adopted[dst], minlength=N) * inv_deg
        imitate = ~adopted & (rng.random(N) < monthly(par["p_tech"] + par["q_tech"] * fA))
        adopted |= imitate

        # 7. market expansion (all firms), shares at the start of the step
        fE = np.bincount(src, weights=expanded[dst], minlength=N) * inv_deg
        lam = par["p0"] + par["pk"] * kappa[:, 2] + par["pA"] * adopted + par["q"] * fE
        newexp = ~expanded & (rng.random(N) < monthly(lam))
        expanded |= newexp
        if credit:
            kpi["expanded"] += np.count_nonzero(newexp & active)

        # 8. joint purchasing, 9. process savings, 10. accounting
        if credit:
            saving = np.zeros(N)
            if t >= sc.diag:
                pooled = T >= par["thetaJ"]
                vol = par["psi"] * phi * C0 * active
                V = np.bincount(cl, weights=vol, minlength=C)
                dc = np.where(pooled, par["dmax"] * -np.expm1(-V / par["V0"]), 0.0)
                saving += dc[cl] * vol / 12.0
            m = kappa[:, :2].mean(axis=1)
            Ct = C0 * np.exp(-par["gamma"] * (m - m0)) * (1 - par["tauA"] * adopted)
            saving += (C0 - Ct) / 12.0
            kpi["cost_reduction_thb"] += float(saving[active].sum())
            kpi["added_revenue_thb"] += float(
                (R0[active & expanded] * par["uplift"] / 12.0).sum())
        newdev = ~dev & (n_m >= par["min_months"])
        dev |= newdev
        if credit:
            kpi["developed"] += np.count_nonzero(newdev & active)

    spent = int(spent_m.sum() + spent_n.sum() + spent_t.sum())
    kpi["spent_thb"] = spent / 100.0
    kpi["unspent_thb"] = (s["alloc_total"] - spent) / 100.0
    return [kpi[k] for k in KPIS]


def fnv1a64(data):
    """FNV-1a 64 of the scenario file: the C++ test checks the table is for its scenario."""
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def _worker(args):
    path, seed, reps, L = args
    sc = Scenario(path)
    return [replicate(sc, seed, r, L) for r in reps]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default=os.path.join(SOURCE_DIR, "scenarios", "osmep_2015.yaml"))
    ap.add_argument("--replications", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20150320)
    ap.add_argument("--engagement-months", type=int, default=0,
                    help="L of docs/model.md §5 step 2; 0 = the v1 rule (default)")
    ap.add_argument("--jobs", type=int, default=1, help="processes (results do not depend on it)")
    ap.add_argument("--output", default=os.path.join(HERE, "expected_kpis.tsv"))
    ap.add_argument("--values", help="also write every replication's KPIs to this TSV file")
    args = ap.parse_args()

    t0 = time.time()
    Scenario(args.scenario)  # fail early on a bad file
    R = args.replications
    step = 50
    chunks = [(args.scenario, args.seed, list(range(i, min(R, i + step))), args.engagement_months)
              for i in range(0, R, step)]
    rows = []
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            for part in pool.imap(_worker, chunks):
                rows += part
                print(f"{len(rows)}/{R}", file=sys.stderr, flush=True)
    else:
        for ch in chunks:
            rows += _worker(ch)
            print(f"{len(rows)}/{R}", file=sys.stderr, flush=True)
    values = np.array(rows)
    wall = time.time() - t0
    tm = os.times()
    cpu = tm.user + tm.system + tm.children_user + tm.children_system

    if args.values:
        with open(args.values, "w", encoding="utf-8") as f:
            f.write("replication\t" + "\t".join(KPIS) + "\n")
            for r, row in enumerate(rows):
                f.write(f"{r}\t" + "\t".join(repr(float(v)) for v in row) + "\n")

    rel = os.path.relpath(args.scenario, SOURCE_DIR)
    command = (f"/usr/bin/python3 tests/docking/model.py --scenario {rel} --replications {R} "
               f"--seed {args.seed} --engagement-months {args.engagement_months} --jobs {args.jobs}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("# Final KPIs of docs/model.md §7 from tests/docking/model.py, an implementation of\n"
                "# docs/model.md written from the text only; tests/model/docking_test.cpp compares\n"
                "# the C++ engine with it. Regenerate with the command below (tests/docking/README.md).\n")
        f.write(f"# command: {command}\n")
        f.write(f"# scenario: {rel}\n")
        f.write(f"# scenario_fnv1a64: {fnv1a64(open(args.scenario, 'rb').read())}\n")
        f.write(f"# seed: {args.seed}\n")
        f.write(f"# replications: {R}\n")
        f.write(f"# engagement_months: {args.engagement_months}"
                f"{' (v1 rule: monthly re-ranking)' if args.engagement_months == 0 else ''}\n")
        f.write(f"# wall_time_s: {wall:.1f} ({args.jobs} process{'es' if args.jobs > 1 else ''})\n")
        f.write(f"# cpu_time_s: {cpu:.1f}\n")
        f.write(f"# date: {datetime.date.today().isoformat()}\n")
        f.write(f"# python {sys.version.split()[0]}, numpy {np.__version__}\n")
        f.write("kpi\tmean\tsd\tn\n")
        for j, k in enumerate(KPIS):
            col = values[:, j]
            if np.all(col == col[0]):  # exactly 0, not the rounding noise of a float mean
                mean, sd = float(col[0]), 0.0
            else:
                mean = math.fsum(col) / len(col)
                sd = math.sqrt(math.fsum((col - mean) ** 2) / (len(col) - 1))
            f.write(f"{k}\t{mean!r}\t{sd!r}\t{len(col)}\n")
    print(open(args.output, encoding="utf-8").read())


if __name__ == "__main__":
    main()
