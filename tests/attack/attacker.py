# SPDX-License-Identifier: MIT
"""The LP attacker of issue 14 (README, "What a publication guarantees"): reads every file one run
publishes, writes down every linear relation between the published numbers, and solves for
each withheld value its minimum and maximum by linear programming (integrality relaxed).

Two attacker models:
  A: withheld values >= 0;
  B: withheld values >= 1 ("withheld means non-empty", since zeros are published); a connected
     block where B is infeasible has refuted the guess and is skipped.
A withheld value is pinned when min == max (within the tolerance of its table), except a value
pinned at 0 by a relation whose published total is 0 (nothing to protect).

The published files and their relations are read by published_relations.py.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from published_relations import Problem, build  # noqa: F401 (Problem: the self-tests build their own)

CAP = 1e7  # an upper bound on every unknown keeps each LP bounded; no pinned value is near it


@dataclass
class Pinned:
    table: str
    key: tuple
    value: float
    model: str  # "A", "B", "published" (withheld in one file, published in another) or
    #             "derived" (a published figure computed from it inverts to it)

    def __str__(self):
        return f"{self.table} {self.key} = {self.value:g} (model {self.model})"


@dataclass
class Result:
    pinned: list = field(default_factory=list)
    withheld: dict = field(default_factory=dict)      # table -> number of withheld values
    skipped_b: int = 0                                # blocks where model B is infeasible
    inconsistent: list = field(default_factory=list)  # relations the published data violate
    blocks: int = 0

    def counts(self, model=None):
        out = defaultdict(int)
        for p in self.pinned:
            if model is None or p.model == model:
                out[p.table] += 1
        return dict(out)

    def pinned_keys(self):
        """Distinct pinned values per table (a value pinned in both models counts once)."""
        out = defaultdict(set)
        for p in self.pinned:
            out[p.table].add(p.key)
        return {t: len(k) for t, k in out.items()}


def _linprog(c, a_ub, b_ub, a_eq, b_eq, bounds):
    return linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")


class _System:
    """All relations with an unknown, as two sparse matrices over the unknowns (known values
    moved to the right-hand side); a batch is a set of connected blocks (their LPs separate)."""

    def __init__(self, problem, unknown, rows):
        col = {k: i for i, k in enumerate(unknown)}
        parts = {"==": ([], [], [], []), "<=": ([], [], [], [])}
        for terms, sense, rhs, _, slack in rows:
            data, rr, cc, b = parts[sense]
            r = len(b)
            for c, k in terms:
                if k in col:
                    data.append(c)
                    rr.append(r)
                    cc.append(col[k])
                else:
                    rhs -= c * problem.known[k]
            b.append(rhs + slack)
        n = len(unknown)
        self.a = {s: sparse.csr_matrix((p[0], (p[1], p[2])), shape=(len(p[3]), n)) for s, p in parts.items()}
        self.b = {s: np.array(p[3]) for s, p in parts.items()}
        # the block of each row: the block of its first unknown
        self.row_col = {s: np.asarray(m.indices[m.indptr[:-1]]) for s, m in self.a.items()}

    def batch(self, cols, label, blocks):
        """(a_ub, b_ub, a_eq, b_eq) restricted to the columns `cols` of the blocks `blocks`."""
        out = []
        for s in ("<=", "=="):
            rows = np.nonzero(np.isin(label[self.row_col[s]], blocks))[0] if len(self.b[s]) else []
            if len(rows) == 0:
                out += [None, None]
            else:
                out += [self.a[s][rows][:, cols], self.b[s][rows]]
        return out


def _solve_batch(lp, n, offsets, tol, lower, rng, trials=4, sweeps=16):
    """min and max of every unknown of a batch of blocks solved together (their LPs separate).
    Random objectives, then random objectives on the still-unmoved unknowns, find the unknowns
    that surely are not pinned; each remaining one is minimised and maximised, one per block
    per LP. Returns (lo, hi) (the seen range for unknowns that moved), or None if infeasible."""
    a_ub, b_ub, a_eq, b_eq = lp
    bounds = np.column_stack([lower, np.full(n, CAP)])
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    seen_min = np.full(n, np.inf)
    seen_max = np.full(n, -np.inf)
    done = np.zeros(n, dtype=bool)

    def run(c):
        res = _linprog(c, a_ub, b_ub, a_eq, b_eq, bounds)
        if res.status == 2:
            return None
        if res.status != 0:
            raise RuntimeError(f"LP failed: {res.message}")
        np.minimum(seen_min, res.x, out=seen_min)
        np.maximum(seen_max, res.x, out=seen_max)
        return res

    if run(np.zeros(n)) is None:
        return None
    for _ in range(trials):
        run(rng.uniform(0.1, 1.0, n) * rng.choice([-1.0, 1.0], n))
    idle = 0
    for _ in range(sweeps):
        stuck = seen_max - seen_min <= tol
        before = stuck.sum()
        if not before:
            break
        for sign in (1.0, -1.0):
            c = np.zeros(n)
            c[stuck] = sign * rng.uniform(0.1, 1.0, before) * rng.choice([1.0, 1.0, 1.0, -1.0], before)
            run(c)
        idle = idle + 1 if (seen_max - seen_min <= tol).sum() == before else 0
        if idle == 2:
            break
    # one LP per direction shows many stuck unknowns can move: maximise the sum of steps
    # t_s <= +-(x_s - v_s), 0 <= t_s <= delta, from their one seen value v_s
    for _ in range(3):
        stuck = np.nonzero(seen_max - seen_min <= tol)[0]
        if not len(stuck):
            break
        before = len(stuck)
        m = len(stuck)
        v = seen_min[stuck]
        delta = np.maximum(1e-3, 10 * tol[stuck])
        eye_t = sparse.identity(m, format="csr")
        pick = sparse.csr_matrix((np.ones(m), (np.arange(m), stuck)), shape=(m, n))
        pad = lambda a: None if a is None else sparse.hstack([a, sparse.csr_matrix((a.shape[0], m))]).tocsr()  # noqa: E731
        for sign in (1.0, -1.0):
            rows = sparse.hstack([-sign * pick, eye_t]).tocsr()
            a_ub2 = rows if a_ub is None else sparse.vstack([pad(a_ub), rows]).tocsr()
            b_ub2 = -sign * v if b_ub is None else np.concatenate([b_ub, -sign * v])
            bounds2 = np.vstack([bounds, np.column_stack([np.zeros(m), delta])])
            c = np.concatenate([np.zeros(n), -np.ones(m)])
            res = _linprog(c, a_ub2, b_ub2, pad(a_eq), b_eq, bounds2)
            if res.status != 0:
                raise RuntimeError(f"LP failed: {res.message}")
            x = res.x[:n]
            np.minimum(seen_min, x, out=seen_min)
            np.maximum(seen_max, x, out=seen_max)
        if (seen_max - seen_min <= tol).sum() == before:
            break
    while True:
        todo = np.nonzero((seen_max - seen_min <= tol) & ~done)[0]
        if not len(todo):
            break
        _, first = np.unique(np.searchsorted(offsets, todo, side="right"), return_index=True)
        picked = todo[first]
        for sign, out in ((1.0, lo), (-1.0, hi)):
            c = np.zeros(n)
            c[picked] = sign
            out[picked] = run(c).x[picked]
        done[picked] = True
    moved = seen_max - seen_min > tol
    lo[moved] = seen_min[moved]
    hi[moved] = seen_max[moved]
    return lo, hi


def solve(problem, models=("A", "B"), batch_vars=20000, seed=1):
    """Min and max of every withheld value in each model; returns a Result."""
    rng = np.random.default_rng(seed)
    result = Result(inconsistent=list(problem.inconsistent))
    for key in problem.withheld:
        result.withheld[key[0]] = result.withheld.get(key[0], 0) + 1
    for (table, _), n in problem.unsolved.items():
        result.withheld[table] = result.withheld.get(table, 0) + n
    # withheld in one published file, published in another
    for key in sorted(problem.withheld & problem.known.keys(), key=str):
        result.pinned.append(Pinned(key[0], key[1:], problem.known[key], "published"))
    for key, figure in problem.derived:
        if key not in problem.known:
            result.pinned.append(Pinned(key[0], key[1:] + (figure,), float("nan"), "derived"))
    all_unknown = (problem.withheld | problem.free) - problem.known.keys()
    # Withheld values under a published total of 0 are 0 (all parts are >= 0): nothing to
    # protect, so they are not reported; they are substituted before the LPs. In
    # model B (>= 1) they refute the guess for every block they touch.
    zero = set()
    for terms, sense, rhs, total, slack in problem.rows:
        if total is not None and problem.known.get(total) == 0.0:
            zero.update(k for _, k in terms if k in all_unknown)
    for terms, sense, rhs, total, slack in problem.rows:
        if not any(k in all_unknown for _, k in terms):
            # a relation between published values only: checks the attacker's model
            lhs = sum(c * problem.known[k] for c, k in terms)
            if (abs(lhs - rhs) > 1e-6 + slack) if sense == "==" else (lhs > rhs + 1e-6 + slack):
                result.inconsistent.append(f"{sense} relation {terms} rhs {rhs}: lhs {lhs}")
    for model in models:
        _solve_model(problem, model, zero, result, rng, batch_vars)
    return result


def _solve_model(problem, model, zero, result, rng, batch_vars):
    known = dict(problem.known)
    known.update({k: 0.0 for k in zero})
    refuting = {k for k in zero if model == "B" and problem.lower_b[k] > 0}
    unknown = sorted((problem.withheld | problem.free) - known.keys(), key=str)
    if not unknown:
        result.skipped_b += len(refuting) > 0
        return
    col = {k: i for i, k in enumerate(unknown)}
    rows, refuted_cols = [], set()
    for row in problem.rows:
        terms = row[0]
        idx = [col[k] for _, k in terms if k in col]
        if idx:
            rows.append(row)
            if refuting and any(k in refuting for _, k in terms):
                refuted_cols.update(idx)
    view = Problem()
    view.known = known
    system = _System(view, unknown, rows)
    pattern = (abs(system.a["<="]).T @ abs(system.a["<="]) + abs(system.a["=="]).T @ abs(system.a["=="]))
    n_blocks, label = connected_components(pattern, directed=False)
    result.blocks = max(result.blocks, n_blocks)
    refuted_blocks = {label[c] for c in refuted_cols}
    result.skipped_b += len(refuted_blocks)
    order = np.argsort(label, kind="stable")
    sizes = np.bincount(label, minlength=n_blocks)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    tol_all = np.array([problem.tol[k] for k in unknown])
    lower_all = np.zeros(len(unknown)) if model == "A" else np.array([problem.lower_b[k] for k in unknown])
    # batches of blocks, smallest first; a block over 64 unknowns is a batch of its own
    batches, current, size = [], [], 0
    for b in np.argsort(sizes, kind="stable"):
        if b in refuted_blocks:
            continue
        if current and (size + sizes[b] > batch_vars or sizes[b] > 64):
            batches.append(current)
            current, size = [], 0
        current.append(b)
        size += sizes[b]
    if current:
        batches.append(current)

    def columns(blocks):
        cols = np.concatenate([order[starts[b]:starts[b + 1]] for b in blocks])
        offsets = np.concatenate([[0], np.cumsum(sizes[blocks])])
        return cols, offsets

    for batch in batches:
        cols, offsets = columns(batch)
        out = _solve_batch(system.batch(cols, label, batch), len(cols), offsets, tol_all[cols], lower_all[cols], rng)
        if out is not None:
            _collect(result, [unknown[i] for i in cols], out, tol_all[cols], model, zero, problem.free)
            continue
        for b in batch:  # some block is infeasible: solve them one by one
            cols, offsets = columns([b])
            one = _solve_batch(system.batch(cols, label, [b]), len(cols), offsets, tol_all[cols], lower_all[cols], rng)
            if one is not None:
                _collect(result, [unknown[i] for i in cols], one, tol_all[cols], model, zero, problem.free)
            elif model == "A":
                result.inconsistent.append(f"model A infeasible for the block of {unknown[cols[0]]}")
            else:
                result.skipped_b += 1


def _collect(result, keys, out, tol, model, zero_totals, free):
    lo, hi = out
    for k, a, z, t in zip(keys, lo, hi, tol):
        if k not in free and z - a <= t:
            if abs(a) <= t and k in zero_totals:
                continue
            result.pinned.append(Pinned(k[0], k[1:], float((a + z) / 2), model))


def attack(folder, surface_totals=None, catalogue=None, models=("A", "B")):
    """Read one run's published files and return the Result of both models."""
    return solve(build(folder, surface_totals, catalogue), models)


def summary(result):
    lines = [f"withheld: {json.dumps(result.withheld, sort_keys=True)}",
             f"pinned (distinct values): {json.dumps(result.pinned_keys(), sort_keys=True)}"]
    for model in ("published", "derived", "A", "B"):
        c = result.counts(model)
        if c:
            lines.append(f"pinned in model {model}: {json.dumps(c, sort_keys=True)}")
    if result.skipped_b:
        lines.append(f"model B infeasible (guess refuted) in {result.skipped_b} blocks")
    if result.inconsistent:
        lines.append(f"{len(result.inconsistent)} relations the published data violate, e.g. {result.inconsistent[:3]}")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse
    import time
    ap = argparse.ArgumentParser(description="LP attack on one run's published files")
    ap.add_argument("folder")
    ap.add_argument("--catalogue", help="crime catalogue CSV: use its group overlaps")
    ap.add_argument("--totals", help="JSON {\"grupp|period\": total} of grid surfaces")
    ap.add_argument("--show", type=int, default=5, help="pinned values to print per table")
    args = ap.parse_args()
    totals = None
    if args.totals:
        totals = {tuple(k.split("|", 1)): v for k, v in json.loads(Path(args.totals).read_text()).items()}
    t0 = time.time()
    problem = build(args.folder, totals, args.catalogue)
    t1 = time.time()
    res = solve(problem)
    print(summary(res))
    shown = defaultdict(int)
    for p in res.pinned:
        if shown[p.table] < args.show:
            print("  ", p)
            shown[p.table] += 1
    print(f"built in {t1 - t0:.1f} s, solved {res.blocks} blocks in {time.time() - t1:.1f} s")
