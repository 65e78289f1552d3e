# SPDX-License-Identifier: MIT
"""kde options of issue 21: "incidents": "located" also counts incidents located outside every
district (a surface over the whole area the incidents cover), and "extent": "points" writes nodata
where no incident's radius reaches, as QGIS's heatmap does (a pixel is nodata unless a point lies
within the radius of its centre; trygg bins points to pixel centres first). The expected nodata
mask is computed here from the planted points, independently of the engine."""
import json
import math

from missing import import_or_fail
from trygg_cli import ROOT, query, run_pipeline

gdal = import_or_fail("osgeo.gdal")

RADIUS, PIXEL = 100.0, 10.0
INSIDE = [(200, 200), (220, 205), (800, 800)]
OUTSIDE = [(1500, 500)]  # east of the only district


def districts(tmp_path):
    square = [[0, 0], [1000, 0], [1000, 1000], [0, 1000], [0, 0]]
    doc = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": [{"type": "Feature", "properties": {"kod": "A"},
                         "geometry": {"type": "Polygon", "coordinates": [square]}}]}
    (tmp_path / "d.geojson").write_text(json.dumps(doc), encoding="utf-8")
    rows = "".join(f"{i},2024-03-0{i + 1},0375,{x},{y}\n" for i, (x, y) in enumerate(INSIDE + OUTSIDE))
    (tmp_path / "inc.csv").write_text("id,datum,kod,x,y\n" + rows, encoding="utf-8")


def run(tmp_path, **kde):
    districts(tmp_path)
    out = tmp_path / "k.gpkg"
    spec = {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": str(tmp_path / "d.geojson"), "code": "kod"},
        {"type": "read.incidents", "path": str(tmp_path / "inc.csv"), "crs": "EPSG:3006",
         "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv"),
         "fields": {"id": "id", "time": "datum", "category": "kod", "x": "x", "y": "y"}},
        {"type": "assign"},
        dict({"type": "kde", "radius": RADIUS, "pixel_size": PIXEL, "groups": ["alla"]}, **kde),
        {"type": "write.gpkg", "path": str(out)}]}
    r = run_pipeline(tmp_path, spec)
    assert r.returncode == 0, r.stderr
    (tif,) = tmp_path.glob("*.tif")
    ds = gdal.Open(str(tif))
    band = ds.GetRasterBand(1)
    raster = (ds.GetGeoTransform(), band.GetNoDataValue(), band.ReadAsArray().tolist())
    ds = None
    return out, raster


def reached(gt, rows, cols, points):
    """Pixels within RADIUS of the centre of a point's pixel (QGIS: of the point)."""
    ox, oy = gt[0], gt[3]
    binned = {(math.floor((oy - y) / PIXEL), math.floor((x - ox) / PIXEL)) for x, y in points}
    return [[any(PIXEL * math.sqrt((r - br) ** 2 + (c - bc) ** 2) <= RADIUS for br, bc in binned)
             for c in range(cols)] for r in range(rows)]


def test_extent_points_is_nodata_where_no_radius_reaches(tmp_path):
    out, (gt, nodata, values) = run(tmp_path, extent="points")
    assert nodata == -9999
    rows, cols = len(values), len(values[0])
    expected = reached(gt, rows, cols, INSIDE)
    got = [[v != nodata for v in row] for row in values]
    assert got == expected
    # Both kinds present: the gap between (220, 205) and (800, 800) is nodata, not 0.
    assert any(not v for row in got for v in row) and any(v for row in got for v in row)
    assert all(v >= 0 for row in values for v in row if v != nodata)
    assert query(out, "select antal_handelser from kde_rasters") == [(3,)]


def test_located_incidents_outside_the_districts_are_used_when_asked(tmp_path):
    out, (gt, nodata, values) = run(tmp_path, extent="points", incidents="located")
    assert query(out, "select antal_handelser from kde_rasters") == [(4,)]
    rows, cols = len(values), len(values[0])
    # The raster covers the outside incident (QGIS extent: the points' extent grown by the radius).
    assert gt[0] + cols * PIXEL >= OUTSIDE[0][0] + RADIUS
    col, row = math.floor((OUTSIDE[0][0] - gt[0]) / PIXEL), math.floor((gt[3] - OUTSIDE[0][1]) / PIXEL)
    assert values[row][col] > 0
    assert [[v != nodata for v in r] for r in values] == reached(gt, rows, cols, INSIDE + OUTSIDE)


def test_in_districts_is_the_default(tmp_path):
    out, (gt, nodata, values) = run(tmp_path, extent="points")
    default = query(out, "select antal_handelser from kde_rasters")
    out2, raster2 = run(tmp_path, extent="points", incidents="in_districts")
    assert default == query(out2, "select antal_handelser from kde_rasters") == [(3,)]
