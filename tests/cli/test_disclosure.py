# SPDX-License-Identifier: MIT
"""Disclosure control: an attacker who knows every published cell and the table's additive
structure solves for each withheld cell by linear programming; no withheld count may be
pinned to a single value. Internal (unsuppressed) totals equal the published ones."""
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog

from trygg_cli import fill_sparse, query, run_pipeline
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
            if cells.get(cell, 0) is None:  # incident_counts is sparse: a missing row is 0
                row[col[cell]] += sign
            else:
                rhs -= sign * cells.get(cell, 0)
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
    truth, published = fill_sparse(truth, published)
    assert all(v == truth[k] for k, v in published.items() if v is not None)
    assert all(v is not None for v in truth.values())


def secret_file(tmp_path):
    path = tmp_path / "cell_key_secret.txt"
    path.write_text("a secret only the statistics office knows\n", encoding="utf-8")
    return path


def cell_key_run(tmp_path, name, privacy="publish", age_bands=None):
    out = tmp_path / f"{name}.gpkg"
    doc = example_pipeline(out, privacy)
    for stage in doc["pipeline"]:
        if stage["type"] == "aggregate":
            stage["disclosure"] = "cell_key"
            stage["cell_key_secret_file"] = str(secret_file(tmp_path))
            if age_bands:
                stage["age_bands"] = age_bands
    assert run_pipeline(tmp_path, doc).returncode == 0
    sql = "select kod, period, grupp, kon, aldersgrupp, antal, undertryckt from incident_counts"
    return out, {r[:5]: (r[5], r[6]) for r in query(out, sql)}


def test_cell_key_noise_is_small_unbiased_and_withholds_nothing(tmp_path):
    _, noisy = cell_key_run(tmp_path, "noisy")
    _, truth = cell_key_run(tmp_path, "truth", "internal")  # internal runs are never perturbed
    noisy, truth = fill_sparse(noisy, truth, empty=(0, 0))
    diffs = []
    for key, (value, hidden) in noisy.items():
        true_value = truth[key][0]
        assert hidden == 0 and value is not None and value >= 0, key
        assert abs(value - true_value) <= 2, key
        if true_value == 0:
            assert value == 0, key  # no incidents, no key, no noise
        else:
            diffs.append(value - true_value)
    assert sum(d != 0 for d in diffs) > len(diffs) / 3  # about half the cells move
    # Mean 0 by the table's design: over thousands of cells the average is near 0
    # (SD of the mean ≈ sqrt(0.8 / n)).
    assert abs(sum(diffs) / len(diffs)) < 5 * (0.8 / len(diffs)) ** 0.5
    meta = dict(query(tmp_path / "noisy.gpkg", "select key, value from run_manifest"))
    assert '"cell_key"' in meta["disclosure"]


def test_cell_key_noise_is_the_same_for_the_same_incidents_in_any_table(tmp_path):
    # Different age bands make different tables, but a district's all-ages cells hold the same
    # incidents: they must carry the same noise, and a repeated run the same everywhere.
    _, first = cell_key_run(tmp_path, "a")
    _, again = cell_key_run(tmp_path, "b")
    _, other = cell_key_run(tmp_path, "c", age_bands=[0, 30, 60])
    assert first == again
    same = [k for k in first if k[4] == "alla"]
    assert len(same) > 1000
    assert all(first[k] == other[k] for k in same)
