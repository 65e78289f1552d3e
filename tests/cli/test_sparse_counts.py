# SPDX-License-Identifier: MIT
"""Issue 20: incident_counts is sparse. Its rows are every total (kod 'totalt', or kon and
aldersgrupp 'alla') and every other cell that says something (a count other than 0, withheld,
...); a missing row is a count of 0. The expected rows are counted by hand from planted
incidents; a withheld cell stays a row, flagged, without its count."""
from trygg_cli import ROOT, query, run_pipeline

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
CATALOGUE = str(ROOT / "geodata/catalog/brottskoder.csv")
A, B = "9999C0010", "9999C0020"
BANDS = ["0-17", "18-24", "25-44", "45-64", "65-"]

# Planted: 6 assaults (0355, group vald) in A by men aged 30; 2 in B by women aged 70; all in 2024.
PLANTED = [(A, "M", 30)] * 6 + [(B, "K", 70)] * 2


def pipeline(tmp_path, out, suppress_below, privacy="publish"):
    csv = tmp_path / "incidents.csv"
    lines = ["id,brottsdatum,brottskod,deso,kon,alder"]
    lines += [f"P{i},2024-0{1 + i % 9}-10 12:00,0355,{kod},{sex},{age}" for i, (kod, sex, age) in enumerate(PLANTED)]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"privacy": privacy, "seed": 1, "pipeline": [
        {"type": "read.districts", "path": GPKG, "layer": "delomraden", "code": "kod", "name": "namn"},
        {"type": "read.incidents", "path": str(csv), "catalogue": CATALOGUE, "from": "2024-01-01", "to": "2024-12-31",
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "area_code": "deso",
                    "sex": "kon", "age": "alder"}},
        {"type": "assign"},
        {"type": "aggregate", "period": "year", "age_bands": [0, 18, 25, 45, 65], "suppress_below": suppress_below},
        {"type": "write.gpkg", "path": str(out)}]}


def district_codes():
    return [k for (k,) in query(GPKG, "select kod from delomraden")]


def test_rows_are_the_totals_and_the_hand_counted_cells(tmp_path):
    out = tmp_path / "sparse.gpkg"
    result = run_pipeline(tmp_path, pipeline(tmp_path, out, 0))
    assert result.returncode == 0, result.stderr
    rows = query(out, "select kod, period, grupp, kon, aldersgrupp, antal, undertryckt from incident_counts")
    groups = sorted({g for (_, _, g, _, _, _, _) in rows})
    assert "vald" in groups and len(groups) > 1
    # The cells other than totals that are not 0, by hand: A man/alla, man/25-44, alla/25-44 = 6;
    # B kvinna/alla, kvinna/65-, alla/65- = 2; the same for the whole area (totalt).
    expected_cells = {(A, "man", "alla"): 6, (A, "man", "25-44"): 6, (A, "alla", "25-44"): 6,
                      (B, "kvinna", "alla"): 2, (B, "kvinna", "65-"): 2, (B, "alla", "65-"): 2}
    vald = [r for r in rows if r[2] == "vald"]
    not_totals = {(k, s, a): n for (k, p, g, s, a, n, _) in vald if k != "totalt" and (s, a) != ("alla", "alla")}
    assert not_totals == expected_cells
    # Every district has its total row (alla/alla): 6 in A, 2 in B, else 0.
    totals = {k: n for (k, p, g, s, a, n, _) in vald if k != "totalt" and (s, a) == ("alla", "alla")}
    assert totals == {k: (6 if k == A else 2 if k == B else 0) for k in district_codes()}
    # The groups no planted code falls in are not in the source: 'ej i källan' is no 0, so each
    # of their cells stays a row (antal empty), as in the full table.
    others = [r for r in rows if r[2] != "vald"]
    assert len(others) == (len(groups) - 1) * (len(district_codes()) + 1) * 4 * 7
    assert {(n, hidden) for (_, _, _, _, _, n, hidden) in others} == {(None, 0)}
    # The whole area stays dense: 4 sexes × (alla + 5 bands + okänd) per group.
    whole = {(g, s, a): n for (k, p, g, s, a, n, _) in vald if k == "totalt"}
    assert len(whole) == 4 * 7
    assert whole[("vald", "alla", "alla")] == 8 and whole[("vald", "man", "25-44")] == 6
    assert whole[("vald", "kvinna", "65-")] == 2 and whole[("vald", "okänd", "alla")] == 0
    assert {p for (_, p, _, _, _, _, _) in rows} == {"2024"}
    # The rule is said where the table is.
    (desc,) = query(out, "select description from gpkg_contents where table_name = 'incident_counts'")[0]
    assert "a missing row is a count of 0" in desc


def test_a_withheld_cell_is_still_a_flagged_row(tmp_path):
    out = tmp_path / "suppressed.gpkg"
    result = run_pipeline(tmp_path, pipeline(tmp_path, out, 5))
    assert result.returncode == 0, result.stderr
    rows = query(out, "select kod, grupp, kon, aldersgrupp, antal, antal_visning, undertryckt from incident_counts "
                      "where kod <> 'totalt' and grupp = 'vald'")
    cells = {(k, s, a): (n, shown, hidden) for (k, g, s, a, n, shown, hidden) in rows}
    # B's cells hold 2 incidents (below 5): each is a row, withheld, with no count.
    for cell in [(B, "kvinna", "alla"), (B, "kvinna", "65-"), (B, "alla", "65-"), (B, "alla", "alla")]:
        assert cells[cell] == (None, "..", 1), cell
    # Nothing else is a row unless it is a total, withheld, or a count other than 0; a
    # withheld cell that holds 0 (a partner withheld so the small ones cannot be had by
    # differencing) is a row too, so the sparse table shows every withheld cell the dense one does.
    for (k, s, a), (n, shown, hidden) in cells.items():
        assert (s, a) == ("alla", "alla") or hidden == 1 or n != 0, (k, s, a)
    assert all(n is None for (n, shown, hidden) in cells.values() if hidden)
    # The internal run (no suppression) has a non-zero count in each of B's primary cells, and the
    # published table has a row for every cell the internal one holds, withheld or not.
    inner = tmp_path / "internal.gpkg"
    assert run_pipeline(tmp_path, pipeline(tmp_path, inner, 5, privacy="internal")).returncode == 0
    internal_cells = {(k, s, a) for (k, s, a) in query(inner, "select kod, kon, aldersgrupp from incident_counts "
                                                              "where kod <> 'totalt' and grupp = 'vald'")}
    assert internal_cells <= set(cells)
