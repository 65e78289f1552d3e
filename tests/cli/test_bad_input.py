# SPDX-License-Identifier: MIT
"""Bad input: one clear error line on stderr, the documented exit code, and no partial output."""
import json

from trygg_cli import ROOT, internal_file, query, run_pipeline, run_trygg

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
CATALOGUE = str(ROOT / "geodata/catalog/brottskoder.csv")


def pipeline(incidents, out, fields=None, crs="EPSG:3006", districts=None):
    read = {"type": "read.incidents", "path": str(incidents), "catalogue": CATALOGUE,
            "fields": fields or {"id": "id", "time": "datum", "category": "kod", "x": "x", "y": "y"}}
    if crs:
        read["crs"] = crs
    return [districts or {"type": "read.districts", "path": GPKG, "layer": "delomraden", "code": "kod", "name": "namn"},
            read, {"type": "assign"}, {"type": "aggregate"}, {"type": "write.gpkg", "path": str(out)}]


def write_csv(tmp_path, text, name="inc.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


GOOD_ROWS = "id,datum,kod,x,y\n1,2024-03-05 14:30,0375,590261,6609533\n2,2024-03-06,1201,590300,6609600\n"


def assert_failed(result, code, message, tmp_path):
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("trygg: ") and message in lines[-1], result.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix in (".gpkg", ".json") and p.name != "pipeline.json"
                 or ".tmp-" in p.name]
    assert leftovers == []


def test_missing_file(tmp_path):
    r = run_pipeline(tmp_path, pipeline(tmp_path / "nope.csv", tmp_path / "o.gpkg"))
    assert_failed(r, 4, f"read.incidents: path '{tmp_path / 'nope.csv'}' not found", tmp_path)


def test_unknown_field(tmp_path):
    inc = write_csv(tmp_path, GOOD_ROWS)
    fields = {"id": "id", "time": "brottsdatum", "x": "x", "y": "y"}
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg", fields))
    assert_failed(r, 4, "read.incidents: field 'brottsdatum' (\"time\") not found in", tmp_path)
    assert "(the fields are: id, datum, kod, x, y)" in r.stderr


def test_broken_date_row_is_rejected_with_its_reason(tmp_path):
    inc = write_csv(tmp_path, GOOD_ROWS + "3,2024-02-30 10:00,0375,590261,6609533\n")
    out = tmp_path / "o.gpkg"
    r = run_pipeline(tmp_path, pipeline(inc, out))
    assert r.returncode == 0, r.stderr
    assert query(internal_file(out), "select rad, id, utfall, falt, orsak from rejects") == [
        (4, "3", "rejected", "datum", "impossible date '2024-02-30 10:00'")]
    assert "row 4: field 'datum': impossible date" in r.stderr


def test_layer_without_crs(tmp_path):
    inc = write_csv(tmp_path, GOOD_ROWS)
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg", crs=None))
    assert_failed(r, 4, "has no CRS for its coordinates; declare one, e.g. \"crs\": \"EPSG:3006\"", tmp_path)


def test_districts_without_crs(tmp_path):
    from osgeo import ogr
    shp = tmp_path / "d.shp"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(shp))
    layer = ds.CreateLayer("d", None, ogr.wkbPolygon)  # no .prj is written
    layer.CreateField(ogr.FieldDefn("kod", ogr.OFTString))
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetField("kod", "A")
    f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((0 0,1 0,1 1,0 0))"))
    layer.CreateFeature(f)
    f = None
    ds = None
    inc = write_csv(tmp_path, GOOD_ROWS)
    d = {"type": "read.districts", "path": str(shp), "code": "kod"}
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg", districts=d))
    assert_failed(r, 4, "layer 'd' has no CRS; declare one, e.g. \"crs\": \"EPSG:3006\"", tmp_path)


def test_swapped_lat_lon_names_the_likely_cause(tmp_path):
    # Exempelstad lies near lon 16.5, lat 59.6: given the other way round, every point falls outside.
    inc = write_csv(tmp_path, "id,datum,kod,lon,lat\n" + "".join(
        f"{i},2024-03-05,0375,{59.60 + i * 0.001:.6f},{16.54 + i * 0.001:.6f}\n" for i in range(20)))
    fields = {"id": "id", "time": "datum", "category": "kod", "lon": "lon", "lat": "lat"}
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg", fields))
    assert_failed(r, 5, "20 of 20 located incidents (100%) fall outside every district", tmp_path)
    assert "likely cause: lat/lon swapped or a wrong \"crs\"" in r.stderr


def test_swapped_x_y_names_the_likely_cause(tmp_path):
    inc = write_csv(tmp_path, "id,datum,kod,x,y\n" + "".join(
        f"{i},2024-03-05,0375,{6609533 + i},{590261 + i}\n" for i in range(20)))
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg"))
    assert_failed(r, 5, "likely cause: x and y look swapped", tmp_path)


def test_empty_district_layer(tmp_path):
    empty = tmp_path / "empty.gpkg"
    from osgeo import ogr, osr
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(empty))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    layer = ds.CreateLayer("d", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("kod", ogr.OFTString))
    ds = None
    inc = write_csv(tmp_path, GOOD_ROWS)
    d = {"type": "read.districts", "path": str(empty), "code": "kod"}
    r = run_pipeline(tmp_path, pipeline(inc, tmp_path / "o.gpkg", districts=d))
    assert r.returncode == 5
    assert "layer 'd' has no features" in r.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "o.gpkg").exists()


def test_unwritable_output_path(tmp_path):
    inc = write_csv(tmp_path, GOOD_ROWS)
    r = run_pipeline(tmp_path, pipeline(inc, inc / "o.gpkg"))  # a file where the folder should be
    assert_failed(r, 6, "write.gpkg: cannot create the output folder", tmp_path)


def test_previous_output_survives_a_failed_run(tmp_path):
    inc = write_csv(tmp_path, GOOD_ROWS)
    out = tmp_path / "o.gpkg"
    assert run_pipeline(tmp_path, pipeline(inc, out)).returncode == 0
    before = out.read_bytes()
    bad = pipeline(inc, out)
    bad[1]["fields"]["time"] = "nope"
    r = run_pipeline(tmp_path, bad)
    assert r.returncode == 4
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_pipeline_json_errors(tmp_path):
    f = tmp_path / "p.json"
    f.write_text("[{\"type\": \"read.incidents\",}]")
    r = run_trygg("validate", f)
    assert r.returncode == 3 and "is not valid JSON" in r.stderr
    f.write_text(json.dumps([{"type": "kde2"}]))
    r = run_trygg("validate", f)
    assert r.returncode == 3 and "unknown stage type 'kde2'" in r.stderr
    f.write_text(json.dumps([{"type": "aggregate", "suppress_below": "five"}]))
    r = run_trygg("validate", f)
    assert r.returncode == 3 and "aggregate: option 'suppress_below' must be integer" in r.stderr
    r = run_trygg("run")
    assert r.returncode == 2


def test_xlsx_register_reads_like_the_csv(tmp_path):
    import subprocess
    rows = GOOD_ROWS + "3,2024-02-30,0375,590261,6609533\n"
    inc = write_csv(tmp_path, rows)
    xlsx = tmp_path / "inc.xlsx"
    subprocess.run(["ogr2ogr", "-f", "XLSX", str(xlsx), str(inc), "-nln", "register"], check=True)
    results = {}
    for name, path in (("csv", inc), ("xlsx", xlsx)):
        out = tmp_path / f"{name}.gpkg"
        r = run_pipeline(tmp_path, pipeline(path, out))
        assert r.returncode == 0, r.stderr
        results[name] = (query(out, "select kod, period, grupp, antal from incident_counts where antal > 0 "
                                    "and kon='alla' and aldersgrupp='alla' order by 1, 2, 3"),
                         query(internal_file(out), "select id, utfall, falt, orsak from rejects"))
    assert results["csv"] == results["xlsx"]
    assert results["xlsx"][1] == [("3", "rejected", "datum", "impossible date '2024-02-30'")]
