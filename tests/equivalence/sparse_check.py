#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 20: checks a sparse incident_counts against the dense one of main (usage: sparse_check.py DENSE.gpkg SPARSE.gpkg [TABLE...]): every sparse row equals its
dense row, and every dense row missing from the sparse table is an empty cell (the rule)."""
import sqlite3, sys
dense, sparse = sys.argv[1], sys.argv[2]
tables = sys.argv[3:] or ["incident_counts"]
for t in tables:
    q = f"SELECT * FROM {t}"
    def rows(p):
        c = sqlite3.connect(p); cur = c.execute(q); names = [d[0] for d in cur.description]
        out = {}
        for r in cur:
            d = dict(zip(names, r)); d.pop("fid")
            out[(d["kod"], d["period"], d["grupp"], d["kon"], d["aldersgrupp"])] = d
        return out
    D, S = rows(dense), rows(sparse)
    assert set(S) <= set(D), "sparse has rows dense lacks"
    bad = [k for k in S if S[k] != D[k]]
    assert not bad, ("changed rows", bad[:3])
    missing = [D[k] for k in D if k not in S]
    for d in missing:
        assert d["antal"] == 0 and d["antal_visning"] == "0" and d["undertryckt"] == 0, d
        assert d["befolkning"] is None and d["saknas_orsak"] is None, d
        assert d["forandring"] in (None, 0.0) and d["per_km2"] in (None, 0.0), d
        assert d["kon"] != "alla" or d["aldersgrupp"] != "alla", d
        assert d["kod"] != "totalt", d
    print(f"{t}: dense {len(D)} rows, sparse {len(S)}, {len(missing)} left out, all empty cells")
