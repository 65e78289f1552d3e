# SPDX-License-Identifier: MIT
"""The example pipeline on Exempelstad, checked against an independent recount in Python."""
import csv
import json
from collections import Counter
from datetime import datetime

from osgeo import ogr, osr

from trygg_cli import ROOT, internal_file, manifest, query, run_pipeline, run_trygg

GEO = ROOT / "geodata" / "exempelstad"


def example_pipeline(out, privacy="publish", core_only=True):
    """The example pipeline with absolute paths. core_only keeps read/assign/aggregate/write
    (no geocoding, so address-only rows stay not located, which the recount below relies on)."""
    doc = json.loads((ROOT / "examples/exempelstad/pipeline.json").read_text(encoding="utf-8"))
    doc["privacy"] = privacy
    stages = []
    for stage in doc["pipeline"]:
        if core_only and stage["type"] not in ("read.districts", "read.table", "read.incidents", "assign",
                                               "aggregate", "write.gpkg"):
            continue
        if core_only and stage["type"] == "assign":
            stage["inputs"] = ["incidents", "districts"]
        for key in ("path", "catalogue"):
            if key in stage and stage["type"] != "write.gpkg":
                stage[key] = str(ROOT / stage[key])
        for g in stage.get("gazetteers", []):
            g["path"] = str(ROOT / g["path"])
        if stage["type"] == "write.gpkg":
            stage["path"] = str(out)
        stages.append(stage)
    doc["pipeline"] = stages
    return doc


def catalogue_groups():
    """Independent implementation of the catalogue precedence: code, longest prefix (4-digit codes), text."""
    codes, prefixes, texts = {}, {}, {}
    with open(ROOT / "geodata/catalog/brottskoder.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups = set(row["groups"].split(";"))
            {"code": codes, "prefix": prefixes, "text": texts}[row["kind"]][row["pattern"].strip().lower()] = groups

    def groups_of(category):
        key = category.strip().lower()
        if key in codes:
            return codes[key]
        if len(key) == 4 and key.isdigit():
            for n in range(4, 0, -1):
                if key[:n] in prefixes:
                    return prefixes[key[:n]]
        return texts.get(key, {"ovrigt"})

    return groups_of


def district_finder():
    ds = ogr.Open(str(GEO / "exempelstad.gpkg"))
    layer = ds.GetLayerByName("delomraden")
    polys = [(f.GetField("kod"), f.GetGeometryRef().Clone()) for f in layer]
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    sweref = osr.SpatialReference()
    sweref.ImportFromEPSG(3006)
    sweref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_sweref = osr.CoordinateTransformation(wgs, sweref)

    def find(x, y, lonlat=False):
        if lonlat:
            x, y, _ = to_sweref.TransformPoint(x, y)
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        hits = [kod for kod, g in polys if g.Contains(p)]
        return hits[0] if len(hits) == 1 else None

    return find, {kod for kod, _ in polys}


def recount():
    """Per (kod, half-year, group) counts of usable incidents, computed without Trygg."""
    groups_of = catalogue_groups()
    find, codes = district_finder()
    counts = Counter()
    with open(GEO / "incidents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            when = None
            for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):
                try:
                    when = datetime.strptime(row["brottsdatum"], fmt)
                    break
                except ValueError:
                    pass
            if when is None or not (2022 <= when.year <= 2025):
                continue
            if row["x"]:
                kod = find(float(row["x"]), float(row["y"]))
            elif row["lon"]:
                kod = find(float(row["lon"]), float(row["lat"]), lonlat=True)
            elif row["deso"]:
                kod = row["deso"] if row["deso"] in codes else None
            else:
                kod = None  # address only: not located until geocoded
            if kod is None:
                continue
            period = f"{when.year}H{1 if when.month <= 6 else 2}"
            for g in groups_of(row["brottskod"]):
                counts[(kod, period, g)] += 1
    return counts


def test_internal_counts_equal_an_independent_recount(tmp_path):
    out = tmp_path / "internal.gpkg"
    result = run_pipeline(tmp_path, example_pipeline(out, "internal"))
    assert result.returncode == 0, result.stderr
    got = {(k, p, g): n for k, p, g, n in query(
        out, "select kod, period, grupp, antal from incident_counts "
             "where kon='alla' and aldersgrupp='alla' and kod<>'totalt' and antal>0")}
    assert got == dict(recount())


def test_row_accounting_adds_up_and_rejects_list_every_unused_row(tmp_path):
    out = tmp_path / "pub.gpkg"
    result = run_pipeline(tmp_path, example_pipeline(out))
    assert result.returncode == 0, result.stderr
    acc = [a for a in manifest(out)["accounting"] if a["source"].endswith("incidents.csv")][0]
    with open(GEO / "incidents.csv", encoding="utf-8") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    assert acc["rows"] == rows
    assert acc["used"] + acc["outside"] + acc["not_located"] + acc["rejected"] == rows
    buckets = dict(query(internal_file(out), "select utfall, count(*) from rejects group by utfall"))
    assert buckets.get("outside", 0) == acc["outside"]
    assert buckets.get("not_located", 0) == acc["not_located"]
    assert buckets.get("rejected", 0) == acc["rejected"]
    # Every bad row planted by the generator is either rejected/outside, or used on purpose.
    rejected_ids = {r[0] for r in query(internal_file(out), "select id from rejects")}
    with open(GEO / "truth/bad_rows.csv", encoding="utf-8") as f:
        bad = {r["id"]: r["fel"] for r in csv.DictReader(f)}
    must_be_rejected = {"impossible_date", "impossible_time", "empty_date", "date_out_of_range", "swapped_xy",
                        "wrong_crs", "outside_municipality", "lonlat_zero", "swapped_lonlat", "unknown_deso",
                        "no_location", "unknown_address"}
    for id_, kind in bad.items():
        assert (id_ in rejected_ids) == (kind in must_be_rejected), (id_, kind)
    # The summary printed to the user says the same.
    assert f"{rows} rows in, {acc['used']} used" in result.stdout


def test_manifest_hashes_every_input_file_as_sha256sum_does(tmp_path):
    # The hashes are computed beside the run (issue 20); each must still be the file's own.
    import hashlib
    out = tmp_path / "pub.gpkg"
    result = run_pipeline(tmp_path, example_pipeline(out))
    assert result.returncode == 0, result.stderr
    inputs = [i for i in manifest(out)["inputs"] if "sha256" in i]
    paths = {str(ROOT / s["path"]) for s in example_pipeline(out)["pipeline"] if s["type"].startswith("read.")}
    assert paths <= {i["path"] for i in inputs}
    for i in inputs:
        data = open(i["path"], "rb").read()
        assert i["sha256"] == hashlib.sha256(data).hexdigest(), i["path"]
        assert i["size"] == len(data)


def test_published_tables_suppress_small_counts(tmp_path):
    out = tmp_path / "pub.gpkg"
    assert run_pipeline(tmp_path, example_pipeline(out)).returncode == 0
    small = query(out, "select count(*) from incident_counts where antal between 1 and 4")[0][0]
    assert small == 0
    marked = query(out, "select count(*) from incident_counts where undertryckt=1 and antal is null "
                        "and antal_visning='..' and per_1000 is null")[0][0]
    assert marked == query(out, "select count(*) from incident_counts where undertryckt=1")[0][0] > 0
    # No incident points in a published GeoPackage.
    tables = {r[0] for r in query(out, "select table_name from gpkg_contents")}
    assert "incidents" not in tables
    assert manifest(out)["settings"]["privacy"] == "publish"


def test_delomraden_layer_has_latest_period_figures_and_rates(tmp_path):
    out = tmp_path / "pub.gpkg"
    assert run_pipeline(tmp_path, example_pipeline(out)).returncode == 0
    rows = query(out, "select kod, period, befolkning, vald_antal, vald_per_1000 from delomraden")
    assert len(rows) == 25
    with open(GEO / "befolkning_total.csv", encoding="utf-8") as f:
        population = {r["kod"]: int(r["befolkning"]) for r in csv.DictReader(f)}
    for kod, period, pop, count, rate in rows:
        assert period == "2025H2"
        assert pop == population[kod]
        if count is not None:
            assert abs(rate - count / pop * 1000) < 1e-9


def test_cli_commands(tmp_path):
    stages = run_trygg("stages")
    assert stages.returncode == 0
    for name in ("read.incidents", "read.districts", "read.table", "assign", "aggregate", "write.gpkg"):
        assert name in stages.stdout
    listed = json.loads(run_trygg("stages", "--json").stdout)
    agg = [s for s in listed if s["type"] == "aggregate"][0]
    assert {"name": "suppress_below", "type": "integer", "required": False, "default": 5} .items() <= \
        [o for o in agg["options"] if o["name"] == "suppress_below"][0].items()
    info = run_trygg("info")
    assert info.returncode == 0 and "GDAL 3" in info.stdout and "PROJ" in info.stdout and "GEOS" in info.stdout
    valid = run_trygg("validate", ROOT / "examples/exempelstad/pipeline.json")
    assert valid.returncode == 0, valid.stderr


def test_full_example_geocodes_and_finds_hotspots(tmp_path):
    out = tmp_path / "full.gpkg"
    result = run_pipeline(tmp_path, example_pipeline(out, core_only=False))
    assert result.returncode == 0, result.stderr
    acc = [a for a in manifest(out)["accounting"] if a["source"].endswith("incidents.csv")][0]
    assert acc["used"] + acc["outside"] + acc["not_located"] + acc["rejected"] == acc["rows"]
    assert acc["not_located"] < 100  # address rows are geocoded
    tables = {r[0] for r in query(out, "select table_name from gpkg_contents")}
    assert {"delomraden", "incident_counts", "avvisade", "hotspots_grid", "global_statistics", "kde_rasters"} <= tables
    # District hotspot fields for every district (their values are checked against published
    # reference figures in tests/reference), with their styles beside the default one.
    rows = query(out, "select gistar_z, gistar_bin, lisa_class from delomraden")
    assert len(rows) == 25 and all(-3 <= b <= 3 and c is not None for _, b, c in rows)
    # Violence counts of the latest half-year are withheld in some districts: z would reveal
    # them, so only the classes are published (tests/cli/test_privacy_layers.py).
    (withheld,) = query(out, "select count(*) from incident_counts where grupp='vald' and kon='alla' and "
                             "aldersgrupp='alla' and kod<>'totalt' and undertryckt=1 and "
                             "period=(select max(period) from incident_counts)")[0]
    assert all((z is None) == (withheld > 0) for z, _, _ in rows)
    styles = {r[0] for r in query(out, "select styleName from layer_styles where f_table_name='delomraden'")}
    assert {"gistar_bin", "lisa_class"} <= styles


def test_progress_json_lines(tmp_path):
    out = tmp_path / "p.gpkg"
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(example_pipeline(out)), encoding="utf-8")
    result = run_trygg("run", file, "--progress=json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(l.get("stage") == "assign" and "done" in l for l in lines)
    assert lines[-1]["result"] == "ok"
