# SPDX-License-Identifier: MIT
"""District names from elsewhere (issue 15): DeSO named after the RegSO holding it, or from a name table."""
import csv

from osgeo import ogr, osr

from trygg_cli import query, run_pipeline, shared_data


def deso_pipeline(out, **deso_options):
    return {"privacy": "publish", "pipeline": [
        {"type": "read.districts", "tag": "regso", "path": str(shared_data("vasteras/regso_2018.geojson")),
         "code": "regsokod", "name": "regso"},
        {"type": "read.districts", "tag": "deso", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso", **deso_options},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["read.incidents", "deso"]},
        {"type": "aggregate", "inputs": ["assign"]},
        {"type": "write.gpkg", "path": str(out)}]}


def largest_overlap():
    """Independently (OGR/GEOS, in SWEREF 99 TM): per DeSO, the RegSO (code, name) holding most of its area."""
    target = osr.SpatialReference()
    target.ImportFromEPSG(3006)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)

    def polygons(name, code, label):
        ds = ogr.Open(str(shared_data(name)))
        layer = ds.GetLayer(0)
        src = layer.GetSpatialRef()
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        tr = osr.CoordinateTransformation(src, target)
        out = []
        for f in layer:
            g = f.GetGeometryRef().Clone()
            g.Transform(tr)
            out.append((f.GetField(code), f.GetField(label) if label else None, g.MakeValid()))
        return out

    regso = polygons("vasteras/regso_2018.geojson", "regsokod", "regso")
    best = {}
    for code, _, g in polygons("vasteras/deso_2018.geojson", "deso", None):
        areas = [(g.Intersection(r).GetArea(), rc, rn) for rc, rn, r in regso if g.Intersects(r)]
        area, rc, rn = max(areas, key=lambda a: a[0])
        best[code] = (rc, rn, area / g.GetArea())
    return best


def test_deso_sheets_and_tables_are_titled_with_their_regso(tmp_path):
    out = tmp_path / "names.gpkg"
    result = run_pipeline(tmp_path, deso_pipeline(out, names_from="regso"))
    assert result.returncode == 0, result.stderr
    names = dict(query(out, "select kod, namn from delomraden"))
    assert len(names) == 84
    expected = largest_overlap()
    # Västerås's DeSO nest in its RegSO (SCB builds RegSO from DeSO): nothing is reported as not nested.
    assert min(share for _, _, share in expected.values()) > 0.95
    assert "not nested" not in result.stderr
    assert names == {code: f"{rn} ({rc}) · {code}" for code, (rc, rn, _) in expected.items()}
    # The long table carries the same titles.
    long_names = dict(query(out, "select distinct kod, namn from incident_counts where kod <> 'totalt'"))
    assert long_names == {k: names[k] for k in long_names}


def test_names_from_a_table_win_over_the_enclosing_layer(tmp_path):
    table = tmp_path / "namn.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kod", "namn"])
        w.writerow(["1980C1060", "Hässlö"])
        w.writerow(["1980C9999", "Ingenstans"])
    pipeline = deso_pipeline(tmp_path / "t.gpkg", names={"table": "namn", "name": "namn"}, names_from="regso")
    pipeline["pipeline"].insert(1, {"type": "read.table", "tag": "namn", "path": str(table), "key": "kod"})
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    names = dict(query(tmp_path / "t.gpkg", "select kod, namn from delomraden"))
    assert names["1980C1060"] == "Hässlö"
    assert names["1980C1320"] == "Kopparlunden-Östermalm (2238) · 1980C1320"
    assert "83 districts have no name in" in result.stderr
    assert "1 rows of" in result.stderr and "'1980C9999'" in result.stderr


def test_a_missing_name_column_names_the_stage_and_field(tmp_path):
    table = tmp_path / "namn.csv"
    table.write_text("kod,namn\n1980C1060,Hässlö\n", encoding="utf-8")
    pipeline = deso_pipeline(tmp_path / "t.gpkg", names={"table": "namn", "name": "titel"})
    pipeline["pipeline"].insert(1, {"type": "read.table", "tag": "namn", "path": str(table), "key": "kod"})
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 4
    assert "deso" in result.stderr and "'titel' not found" in result.stderr


def test_a_layer_not_nested_in_its_names_from_layer_is_warned_about(tmp_path):
    # RegSO are unions of DeSO, so a RegSO does not nest in a DeSO: the run says so, with examples.
    pipeline = {"privacy": "publish", "pipeline": [
        {"type": "read.districts", "tag": "deso", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso"},
        {"type": "read.districts", "tag": "regso", "path": str(shared_data("vasteras/regso_2018.geojson")),
         "code": "regsokod", "names_from": "deso"},
        {"type": "write.gpkg", "path": str(tmp_path / "r.gpkg"), "inputs": ["regso"]}]}
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    assert "districts are not nested in" in result.stderr and "less than 95 % of their area in one" in result.stderr
    names = [n for (n,) in query(tmp_path / "r.gpkg", "select namn from delomraden")]
    assert all(n for n in names)
