# SPDX-License-Identifier: MIT
"""The Mantel test end to end (stage mantel, issue 19 part measure) on Exempelstad's planted
near-repeat burglaries (inbrott.csv, as tests/cli/test_spacetime_knox.py): the statistic equals
a numpy computation of the standardized Mantel statistic (pointpats' definition: Pearson's r of
the transformed pair distances), the planted space-time interaction is found, and nothing is
found on a copy whose times are shuffled over the rows. The burkitt figures pointpats asserts
are checked in tests/reference/MantelReferenceTest.cpp."""
import csv
import random

import numpy as np

from test_spacetime_knox import BURGLARIES, GEO, read_events
from trygg_cli import ROOT, query, run_pipeline, trygg_exe

# Under the sanitizer build each permutation costs ~5x: 199 still resolves p <= 0.01 (the least
# p is 1/200) and keeps the CI's ASan pass minutes shorter; the release pass uses 999.
PERMUTATIONS = 199 if "asan" in trygg_exe() else 999


def pipeline(out, incidents=BURGLARIES, privacy="internal", threads=None, **options):
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
            {"type": "mantel", "tag": "mantel", "permutations": PERMUTATIONS, **options},
            {"type": "write.gpkg", "path": str(out)},
        ],
    }
    if threads is not None:
        doc["threads"] = threads
    return doc


def numpy_mantel(x, y, day, scon=1.0, spow=-1.0, tcon=1.0, tpow=-1.0):
    i, j = np.tril_indices(len(x), -1)
    s = (np.hypot(x[i] - x[j], y[i] - y[j]) + scon) ** spow
    t = (np.abs(day[i] - day[j]) + tcon) ** tpow
    return float(np.corrcoef(s, t)[0, 1])


def test_planted_interaction_found_and_statistic_equals_numpy(tmp_path):
    x, y, day, _ = read_events()
    results = {}
    for name, options in {"reciprocal": {}, "plain": {"space_constant": 0, "space_power": 1,
                                                      "time_constant": 0, "time_power": 1},
                          "squared": {"space_constant": 10, "space_power": -2, "time_constant": 2, "time_power": -0.5}}.items():
        out = tmp_path / f"{name}.gpkg"
        r = run_pipeline(tmp_path, pipeline(out, **options))
        assert r.returncode == 0, r.stderr
        results[name] = query(out, "select handelser, par_totalt, mantel_r, p_sim from mantel")[0]
        n, pairs, stat, _ = results[name]
        assert (n, pairs) == (len(x), len(x) * (len(x) - 1) // 2)
        kw = {"scon": options.get("space_constant", 1.0), "spow": options.get("space_power", -1.0),
              "tcon": options.get("time_constant", 1.0), "tpow": options.get("time_power", -1.0)}
        assert abs(stat - numpy_mantel(x, y, day, **kw)) < 1e-9, name
    # Near repeats within 200 m and 14 days: close pairs are close in time (reciprocal weights).
    assert results["reciprocal"][2] > 0 and results["reciprocal"][3] <= 0.01


def test_nothing_found_on_a_time_shuffled_copy_and_threads_do_not_matter(tmp_path):
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
    got = {}
    for threads in (1, 2):
        folder = tmp_path / str(threads)
        folder.mkdir()
        out = folder / "m.gpkg"
        assert run_pipeline(folder, pipeline(out, incidents=shuffled, threads=threads)).returncode == 0
        got[threads] = query(out, "select mantel_r, p_sim, sim_medel, sim_sd from mantel")[0]
    assert got[1] == got[2]
    assert got[1][1] > 0.05


def test_options_are_checked_before_reading(tmp_path):
    out = tmp_path / "x.gpkg"
    r = run_pipeline(tmp_path, pipeline(out, space_constant=0))
    assert r.returncode == 3 and "mantel:" in r.stderr and "constant" in r.stderr
    r = run_pipeline(tmp_path, pipeline(out, time_power=0))
    assert r.returncode == 3 and "mantel:" in r.stderr and "power" in r.stderr
