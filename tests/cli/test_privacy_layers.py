# SPDX-License-Identifier: MIT
"""Disclosure control beyond the count tables: KDE rasters and grid hotspot layers.

Truth comes from the internal run's incident points (an independent recount in numpy), and
the attack is the same linear-programming one as test_disclosure.py: a reader who knows every
published cell and the surface's total solves for each withheld cell."""
import numpy as np
import pytest
from osgeo import gdal, ogr
from scipy.optimize import linprog
from scipy.spatial import cKDTree

from trygg_cli import query, run_pipeline
from test_exempelstad import example_pipeline

RADIUS, PIXEL, THRESHOLD = 300.0, 25.0, 5


def hotspot_pipeline(out, privacy):
    doc = example_pipeline(out, privacy)
    write = doc["pipeline"].pop()
    doc["pipeline"] += [
        {"type": "kde", "inputs": ["assign"], "kernel": "quartic", "radius": RADIUS, "pixel_size": PIXEL,
         "groups": ["narkotika"], "period": "all"},
        {"type": "grid_hotspots", "inputs": ["assign"], "cell_size": 250, "shape": "square",
         "groups": ["narkotika", "vald"], "period": "each"},
        write]
    return doc


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for privacy in ("publish", "internal"):
        tmp = tmp_path_factory.mktemp(privacy)
        gpkg = tmp / "out.gpkg"
        result = run_pipeline(tmp, hotspot_pipeline(gpkg, privacy))
        assert result.returncode == 0, result.stderr
        out[privacy] = gpkg
    return out


def read_raster(path):
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    return ds.GetGeoTransform(), band.ReadAsArray().astype(np.float64), band.GetNoDataValue()


def test_kde_pixels_from_fewer_than_the_threshold_are_not_published(runs):
    (name,) = [r[0] for r in query(runs["publish"], "select fil from kde_rasters")]
    gt, pub, nodata = read_raster(runs["publish"].parent / name)
    gt_i, internal, _ = read_raster(runs["internal"].parent / name)
    assert gt == gt_i and pub.shape == internal.shape
    # Recount: incidents of the group binned to pixel centres, counted within the radius.
    ds = ogr.Open(str(runs["internal"]))
    pts = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayerByName("incidents")
                    if "narkotika" in f.GetField("grupper").split(";")])
    assert len(pts) > 50
    x0, px, _, y0, _, _ = gt
    col = np.floor((pts[:, 0] - x0) / px)
    row = np.floor((y0 - pts[:, 1]) / px)
    centres = np.column_stack([x0 + (col + 0.5) * px, y0 - (row + 0.5) * px])
    rows, cols = pub.shape
    rr, cc = np.mgrid[0:rows, 0:cols]
    pixels = np.column_stack([x0 + (cc.ravel() + 0.5) * px, y0 - (rr.ravel() + 0.5) * px])
    near = cKDTree(centres).query_ball_point(pixels, RADIUS + 1e-6, return_length=True).reshape(rows, cols)
    inside = internal != nodata
    small = inside & (near >= 1) & (near < THRESHOLD)
    assert small.sum() > 100, "expected sparse drug-crime pixels in Exempelstad"
    assert np.array_equal(pub == nodata, ~inside | small)
    assert np.array_equal(pub[~small], internal[~small])
    (withheld,) = query(runs["publish"], "select undertryckta_pixlar from kde_rasters")[0]
    assert withheld == small.sum()


def near_counts(gt, shape, pts):
    """Per pixel, the incidents (binned to pixel centres) within the radius: an independent recount."""
    x0, px, _, y0, _, _ = gt
    col = np.floor((pts[:, 0] - x0) / px)
    row = np.floor((y0 - pts[:, 1]) / px)
    centres = np.column_stack([x0 + (col + 0.5) * px, y0 - (row + 0.5) * px])
    rows, cols = shape
    rr, cc = np.mgrid[0:rows, 0:cols]
    pixels = np.column_stack([x0 + (cc.ravel() + 0.5) * px, y0 - (rr.ravel() + 0.5) * px])
    return cKDTree(centres).query_ball_point(pixels, RADIUS + 1e-6, return_length=True).reshape(rows, cols)


def test_kde_rasters_on_one_grid_share_one_withheld_mask(runs, tmp_path):
    # Two kde stages on one pixel grid: narkotika and alla in one, vald in the other. alla
    # minus the groups would rebuild a pixel withheld in one group alone, so every raster
    # withholds the pixels any of them withholds.
    out = tmp_path / "joint.gpkg"
    doc = example_pipeline(out, "publish")
    write = doc["pipeline"].pop()
    common = {"inputs": ["assign"], "kernel": "quartic", "radius": RADIUS, "pixel_size": PIXEL, "period": "all"}
    doc["pipeline"] += [dict(common, type="kde", groups=["narkotika", "alla"]),
                        dict(common, type="kde", tag="kde2", groups=["vald"]), write]
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 0, result.stderr
    ds = ogr.Open(str(runs["internal"]))
    feats = [(f.GetGeometryRef().GetPoint_2D(), f.GetField("grupper").split(";"))
             for f in ds.GetLayerByName("incidents")]
    listed = {f: (n, m) for f, n, m in query(out, "select fil, undertryckta_pixlar, max from kde_rasters")}
    assert len(listed) == 3
    gt, internal, nodata = read_raster(runs["internal"].parent / "kde_narkotika_2022H1-2025H2.tif")
    inside = internal != nodata
    union = np.zeros(internal.shape, dtype=bool)
    for group in ("narkotika", "vald", None):
        pts = np.array([p for p, g in feats if group is None or group in g])
        near = near_counts(gt, internal.shape, pts)
        union |= inside & (near >= 1) & (near < THRESHOLD)
    assert union.sum() > 1000
    for name, (withheld, maximum) in listed.items():
        gt_p, pub, _ = read_raster(out.parent / name)
        assert gt_p == gt
        assert np.array_equal(pub == nodata, ~inside | union), name
        assert withheld == union.sum(), name
        assert maximum == pytest.approx(pub[pub != nodata].max(), rel=1e-6), name
    gt_p, pub, _ = read_raster(out.parent / "kde_narkotika_2022H1-2025H2.tif")
    assert np.array_equal(pub[~union & inside], internal[~union & inside])


def surfaces(gpkg):
    out = {}
    for rut, grupp, period, antal, z, p, bin_ in query(gpkg, "select rut_id, grupp, period, antal, gi_z, gi_p, "
                                                         "gi_bin from hotspots_grid"):
        out.setdefault((grupp, period), {})[rut] = (antal, z, p, bin_)
    return out


def test_grid_cells_cannot_be_recovered_from_the_surface_total(runs):
    published, internal = surfaces(runs["publish"]), surfaces(runs["internal"])
    assert published.keys() == internal.keys()
    withheld_surfaces = 0
    for key, cells in published.items():
        truth = {r: v[0] for r, v in internal[key].items()}
        assert all(v is not None for v in truth.values())
        hidden = [r for r, v in cells.items() if v[0] is None]
        for r, (antal, *_rest) in cells.items():
            assert antal is None or antal == truth[r]
            assert antal is None or antal == 0 or antal >= THRESHOLD
        if not hidden:
            continue
        withheld_surfaces += 1
        # The attacker knows the surface's total (the municipality's published count).
        rest = sum(truth.values()) - sum(v[0] for v in cells.values() if v[0] is not None)
        for i in range(len(hidden)):
            c = np.zeros(len(hidden))
            c[i] = 1
            lo = linprog(c, A_eq=[np.ones(len(hidden))], b_eq=[rest], bounds=(0, None), method="highs")
            hi = linprog(-c, A_eq=[np.ones(len(hidden))], b_eq=[rest], bounds=(0, None), method="highs")
            assert lo.status == 0 and hi.status == 0
            assert -hi.fun - lo.fun > 0.5, (key, hidden[i])
        # z and p would reveal the counts around each cell: classes only.
        assert all(v[1] is None and v[2] is None for v in cells.values()), key
        assert [v[3] for v in cells.values()] == [internal[key][r][3] for r in cells], key
    assert withheld_surfaces > 0
    # A surface with one small count and nothing else withheld would be solvable: the
    # secondary cell exists. Internal runs publish everything, z included.
    assert all(v[1] is not None for cells in internal.values() for v in cells.values())


def test_a_lone_small_grid_count_gets_a_secondary_partner(runs, tmp_path):
    # Planted: 3, 7 and 12 assaults in three full 250 m cells (the busiest ones, so inside
    # the study area). Alone, the 3 would be the total minus 7 and 12; the 7 (the smallest
    # published positive count) must be withheld with it, and the 12 published.
    busiest = [r for (r,) in query(runs["internal"], "select rut_id from hotspots_grid where grupp='vald' "
                                                     "group by rut_id order by sum(antal) desc limit 3")]
    planted = dict(zip(busiest, (3, 7, 12)))
    lines = ["id,brottsdatum,brottskod,x,y"]
    for rut, n in planted.items():
        east, north = int(rut[:6]), int(rut[6:])  # SCB rutid: lower-left corner (docs/hotspots.md)
        for k in range(n):
            lines.append(f"P{rut}_{k},2025-03-0{1 + k % 9} 12:00,0355,{east + 20 + 15 * k},{north + 125}")
    csv = tmp_path / "planted.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = hotspot_pipeline(tmp_path / "planted.gpkg", "publish")
    for stage in doc["pipeline"]:
        if stage["type"] == "read.incidents":
            stage["path"] = str(csv)
            stage["fields"] = {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"}
        if stage["type"] == "kde":
            stage["groups"] = ["vald"]
        if stage["type"] == "grid_hotspots":
            stage["groups"], stage["period"] = ["vald"], "all"
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 0, result.stderr
    cells = dict(query(tmp_path / "planted.gpkg", "select rut_id, antal from hotspots_grid"))
    assert {r: cells[r] for r in busiest} == {busiest[0]: None, busiest[1]: None, busiest[2]: 12}
    assert all(v == 0 for r, v in cells.items() if r not in planted)


def district_hotspots(tmp_path, privacy, group):
    out = tmp_path / f"{privacy}_{group}.gpkg"
    doc = example_pipeline(out, privacy)
    write = doc["pipeline"].pop()
    doc["pipeline"] += [
        {"type": "weights", "inputs": ["districts"], "method": "queen"},
        {"type": "gistar", "tag": "gistar", "group": group, "period": "latest", "measure": "count",
         "permutations": 99},
        {"type": "local_moran", "tag": "lisa", "group": group, "period": "latest", "measure": "count",
         "permutations": 99},
        {"type": "smooth", "inputs": ["aggregate", "weights"], "group": group, "period": "latest", "prefix": "rate"},
        write]
    assert run_pipeline(tmp_path, doc).returncode == 0
    return query(out, "select kod, gistar_z, gistar_p, gistar_bin, lisa_i, lisa_p_sim, lisa_class, rate, rate_eb, "
                      "rate_spatial_eb from delomraden order by kod")


def test_district_statistics_on_withheld_counts_publish_classes_only(tmp_path):
    # Drug crime in the latest half-year: some district counts are withheld, so a reader
    # could solve the z-scores (linear in the counts) for them; only classes are published.
    published = district_hotspots(tmp_path, "publish", "narkotika")
    internal = district_hotspots(tmp_path, "internal", "narkotika")
    assert all(r[1:3] == (None, None) and r[4:6] == (None, None) for r in published)
    assert [(r[0], r[3], r[6]) for r in published] == [(r[0], r[3], r[6]) for r in internal]
    assert all(r[1] is not None and r[4] is not None for r in internal)
    # Rates: crude and EB (which a reader can invert, knowing its weight) withheld exactly
    # where the count is; spatial EB mixes neighbours' counts, so none is published.
    withheld = {k for (k,) in query(tmp_path / "publish_narkotika.gpkg", "select kod from incident_counts where "
                                    "grupp='narkotika' and kon='alla' and aldersgrupp='alla' and undertryckt=1 and "
                                    "period=(select max(period) from incident_counts)")}
    assert withheld
    assert {r[0] for r in published if r[7] is None} == withheld
    assert {r[0] for r in published if r[8] is None} == withheld
    assert all(r[9] is None for r in published)
    assert all(None not in r[7:10] for r in internal)
    # Theft has no withheld district count in that half-year: everything is published.
    (withheld,) = query(tmp_path / "publish_narkotika.gpkg", "select count(*) from incident_counts where "
                        "grupp='tillgrepp' and kod<>'totalt' and kon='alla' and aldersgrupp='alla' and "
                        "undertryckt=1 and period=(select max(period) from incident_counts)")[0]
    assert withheld == 0
    assert all(r[1] is not None and r[4] is not None for r in district_hotspots(tmp_path, "publish", "tillgrepp"))
