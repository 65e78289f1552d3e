# SPDX-License-Identifier: MIT
"""Before/after evaluation (stage evaluate_measure, issue 19) on Exempelstad's planted measure
(geodata/generator/measure_process.py: −40 % in Centrum from 2024-07-01, 30 % of the removed
moved into the bordering districts). Counts against an independent recount; the odds ratio, its
interval and the WDQ against the formulas of Welsh & Farrington (2009) and Bowers & Johnson (2003)
computed here; the planted effect inside the interval."""
import csv
import math
from datetime import datetime

import pytest

from test_exempelstad import GEO, district_finder
from trygg_cli import ROOT, query, run_pipeline

TRUTH = dict(csv.reader(open(GEO / "truth" / "atgard.csv", encoding="utf-8")))


def pipeline(out, privacy, **options):
    stage = {"type": "evaluate_measure", "tag": "atgard", "target": [TRUTH["target"]], "date": TRUTH["date"],
             "window_months": 12, **options}
    return {
        "privacy": privacy,
        "pipeline": [
            {"type": "read.districts", "tag": "districts", "path": str(GEO / "exempelstad.gpkg"),
             "layer": "delomraden", "code": "kod", "name": "namn"},
            {"type": "read.incidents", "tag": "incidents", "path": str(GEO / "atgard_incidents.csv"),
             "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                        "lon": "lon", "lat": "lat", "area_code": "deso"},
             "crs": "EPSG:3006", "from": "2022-01-01", "to": "2025-12-31",
             "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
            {"type": "assign", "inputs": ["incidents", "districts"]},
            stage,
            {"type": "write.gpkg", "path": str(out)},
        ],
    }


def recount(codes_of_area, file="atgard_incidents.csv"):
    """Incidents per area and window, without Trygg (as tests/cli/test_exempelstad.recount)."""
    find, codes = district_finder()
    windows = {"before": ("2023-07-01", "2024-07-01"), "after": ("2024-07-01", "2025-07-01")}
    counts = {(a, w): 0 for a in codes_of_area for w in windows}
    area_of = {c: a for a, cs in codes_of_area.items() for c in cs}
    with open(GEO / file, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            day = row["brottsdatum"][:10]
            try:
                datetime.strptime(day, "%Y-%m-%d")
            except ValueError:
                continue
            if row["x"]:
                kod = find(float(row["x"]), float(row["y"]))
            elif row["lon"]:
                kod = find(float(row["lon"]), float(row["lat"]), lonlat=True)
            else:
                kod = row["deso"] if row["deso"] in codes else None
            if kod not in area_of:
                continue
            for w, (start, end) in windows.items():
                if start <= day < end:
                    counts[(area_of[kod], w)] += 1
    return counts


def test_planted_measure_is_found_and_numbers_equal_the_formulas(tmp_path):
    _, codes = district_finder()
    buffer = TRUTH["buffer"].split(";")
    control = sorted(codes - set(buffer) - {TRUTH["target"]})
    out = tmp_path / "internal.gpkg"
    r = run_pipeline(tmp_path, pipeline(out, "internal", control=control))
    assert r.returncode == 0, r.stderr
    roles = dict(query(out, "select kod, atgard_roll from delomraden"))
    assert sorted(k for k, v in roles.items() if v == "buffertzon") == sorted(buffer)  # buffer_m 0: bordering
    got = {(a, w): n for a, b, n_after in query(out, "select omrade, fore, efter from atgard_omraden")
           for w, n in (("before", b), ("after", n_after))}
    areas = {"mål": [TRUTH["target"]], "buffertzon": buffer, "kontroll": control}
    want = recount(areas)
    assert got == {k: float(v) for k, v in want.items()}
    a, b = want[("mål", "before")], want[("mål", "after")]
    c, d = want[("kontroll", "before")], want[("kontroll", "after")]
    b0, b1 = want[("buffertzon", "before")], want[("buffertzon", "after")]
    (odds, low, high, rel, rel_low, rel_high, wdq) = query(
        out, "select odds_ratio, or_lag, or_hog, relativ_forandring, relativ_forandring_lag, "
             "relativ_forandring_hog, wdq from atgard_effekt")[0]
    # Welsh & Farrington: OR = (a·d)/(b·c), a/b target before/after, c/d control before/after.
    assert odds == pytest.approx(a * d / (b * c), rel=1e-12)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert low == pytest.approx(math.exp(math.log(odds) - 1.959963984540054 * se), rel=1e-9)
    assert high == pytest.approx(math.exp(math.log(odds) + 1.959963984540054 * se), rel=1e-9)
    # Bowers & Johnson: WDQ = (B1/C1 - B0/C0)/(A1/C1 - A0/C0).
    assert wdq == pytest.approx((b1 / d - b0 / c) / (b / d - a / c), rel=1e-12)
    # The planted effect, -40 %, lies inside the interval of the relative change, and the measure
    # worked (OR above 1 with its interval).
    planted = float(TRUTH["effect"])
    assert rel_low <= planted <= rel_high, (rel_low, rel, rel_high)
    assert low > 1
    # The planted displacement: against the same areas in the file without the measure, the buffer
    # gained the moved incidents of the after window (their share of truth's moved_to_buffer) and
    # the WDQ's buffer term rose by exactly them over the control's after count. Exempelstad's
    # buffer districts fall by themselves over these years, so the WDQ stays positive here:
    # the planted displacement is smaller than the buffer's own trend (an honest result).
    plain = recount(areas, "incidents.csv")
    moved = want[("buffertzon", "after")] - plain[("buffertzon", "after")]
    assert want[("buffertzon", "before")] == plain[("buffertzon", "before")]
    assert 0.5 * int(TRUTH["moved_to_buffer"]) < moved <= int(TRUTH["moved_to_buffer"])
    (buffer_term,) = query(out, "select wdq_buffert from atgard_effekt")[0]
    plain_term = plain[("buffertzon", "after")] / d - plain[("buffertzon", "before")] / c
    assert buffer_term - plain_term == pytest.approx(moved / d, rel=1e-9)


def half_years(lo, hi):
    """The half-year labels of incident_counts inside [lo, hi) (ISO days on half-year edges)."""
    out, y, h = [], int(lo[:4]), 1 if lo[5:7] < "07" else 2
    while f"{y}-{'01' if h == 1 else '07'}-01" < hi:
        out.append(f"{y}H{h}")
        y, h = (y, 2) if h == 1 else (y + 1, 1)
    return out


def test_published_counts_are_exact_and_withheld_with_the_cells_they_would_give_back(tmp_path):
    """Issue 19 (part measure): in a published run the window counts are the exact counts, withheld
    when 1-4 or when their districts × windows hold a withheld incident_counts cell (which the count,
    a sum of those cells, would give back); every figure resting on a withheld count is withheld."""
    out = tmp_path / "published.gpkg"
    doc = pipeline(out, "publish", control_count=4, group="narkotika")
    doc["pipeline"][3:3] = [{"type": "aggregate", "inputs": ["assign"], "period": "half-year", "suppress_below": 5}]
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    rows = query(out, "select omrade, koder, distrikt, fore, efter from atgard_omraden")
    assert [row[0] for row in rows] == ["mål", "buffertzon", "kontroll"] and rows[2][2] == 4
    cols = {row[1] for row in query(out, "pragma table_info(delomraden)")}
    assert "atgard_roll" in cols and "atgard_fore" not in cols  # per-district counts only internal
    # The exact counts of the internal run (the formulas and counts are checked against a recount above).
    areas = {a: codes.split(",") for a, codes, *_ in rows}
    internal = tmp_path / "internal.gpkg"
    doc_internal = pipeline(internal, "internal", group="narkotika", control=areas["kontroll"])
    assert run_pipeline(tmp_path, doc_internal).returncode == 0
    exact = {(a, w): n for a, b, n_after in query(internal, "select omrade, fore, efter from atgard_omraden")
             for w, n in (("before", b), ("after", n_after))}
    withheld_cells = {(kod, period) for kod, period in query(
        out, "select kod, period from incident_counts where grupp='narkotika' and kon='alla' and aldersgrupp='alla' "
             "and undertryckt=1")}
    windows = {"before": half_years("2023-07-01", "2024-07-01"), "after": half_years("2024-07-01", "2025-07-01")}
    published = {(a, w): n for a, _, _, b, n_after in rows for w, n in (("before", b), ("after", n_after))}
    expect_withheld = set()
    for (a, w), n in exact.items():
        touches = any((kod, p) in withheld_cells for kod in areas[a] for p in windows[w])
        if 1 <= n <= 4 or (n > 0 and touches):
            expect_withheld.add((a, w))
        else:
            assert published[(a, w)] == n, (a, w)  # exact, not rounded
    assert {k for k, v in published.items() if v is None} == expect_withheld
    assert expect_withheld, "nothing withheld: pick a group with small cells so the rule is tested"
    (odds, low, wdq, success) = query(out, "select odds_ratio, or_lag, wdq, wdq_framgang from atgard_effekt")[0]
    rests_on = lambda *names: any((a, w) in expect_withheld for a in names for w in ("before", "after"))  # noqa: E731
    assert (odds is None) == rests_on("mål", "kontroll") and (low is None) == (odds is None)
    assert (success is None) == rests_on("mål", "kontroll")
    assert (wdq is None) == rests_on("mål", "buffertzon", "kontroll")
    if odds is not None:
        a, b, c, d = (exact[("mål", "before")], exact[("mål", "after")],
                      exact[("kontroll", "before")], exact[("kontroll", "after")])
        assert odds == round(a * d / (b * c), 2)


def test_overdispersion_widens_the_interval_by_its_square_root(tmp_path):
    """Welsh & Farrington's variance inflation (option overdispersion = D): OR unchanged, ln of the
    interval's half-width × √D, and D in the table."""
    runs = {}
    for d in (1, 2.25):
        out = tmp_path / f"d{d}.gpkg"
        assert run_pipeline(tmp_path, pipeline(out, "internal", overdispersion=d)).returncode == 0
        runs[d] = query(out, "select odds_ratio, or_hog, or_variansfaktor from atgard_effekt")[0]
    (o1, h1, d1), (o2, h2, d2) = runs[1], runs[2.25]
    assert o1 == pytest.approx(o2, rel=1e-12) and (d1, d2) == (1, 2.25)
    assert math.log(h2 / o2) == pytest.approx(1.5 * math.log(h1 / o1), rel=1e-9)


def test_windows_outside_the_data_and_unknown_codes_are_one_line_errors(tmp_path):
    out = tmp_path / "x.gpkg"
    r = run_pipeline(tmp_path, pipeline(out, "internal", date="2025-09-01"))
    assert r.returncode == 5 and "atgard:" in r.stderr and "not covered" in r.stderr
    doc = pipeline(out, "internal")
    doc["pipeline"][3]["target"] = ["9999X9999"]
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 5 and "atgard:" in r.stderr and "9999X9999" in r.stderr
    doc = pipeline(out, "internal", date="2024-13-01")
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 3 and "atgard:" in r.stderr and "date" in r.stderr


def drawn_layer(path, codes):
    """A 'drawn' polygon layer: the given districts shrunk by 10 m, one polygon each, field id."""
    import json
    from osgeo import ogr
    ds = ogr.Open(str(GEO / "exempelstad.gpkg"))  # kept alive while its layer is read
    src = ds.GetLayerByName("delomraden")
    feats = [{"type": "Feature", "properties": {"id": i},
              "geometry": json.loads(f.GetGeometryRef().Buffer(-10).ExportToJson())}
             for i, f in enumerate(src) if f.GetField("kod") in codes]
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}, "features": feats}), encoding="utf-8")
    return path


def test_target_and_control_drawn_as_polygon_layers(tmp_path):
    target = drawn_layer(tmp_path / "mal.geojson", {"9999C0010"})
    control = drawn_layer(tmp_path / "kontroll.geojson", {"9999A0010", "9999A0020", "9999C0020"})
    out = tmp_path / "drawn.gpkg"
    doc = pipeline(out, "internal")
    stage = doc["pipeline"][3]
    del stage["target"]
    stage.update(target_area="mal", control_area="kontroll")
    doc["pipeline"][1:1] = [{"type": "read.districts", "tag": "mal", "path": str(target), "code": "id"},
                            {"type": "read.districts", "tag": "kontroll", "path": str(control), "code": "id"}]
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    roles = dict(query(out, "select kod, atgard_roll from delomraden where atgard_roll is not null"))
    assert [k for k, v in roles.items() if v == "mål"] == ["9999C0010"]
    # 9999C0020 borders Centrum: it stays in the buffer zone although the drawn control covers it.
    assert sorted(k for k, v in roles.items() if v == "kontroll") == ["9999A0010", "9999A0020"]
    assert roles["9999C0020"] == "buffertzon"
    stage["target"] = ["9999C0010"]
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 3 and "atgard:" in r.stderr and "either" in r.stderr


def test_no_count_is_published_beside_cell_key_noise(tmp_path):
    """With cell-key noise (aggregate "disclosure": "cell_key") nothing in incident_counts is
    withheld, but an exact window count over whole half-years would be the true sum of noisy cells:
    the evaluation publishes no count and no figure (issue 19, part measure)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("a long enough secret for the evaluation test 0123456789", encoding="utf-8")
    out = tmp_path / "noisy.gpkg"
    doc = pipeline(out, "publish", control_count=4)
    doc["pipeline"][3:3] = [{"type": "aggregate", "inputs": ["assign"], "period": "half-year",
                             "disclosure": "cell_key", "cell_key_secret_file": str(secret)}]
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    assert query(out, "select count(*) from incident_counts where undertryckt=1")[0][0] == 0
    rows = query(out, "select fore, efter, forandring_pct from atgard_omraden")
    assert rows and all(v is None for row in rows for v in row)
    assert query(out, "select odds_ratio, or_lag, wdq, wdq_framgang from atgard_effekt")[0] == (None,) * 4
