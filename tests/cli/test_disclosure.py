"""Disclosure control: an attacker who knows every published cell and the table's additive
structure solves for each withheld cell by linear programming; no withheld count may be
pinned to a single value. Internal (unsuppressed) totals equal the published ones."""
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog

from trygg_cli import query, run_pipeline
from test_exempelstad import example_pipeline


def slices(gpkg, periods):
    rows = query(gpkg, "select kod, period, grupp, kon, aldersgrupp, antal, undertryckt from incident_counts "
                       f"where period in ({','.join('?' * len(periods))})", *periods)
    out = defaultdict(dict)
    for kod, period, grupp, kon, alder, antal, hidden in rows:
        out[(period, grupp)][(kod, kon, alder)] = None if hidden else antal
    return out


def lines(cells):
    """The additive relations of one period × group: total = sum of parts, along each direction."""
    kods = sorted({k for k, _, _ in cells} - {"totalt"})
    sexes = ["man", "kvinna", "okänd"]
    ages = sorted({a for _, _, a in cells} - {"alla"})
    all_sexes = ["alla"] + sexes
    all_ages = ["alla"] + ages
    for s in all_sexes:
        for a in all_ages:
            yield ("totalt", s, a), [(k, s, a) for k in kods]
    for k in kods + ["totalt"]:
        for a in all_ages:
            yield (k, "alla", a), [(k, s, a) for s in sexes]
        for s in all_sexes:
            yield (k, s, "alla"), [(k, s, a) for a in ages]


def pinned_cells(cells):
    unknown = sorted(c for c, v in cells.items() if v is None)
    if not unknown:
        return []
    col = {c: i for i, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for total, parts in lines(cells):
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cells[cell] is None:
                row[col[cell]] += sign
            else:
                rhs -= sign * cells[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    pinned = []
    for cell, i in col.items():
        c = np.zeros(len(unknown))
        c[i] = 1.0
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert lo.status == 0, (cell, lo.message)
        if hi.status == 0 and abs(-hi.fun - lo.fun) < 0.5:
            pinned.append((cell, lo.fun))
    return pinned


def test_no_suppressed_cell_can_be_recovered_from_the_margins(tmp_path):
    out = tmp_path / "pub.gpkg"
    assert run_pipeline(tmp_path, example_pipeline(out)).returncode == 0
    # The two latest half-years: what a half-yearly report publishes side by side.
    tables = slices(out, ["2025H1", "2025H2"])
    withheld = sum(v is None for t in tables.values() for v in t.values())
    assert withheld > 100
    for key, cells in tables.items():
        assert pinned_cells(cells) == [], key


def test_published_totals_equal_the_internal_run(tmp_path):
    pub, internal = tmp_path / "pub.gpkg", tmp_path / "int.gpkg"
    assert run_pipeline(tmp_path, example_pipeline(pub)).returncode == 0
    assert run_pipeline(tmp_path, example_pipeline(internal, "internal")).returncode == 0
    sql = "select kod, period, grupp, kon, aldersgrupp, antal from incident_counts"
    truth = {r[:5]: r[5] for r in query(internal, sql)}
    published = {r[:5]: r[5] for r in query(pub, sql)}
    assert truth.keys() == published.keys()
    assert all(v == truth[k] for k, v in published.items() if v is not None)
    assert all(v is not None for v in truth.values())
