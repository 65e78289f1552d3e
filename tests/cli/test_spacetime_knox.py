# SPDX-License-Identifier: MIT
"""Knox test, near-repeat table and time profiles end to end (issue 19, part knox).

Exempelstad's inbrott.csv holds a planted near-repeat process (geodata/generator/
near_repeat_process.py: each burglary triggers a follow-up within 200 m and 1-14 days with
probability 0.35). The near-repeat bands inside 200 m and 14 days must be found on it, and
none on a copy whose times are shuffled over the rows. The Knox table and the time profile
are checked against an independent recount of the CSV in Python.
"""
import csv
import json
import random
from collections import Counter
from datetime import datetime

import numpy as np
from osgeo import ogr

from trygg_cli import ROOT, manifest, query, run_pipeline, run_trygg

GEO = ROOT / "geodata" / "exempelstad"
BURGLARIES = GEO / "inbrott.csv"
PLANTED_M, PLANTED_DAYS = 200.0, 14.0
THRESHOLD = 5
# 6 distance rows (0, (0,100], ..., (400,500]) x 4 time bands: a cell is "found" at
# p <= 0.05 / 24 (Bonferroni; the smallest pseudo p with 999 permutations is 0.001).
FOUND_P = 0.05 / 24


def pipeline(out, incidents=BURGLARIES, privacy="internal", threads=None, extra=()):
    doc = {
        "privacy": privacy,
        "seed": 20240101,
        "pipeline": [
            {"type": "read.districts", "tag": "districts", "path": str(GEO / "exempelstad.gpkg"),
             "layer": "delomraden", "code": "kod", "name": "namn"},
            {"type": "read.incidents", "tag": "incidents", "path": str(incidents),
             "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"},
             "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
            {"type": "assign", "inputs": ["incidents", "districts"]},
            {"type": "knox", "tag": "knox", "distance": PLANTED_M, "days": PLANTED_DAYS, "permutations": 999},
            {"type": "near_repeat", "tag": "nara", "distance_band": 100, "distance_bands": 5, "day_band": 7,
             "day_bands": 4, "same_location": True, "permutations": 999},
            {"type": "time_profile", "tag": "tidsprofil"},
            *extra,
            {"type": "write.gpkg", "path": str(out)},
        ],
    }
    if threads is not None:
        doc["threads"] = threads
    return doc


def read_events(path=BURGLARIES):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    x = np.array([float(r["x"]) for r in rows])
    y = np.array([float(r["y"]) for r in rows])
    when = [datetime.strptime(r["brottsdatum"], "%Y-%m-%d %H:%M") for r in rows]
    day = np.array([w.toordinal() for w in when], dtype=float)
    return x, y, day, when


def near_repeat_rows(gpkg):
    cols = ("avstand_fran_m", "avstand_till_m", "dagar_fran", "dagar_till", "observerat", "forvantat",
            "knox_kvot", "p_hog")
    return [dict(zip(cols, r)) for r in query(gpkg, f"select {', '.join(cols)} from nara_upprepning order by fid")]


def planted(row):
    return row["avstand_till_m"] <= PLANTED_M and row["dagar_till"] <= PLANTED_DAYS


def test_planted_near_repeat_bands_found_and_knox_table_equals_a_recount(tmp_path):
    out = tmp_path / "nr.gpkg"
    r = run_pipeline(tmp_path, pipeline(out))
    assert r.returncode == 0, r.stderr
    rows = near_repeat_rows(out)
    assert len(rows) == 6 * 4
    inside = [row for row in rows if planted(row)]
    outside = [row for row in rows if not planted(row)]
    assert len(inside) == 3 * 2
    # Every band with distance > 0 inside the planted reach is found; distance 0 (the same
    # address) is found too where follow-ups hit it often enough, but not required.
    for row in inside:
        if row["avstand_till_m"] > 0:
            assert row["knox_kvot"] > 1.5 and row["p_hog"] <= FOUND_P, row
    for row in outside:
        assert row["p_hog"] > FOUND_P, row
    # Knox 2x2 table against a brute-force recount of the CSV (all rows lie in a district).
    x, y, day, _ = read_events()
    n = len(x)
    i, j = np.triu_indices(n, 1)
    close_space = np.hypot(x[i] - x[j], y[i] - y[j]) <= PLANTED_M
    close_time = np.abs(day[i] - day[j]) <= PLANTED_DAYS
    both = int(np.sum(close_space & close_time))
    got = query(out, "select handelser, par_totalt, nara_bada, nara_rum, nara_tid, ingen, forvantat_bada, "
                     "p_poisson_storre, p_poisson_minst, p_sim from knox")[0]
    S, T, N = int(close_space.sum()), int(close_time.sum()), n * (n - 1) // 2
    assert got[:6] == (n, N, both, S - both, T - both, N - S - T + both)
    assert abs(got[6] - S * T / N) < 1e-9 * S * T / N
    assert got[7] < 1e-6 and got[8] < 1e-6 and got[9] == 0.001
    # The near-repeat cells inside 200 m and 14 days hold the Knox table's close pairs.
    assert sum(r["observerat"] for r in inside) == both


def test_no_near_repeat_found_on_a_time_shuffled_copy(tmp_path):
    with open(BURGLARIES, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    times = [r["brottsdatum"] for r in rows]
    random.Random(7).shuffle(times)
    shuffled = tmp_path / "inbrott_shuffled.csv"
    with open(shuffled, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for r, t in zip(rows, times):
            w.writerow({**r, "brottsdatum": t})
    out = tmp_path / "shuffled.gpkg"
    r = run_pipeline(tmp_path, pipeline(out, incidents=shuffled))
    assert r.returncode == 0, r.stderr
    for row in near_repeat_rows(out):
        assert row["p_hog"] > FOUND_P, row
        if planted(row) and row["avstand_till_m"] > 0:
            assert row["knox_kvot"] < 1.3, row
    (p_sim,) = query(out, "select p_sim from knox")[0]
    assert p_sim > 0.05


def test_same_result_for_any_thread_count(tmp_path):
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    assert run_pipeline(tmp_path / "1", pipeline(a, threads=1)).returncode == 0
    assert run_pipeline(tmp_path / "2", pipeline(b, threads=2)).returncode == 0
    sql = "select * from nara_upprepning order by fid"
    assert query(a, sql) == query(b, sql)
    sql = "select * from knox"
    assert query(a, sql) == query(b, sql)


def district_of():
    ds = ogr.Open(str(GEO / "exempelstad.gpkg"))
    layer = ds.GetLayerByName("delomraden")
    polys = [(f.GetField("kod"), f.GetGeometryRef().Clone()) for f in layer]

    def find(px, py):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(px, py)
        hits = [k for k, g in polys if g.Intersects(p)]
        return hits[0] if hits else None
    return find


def test_time_profile_equals_a_recount_and_publishes_suppressed(tmp_path):
    out = tmp_path / "internal.gpkg"
    assert run_pipeline(tmp_path, pipeline(out)).returncode == 0
    x, y, _, when = read_events()
    find = district_of()
    want = Counter((find(px, py), w.weekday(), w.hour) for px, py, w in zip(x, y, when))
    hours = ", ".join(f"h{h:02d}" for h in range(24))
    got = Counter()
    for kod, dag, *cells in query(out, f"select kod, veckodag_nr, {hours} from tidsprofil"):
        for h, v in enumerate(cells):
            if v:
                got[(kod, dag - 1, h)] = v
    assert got == +want
    # Published: no count from 1 to 4; a district's withheld cells never stand alone (its total
    # would give one back), and the totals equal the recount where published.
    pub = tmp_path / "pub.gpkg"
    (tmp_path / "p").mkdir()
    r = run_pipeline(tmp_path / "p", pipeline(pub, privacy="publish"))
    assert r.returncode == 0, r.stderr
    per_district = {}
    for kod, total, *cells in query(pub, f"select kod, antal_totalt, {hours} from tidsprofil order by kod, veckodag_nr"):
        per_district.setdefault(kod, [total, []])[1].extend(cells)
    # Every burglary has a clock time: the date-only column is 0 everywhere (published).
    assert query(pub, "select count(*) from tidsprofil where utan_klockslag is null or utan_klockslag <> 0") == [(0,)]
    totals = Counter(k for (k, _, _) in want.elements())
    withheld_any = False
    for kod, (total, cells) in per_district.items():
        assert len(cells) == 168
        assert all(v is None or v == 0 or v >= THRESHOLD for v in cells)
        hidden = sum(v is None for v in cells)
        withheld_any |= hidden > 0
        assert hidden != 1, kod
        if total is not None:
            assert total == totals[kod]
            assert sum(v for v in cells if v is not None) + sum(
                want[(kod, k // 24, k % 24)] for k, v in enumerate(cells) if v is None) == total
    assert withheld_any
    # Pair counts under the threshold are withheld with their ratio and p.
    for obs, ratio, p in query(pub, "select observerat, knox_kvot, p_hog from nara_upprepning"):
        assert obs is None or obs == 0 or obs >= THRESHOLD
        if obs is None:
            assert ratio is None and p is None
    m = manifest(pub)
    assert "knox" in m and "near_repeat" in m


def test_stages_listed_and_bad_options_named(tmp_path):
    r = run_trygg("stages")
    assert r.returncode == 0
    for name in ("knox", "near_repeat", "time_profile", "distance_band", "day_bands", "same_location"):
        assert name in r.stdout, name
    out = tmp_path / "bad.gpkg"
    doc = pipeline(out)
    doc["pipeline"][3]["distance"] = -5
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 3
    assert "knox: \"distance\" must be positive" in r.stderr.strip().splitlines()[-1]
    doc = pipeline(out)
    doc["pipeline"][4]["group"] = "inbrott"
    r = run_pipeline(tmp_path, doc)
    assert r.returncode in (3, 4), r.stderr
    assert "nara: crime group 'inbrott'" in r.stderr


def test_knox_row_withheld_when_a_near_repeat_cell_inside_its_reach_is(tmp_path):
    """The knox count within 200 m and 14 days is the sum of the near-repeat cells inside that
    reach (the band edges meet it): with a threshold of 7 the same-address cell [0, 7] (6
    pairs) is withheld, alone inside the reach, so the knox row must not publish the count that
    gives it back (tests/attack pins that cell when it does)."""
    def run(threshold, name):
        folder = tmp_path / name
        folder.mkdir()
        out = folder / "pub.gpkg"
        doc = pipeline(out, privacy="publish")
        for stage in doc["pipeline"]:
            if stage["type"] in ("knox", "near_repeat"):
                stage["suppress_below"] = threshold
        r = run_pipeline(folder, doc)
        assert r.returncode == 0, r.stderr
        return out
    strict = run(7, "strict")
    withheld = query(strict, "select count(*) from nara_upprepning where observerat is null and avstand_till_m <= 200 "
                             "and dagar_till <= 14")[0][0]
    assert withheld == 1
    both, ratio, p, note = query(strict, "select nara_bada, knox_kvot, p_sim, anmarkning from knox")[0]
    assert both is None and ratio is None and p is None and "nara_upprepning" in note
    default = run(THRESHOLD, "default")
    assert query(default, "select count(*) from nara_upprepning where observerat is null and avstand_till_m <= 200 "
                          "and dagar_till <= 14")[0][0] == 0
    assert query(default, "select nara_bada from knox")[0][0] is not None
