# SPDX-License-Identifier: MIT
"""Emerging hot spots and before/after evaluation (issue 19) end to end on Exempelstad.

Mann–Kendall is checked against scipy.stats.kendalltau (Kendall's tau-b against time,
asymptotic p) computed here on the counts the run publishes; categories against the rules
applied in Python to the published per-period significance; privacy: published runs hold no
z, p or trend that rests on withheld counts."""
import math
from collections import defaultdict

import pytest

from missing import import_or_fail
from trygg_cli import ROOT, query, run_pipeline, run_trygg

scipy_stats = import_or_fail("scipy.stats")  # python3-scipy, installed by scripts/setup

GEO = ROOT / "geodata" / "exempelstad"


def spine(out, privacy, extra):
    return {
        "privacy": privacy,
        "seed": 20240101,
        "pipeline": [
            {"type": "read.districts", "tag": "districts", "path": str(GEO / "exempelstad.gpkg"),
             "layer": "delomraden", "code": "kod", "name": "namn"},
            {"type": "read.incidents", "tag": "incidents", "path": str(GEO / "incidents.csv"),
             "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                        "area_code": "deso"},
             "crs": "EPSG:3006", "from": "2022-01-01", "to": "2025-12-31",
             "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
            {"type": "assign", "inputs": ["incidents", "districts"]},
            {"type": "aggregate", "inputs": ["assign"], "period": "half-year", "suppress_below": 5},
            {"type": "weights", "inputs": ["districts"], "method": "queen"},
            *extra,
            {"type": "write.gpkg", "path": str(out)},
        ],
    }


def emerging_stage(**options):
    return {"type": "emerging_hotspots", "tag": "eh", "group": "vald", "time_window": 1, **options}


def run(tmp_path, name, privacy, extra):
    out = tmp_path / f"{name}.gpkg"
    r = run_pipeline(tmp_path, spine(out, privacy, extra))
    assert r.returncode == 0, r.stderr
    return out


def counts_by_district(out, group="vald"):
    cols = {row[1] for row in query(out, "pragma table_info(incident_counts)")}
    where = " and ".join(f"{c}='alla'" for c in ("kon", "alder") if c in cols)
    rows = query(out, f"select kod, period, antal from incident_counts where grupp=? and kod is not null"
                      f"{' and ' + where if where else ''} order by kod, period", group)
    series = defaultdict(dict)
    for kod, period, antal in rows:
        series[kod][period] = antal
    return series


def test_mann_kendall_of_counts_equals_scipy_kendalltau(tmp_path):
    out = run(tmp_path, "internal", "internal", [emerging_stage()])
    periods = [p for (p,) in query(out, "select distinct period from eh_perioder order by period")]
    assert len(periods) >= 6
    series = counts_by_district(out)
    rows = query(out, "select kod, eh_trend_tau, eh_trend_z, eh_trend_p from delomraden order by kod")
    checked = 0
    for kod, tau, z, p in rows:
        y = [series[kod].get(period, 0) or 0 for period in periods]
        if len(set(y)) < 2:
            continue
        ref = scipy_stats.kendalltau(list(range(len(y))), y, method="asymptotic")
        assert tau == pytest.approx(ref.statistic, abs=1e-12), kod
        assert p == pytest.approx(ref.pvalue, abs=1e-12), kod
        # z = S / sqrt(Var S) has the sign of tau.
        assert math.copysign(1, z) == math.copysign(1, ref.statistic) or ref.statistic == 0
        checked += 1
    assert checked >= 10


def classify(sig, z_trend_p, z_trend_z, alpha=0.05):
    """The rules of docs/emerging-hotspots.md, written again here from the document."""
    n = len(sig)
    most = lambda k: k >= 0.9 * n - 1e-9  # noqa: E731
    last = sig[-1]
    if last == 0:
        if most(sig.count(1)):
            return 8
        if most(sig.count(-1)):
            return -8
        return 0
    side = last
    if most(sig.count(side)):
        if z_trend_p <= alpha and z_trend_z != 0:
            return side * (3 if (z_trend_z > 0) == (side > 0) else 5)
        return side * 4
    if sig.count(-side):
        return side * 7
    if sig.count(side) == 1:
        return side * 1
    run = 0
    while run < n and sig[n - 1 - run] == side:
        run += 1
    return side * (2 if run == sig.count(side) else 6)


def test_categories_follow_the_documented_rules(tmp_path):
    out = run(tmp_path, "internal", "internal", [emerging_stage()])
    sig = defaultdict(list)
    for kod, _period, s in query(out, "select kod, period, signifikant from eh_perioder order by kod, period"):
        sig[kod].append(s)
    rows = query(out, "select kod, eh_kategori, eh_monster, eh_z_trend_p, eh_z_trend_z, eh_heta, eh_kalla from delomraden")
    seen = set()
    for kod, cat, label, zp, zz, hot, cold in rows:
        assert cat == classify(sig[kod], zp, zz), kod
        assert hot == sig[kod].count(1) and cold == sig[kod].count(-1)
        assert label
        seen.add(cat)
    # Exempelstad's planted violence hot spots (truth/hotspots.csv) make some district hot.
    assert any(c > 0 for c in seen)


def test_published_run_withholds_z_but_keeps_categories(tmp_path):
    internal = run(tmp_path, "internal", "internal", [emerging_stage()])
    published = run(tmp_path, "published", "publish", [emerging_stage()])
    # Exempelstad has small violence counts somewhere: z-scores rest on them.
    assert query(published, "select count(*) from incident_counts where undertryckt=1 and grupp='vald'")[0][0] > 0
    assert query(published, "select count(*) from eh_perioder where gi_z is not null")[0][0] == 0
    assert query(published, "select count(*) from delomraden where eh_z_trend_p is not null")[0][0] == 0
    cats = lambda f: dict(query(f, "select kod, eh_kategori from delomraden"))  # noqa: E731
    assert cats(published) == cats(internal)
    # The category style is embedded for the column.
    styles = [s for (s,) in query(published, "select stylename from layer_styles")]
    assert "eh_kategori" in styles


def test_stage_is_listed_and_bad_options_name_the_stage(tmp_path):
    listing = run_trygg("stages")
    assert "emerging_hotspots" in listing.stdout and "evaluate_measure" in listing.stdout
    out = tmp_path / "bad.gpkg"
    r = run_pipeline(tmp_path, spine(out, "internal", [emerging_stage(group="finns_inte")]))
    assert r.returncode == 5 and "eh:" in r.stderr and "finns_inte" in r.stderr
    r = run_pipeline(tmp_path, spine(out, "internal", [emerging_stage(alpha=2)]))
    assert r.returncode == 3 and "eh:" in r.stderr and "alpha" in r.stderr


def test_grid_cells_as_the_units(tmp_path):
    """Emerging hot spots on grid cells: a 400 m grid over Exempelstad read as the districts
    (code field `id`), violence aggregated to the cells. Planted truth
    (geodata/exempelstad/truth/hotspots.csv): H1 (Stora torget, whole period) lies in a cell hot
    in every half-year; H5 (Skogsängs torg, only 2025H2) in a new hot spot."""
    import json
    x0, y0, size = 583600.0, 6605000.0, 400.0
    feats = []
    for i in range(32):
        for j in range(25):
            x, y = x0 + i * size, y0 + j * size
            feats.append({"type": "Feature", "properties": {"id": f"r{i:02d}_{j:02d}"}, "geometry": {
                "type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}})
    grid = tmp_path / "grid.geojson"
    grid.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3006"}}, "features": feats}), encoding="utf-8")
    out = tmp_path / "grid.gpkg"
    doc = spine(out, "internal", [emerging_stage(time_window=0)])
    doc["pipeline"][0] = {"type": "read.districts", "tag": "districts", "path": str(grid), "code": "id"}
    del doc["pipeline"][1]["fields"]["area_code"]  # DeSO-coded rows have no place on a grid
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    h1 = f"r{int((590020.0 - x0) // size):02d}_{int((6610010.0 - y0) // size):02d}"
    (cat, hot), = query(out, "select eh_kategori, eh_heta from delomraden where kod=?", h1)
    periods = query(out, "select count(distinct period) from eh_perioder")[0][0]
    assert hot == periods and cat in (3, 4, 5), (h1, cat, hot)  # intensifying, persistent or diminishing
    # H5 is a violence hot spot planted only in the last half-year, 2025H2: a new hot spot.
    h5 = f"r{int((590393.9 - x0) // size):02d}_{int((6607408.0 - y0) // size):02d}"
    assert query(out, "select eh_kategori, eh_monster from delomraden where kod=?", h5) == [(1, "Ny hotspot")]
