# SPDX-License-Identifier: MIT
"""PostGIS in and out (issue 20), against a real PostgreSQL + PostGIS server on 127.0.0.1.

- a pipeline reading its districts, population and incidents from the database and writing
  to a schema gives the same numbers as the same pipeline on the files;
- the written tables are what QGIS opens: geometry columns registered, default styles in
  public.layer_styles that QGIS loads;
- a write killed mid-way leaves the previous schema as it was;
- the password is never shown: not in a message, the manifest, any file or table written;
  a password written in the pipeline is refused, a wrong one is one clear line;
- the manifest's provenance of a database input is its server, table, rows and a checksum.
"""
import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pg_settings import DATABASE, PASSWORD
from trygg_cli import ROOT, internal_file, manifest, trygg_exe

EX = ROOT / "geodata/exempelstad"
SERVICE = "PG:service=trygg"
FIELDS = {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y", "lon": "lon",
          "lat": "lat", "area_code": "deso", "address": "adress", "sex": "kon", "age": "alder"}


def run(pg, tmp_path, stages, name="pipeline", env=None, privacy="publish"):
    file = tmp_path / f"{name}.json"
    file.write_text(json.dumps({"privacy": privacy, "seed": 7, "pipeline": stages}), encoding="utf-8")
    return subprocess.run([trygg_exe(), "run", "--progress=json", str(file)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=env if env is not None else pg.env())


def stages(districts, population, incidents, out, schema=None, layers=("delomraden", "befolkning", "brott"),
           to="2025-12-31"):
    s = [
        {"type": "read.districts", "tag": "districts", "path": str(districts), "layer": layers[0], "code": "kod",
         "name": "namn"},
        {"type": "read.table", "tag": "population", "path": str(population), "key": "kod",
         **({"layer": layers[1]} if str(population).startswith("PG:") else {})},
        {"type": "read.incidents", "tag": "incidents", "path": str(incidents), "fields": FIELDS, "crs": "EPSG:3006",
         "from": "2022-01-01", "to": to, "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv"),
         **({"layer": layers[2]} if str(incidents).startswith("PG:") else {})},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "period": "half-year",
         "age_bands": [0, 18, 25, 45, 65], "suppress_below": 5,
         "population": {"value": "antal", "sex": "kon", "age": "aldersgrupp"}},
        {"type": "write.gpkg", "tag": "gpkg", "path": str(out)},
    ]
    if schema:
        s.append({"type": "write.postgis", "inputs": ["gpkg"], "connection": SERVICE, "schema": schema})
    return s


def ogr2ogr(pg, *args):
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", SERVICE, *map(str, args)], check=True, env=pg.env(),
                   capture_output=True)


@pytest.fixture(scope="module")
def loaded(pg):
    """The Exempelstad inputs in the database, in schema `kalla`, as a municipality keeps them."""
    pg.sql("CREATE SCHEMA IF NOT EXISTS kalla")
    ogr2ogr(pg, EX / "exempelstad.gpkg", "delomraden", "-lco", "SCHEMA=kalla", "-nln", "delomraden")
    ogr2ogr(pg, EX / "befolkning.csv", "-lco", "SCHEMA=kalla", "-nln", "befolkning")
    ogr2ogr(pg, EX / "incidents.csv", "-lco", "SCHEMA=kalla", "-nln", "brott")
    return pg


@pytest.fixture(scope="module")
def both(loaded, tmp_path_factory):
    """The file pipeline and the database pipeline (read from and written to the server)."""
    tmp = tmp_path_factory.mktemp("both")
    files = run(loaded, tmp, stages(EX / "exempelstad.gpkg", EX / "befolkning.csv", EX / "incidents.csv",
                                    tmp / "files.gpkg"), "files")
    assert files.returncode == 0, files.stderr
    db = run(loaded, tmp, stages(SERVICE, SERVICE, SERVICE, tmp / "db.gpkg", schema="trygg_exempelstad",
                                 layers=("kalla.delomraden", "kalla.befolkning", "kalla.brott")), "db")
    assert db.returncode == 0, db.stderr
    return tmp, loaded


def gpkg_rows(gpkg, table, columns):
    with sqlite3.connect(gpkg) as c:
        return sorted(c.execute(f"select {', '.join(columns)} from {table}").fetchall(), key=repr)


def gpkg_columns(gpkg, table):
    with sqlite3.connect(gpkg) as c:
        return [r[1] for r in c.execute(f"pragma table_info({table})") if r[1] not in ("fid", "geom")]


def pg_rows(pg, schema, table, columns):
    """Rows of a PostGIS table as Python values (numbers as numbers, NULL as None)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    out = pg.psql_socket(DATABASE, f"SELECT json_agg(json_build_array({cols})) FROM {schema}.\"{table}\"")
    rows = json.loads(out) or []
    return sorted((tuple(r) for r in rows), key=repr)


def test_database_pipeline_gives_the_numbers_of_the_file_pipeline(both):
    tmp, _ = both
    for table in ("incident_counts", "delomraden", "avvisade"):
        cols = gpkg_columns(tmp / "files.gpkg", table)
        assert cols == gpkg_columns(tmp / "db.gpkg", table)
        assert gpkg_rows(tmp / "files.gpkg", table, cols) == gpkg_rows(tmp / "db.gpkg", table, cols), table
    assert len(gpkg_rows(tmp / "files.gpkg", "incident_counts", ["1"])) > 1000


def test_schema_holds_what_the_geopackage_holds(both):
    tmp, pg = both
    with sqlite3.connect(tmp / "db.gpkg") as c:
        tables = [r[0] for r in c.execute("select table_name from gpkg_contents") if r[0] != "layer_styles"]
    in_db = {r[0] for r in pg.sql("SELECT table_name FROM information_schema.tables "
                                  "WHERE table_schema = 'trygg_exempelstad'")}
    assert set(tables) <= in_db, set(tables) - in_db
    for table in ("incident_counts", "delomraden", "avvisade", "run_manifest"):
        cols = gpkg_columns(tmp / "db.gpkg", table)
        expected = gpkg_rows(tmp / "db.gpkg", table, cols)
        got = pg_rows(pg, "trygg_exempelstad", table, cols)
        assert len(got) == len(expected), table
        # Numbers compared as numbers (PostgreSQL's float8 text may differ in the last digit's form).
        for e, g in zip(expected, got):
            for a, b in zip(e, g):
                if isinstance(a, float) or isinstance(b, float):
                    assert a == pytest.approx(b, rel=1e-12, abs=1e-12), (table, e, g)
                else:
                    assert a == b, (table, e, g)
    # The record-level rejects stay in the internal file, out of the database.
    assert "rejects" not in in_db


def test_geometry_columns_are_registered(both):
    _, pg = both
    rows = pg.sql("SELECT f_table_name, f_geometry_column, srid, type FROM geometry_columns "
                  "WHERE f_table_schema = 'trygg_exempelstad' ORDER BY 1")
    assert ["delomraden", "geom", "3006", "MULTIPOLYGON"] in rows or ["delomraden", "geom", "3006", "POLYGON"] in rows, rows


def test_manifest_records_database_provenance(both):
    tmp, pg = both
    m = manifest(tmp / "db.gpkg")
    entries = [i for i in m["inputs"] if i["path"] == SERVICE]
    by_table = {e["table"]: e for e in entries}
    assert set(by_table) == {"kalla.delomraden", "kalla.befolkning", "kalla.brott"}
    brott = by_table["kalla.brott"]
    assert brott["rows"] == 39970 and brott["database"] == DATABASE and brott["server"] == f"127.0.0.1:{pg.port}"
    assert "sha256" not in brott and "size" not in brott
    # The checksums, computed here in Python: brott (no geometry) is read by COPY and hashed as
    # read, each row as COPY sends it (key, every field as text); delomraden (polygons, read
    # through GDAL) as row::text in the server.
    fields = [r[0] for r in pg.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'kalla' "
                                   "AND table_name = 'brott' AND column_name <> 'ogc_fid' ORDER BY ordinal_position")]
    copy = pg.psql_socket(DATABASE, "COPY (SELECT ogc_fid, " + ", ".join(f'"{f}"::text' for f in fields) +
                          " FROM kalla.brott) TO STDOUT")
    row_md5s = sorted(hashlib.md5(line.encode()).hexdigest() for line in copy.splitlines(keepends=True))
    assert brott["content_md5"] == hashlib.md5("".join(row_md5s).encode()).hexdigest()
    assert brott["content_md5_of"].startswith("each row as COPY sent it")
    lines = pg.psql_socket(DATABASE, "SELECT md5(t::text) FROM kalla.delomraden t").split()
    assert by_table["kalla.delomraden"]["content_md5"] == hashlib.md5("".join(sorted(lines)).encode()).hexdigest()
    assert by_table["kalla.delomraden"]["content_md5_of"].startswith("row::text")
    # Changing one row changes it.
    pg.sql("UPDATE kalla.brott SET alder = '57' WHERE id = 'E000001'")
    try:
        again = run(pg, tmp, stages(SERVICE, SERVICE, SERVICE, tmp / "db2.gpkg",
                                    layers=("kalla.delomraden", "kalla.befolkning", "kalla.brott")), "db2")
        assert again.returncode == 0, again.stderr
        brott2 = {e["table"]: e for e in manifest(tmp / "db2.gpkg")["inputs"] if e["path"] == SERVICE}["kalla.brott"]
        assert brott2["content_md5"] != brott["content_md5"] and brott2["rows"] == 39970
    finally:
        pg.sql("UPDATE kalla.brott SET alder = '56' WHERE id = 'E000001'")


def test_qgis_opens_the_layer_with_its_style(both, tmp_path):
    _, pg = both
    n = pg.sql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'trygg_exempelstad' "
               "AND f_table_name = 'delomraden' AND useasdefault")
    assert n == [["1"]]
    script = tmp_path / "qgis_check.py"
    script.write_text(f"""
import json, sys
from qgis.core import QgsApplication, QgsVectorLayer, QgsProject
app = QgsApplication([], False); app.initQgis()
uri = "service='trygg' sslmode=disable key='fid' srid=3006 type=MultiPolygon checkPrimaryKeyUnicity='0' table=\\"trygg_exempelstad\\".\\"delomraden\\" (geom)"
layer = QgsVectorLayer(uri, "delomraden", "postgres")
out = {{"valid": layer.isValid(), "count": layer.featureCount()}}
n, ids, names, descriptions, err = layer.listStylesInDatabase()
out["styles"] = n
msg, ok = layer.loadDefaultStyle()
out["loaded"] = ok
out["renderer"] = layer.renderer().type() if layer.renderer() else None
QgsProject.instance().addMapLayer(layer)
print(json.dumps(out))
QgsProject.instance().clear()
app.exitQgis()
""", encoding="utf-8")
    env = pg.env(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path))
    r = subprocess.run(["/usr/bin/python3", str(script)], capture_output=True, text=True, timeout=300, env=env)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    assert lines, r.stdout + r.stderr
    out = json.loads(lines[-1])
    assert out["valid"] and out["count"] == int(pg.sql("SELECT count(*) FROM trygg_exempelstad.delomraden")[0][0])
    assert out["styles"] >= 1 and out["loaded"], out
    # The Trygg style is not QGIS's default single symbol.
    assert out["renderer"] != "singleSymbol", out


def test_killed_write_leaves_the_previous_schema(loaded, tmp_path):
    pg = loaded
    first = run(pg, tmp_path, stages(SERVICE, SERVICE, SERVICE, tmp_path / "v1.gpkg", schema="trygg_kill",
                                     layers=("kalla.delomraden", "kalla.befolkning", "kalla.brott"), to="2024-12-31"),
                "v1")
    assert first.returncode == 0, first.stderr
    before = pg.sql("SELECT sum(antal) FROM trygg_kill.incident_counts")
    manifest_before = pg.sql("SELECT value FROM trygg_kill.run_manifest WHERE key = 'stages'")
    # Killed with SIGKILL after the first tables of a different result were copied, then
    # between the copy and the swap: the schema is the first run's either way.
    for step in ("copied delomraden", "copied"):
        killed = run(pg, tmp_path, stages(SERVICE, SERVICE, SERVICE, tmp_path / "v2.gpkg", schema="trygg_kill",
                                          layers=("kalla.delomraden", "kalla.befolkning", "kalla.brott")),
                     "v2", env=pg.env(TRYGG_TEST_KILL_AT=step))
        assert killed.returncode == -9, (step, killed.returncode, killed.stderr)
        assert pg.sql("SELECT sum(antal) FROM trygg_kill.incident_counts") == before, step
        assert pg.sql("SELECT value FROM trygg_kill.run_manifest WHERE key = 'stages'") == manifest_before
        assert pg.sql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'trygg_kill' "
                      "AND f_table_name = 'delomraden' AND useasdefault") == [["1"]]
    # The next complete write replaces it, and no temporary schema is left.
    done = run(pg, tmp_path, stages(SERVICE, SERVICE, SERVICE, tmp_path / "v3.gpkg", schema="trygg_kill",
                                    layers=("kalla.delomraden", "kalla.befolkning", "kalla.brott")), "v3")
    assert done.returncode == 0, done.stderr
    assert pg.sql("SELECT sum(antal) FROM trygg_kill.incident_counts") != before
    assert pg.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'trygg_kill%' ORDER BY 1") == [["trygg_kill"]]
    assert pg.sql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'trygg_kill' "
                  "AND f_table_name = 'delomraden' AND useasdefault") == [["1"]]


def test_password_never_appears_in_any_output(loaded, tmp_path):
    """Credentials from PGPASSWORD (no password file): the console, progress JSON, every file
    written and every table written hold no trace of the password."""
    pg = loaded
    env = pg.env(PGPASSWORD=PASSWORD)
    env.pop("PGPASSFILE")
    env["PGPASSFILE"] = str(tmp_path / "none")
    src = f"PG:host=127.0.0.1 port={pg.port} dbname={DATABASE} user=postgres"
    out = tmp_path / "out"
    r = run(pg, tmp_path, stages(src, src, src, out / "pw.gpkg", layers=("kalla.delomraden", "kalla.befolkning",
                                                                         "kalla.brott")) +
            [{"type": "write.postgis", "inputs": ["gpkg"], "connection": src, "schema": "trygg_pw"}],
            "pw", env=env, privacy="internal")
    assert r.returncode == 0, r.stderr
    assert PASSWORD not in r.stdout + r.stderr
    files = list(out.iterdir())
    assert any(f.name.endswith(".gpkg") for f in files)
    for f in files:
        assert PASSWORD.encode() not in f.read_bytes(), f
    dump = pg.psql_socket(DATABASE, "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM trygg_pw.run_manifest) t")
    assert PASSWORD not in dump and "password=" not in dump.lower()
    rejects = pg.sql("SELECT DISTINCT kalla FROM trygg_pw.rejects")  # internal run: the rejects are in it
    assert rejects == [[src]]


def test_password_in_the_pipeline_is_refused_without_showing_it(loaded, tmp_path):
    pg = loaded
    src = f"PG:host=127.0.0.1 port={pg.port} dbname={DATABASE} user=postgres password={PASSWORD}"
    r = run(pg, tmp_path, stages(src, EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "x.gpkg",
                                 layers=("kalla.delomraden", "", "")), "refused")
    assert r.returncode == 3, r.stderr
    assert PASSWORD not in r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "password=***" in r.stderr and "service file" in r.stderr
    w = run(pg, tmp_path, stages(EX / "exempelstad.gpkg", EX / "befolkning.csv", EX / "incidents.csv",
                                 tmp_path / "y.gpkg")[:-1] +
            [{"type": "write.gpkg", "tag": "gpkg", "path": str(tmp_path / "y.gpkg")},
             {"type": "write.postgis", "connection": src, "schema": "trygg_x"}], "refused2")
    assert w.returncode == 3 and PASSWORD not in w.stderr, w.stderr
    assert not (tmp_path / "y.gpkg").exists()


def test_wrong_password_is_one_clear_line(loaded, tmp_path):
    pg = loaded
    env = pg.env(PGPASSWORD="fel-lösenord-123")
    env["PGPASSFILE"] = str(tmp_path / "none")
    src = f"PG:host=127.0.0.1 port={pg.port} dbname={DATABASE} user=postgres"
    r = run(pg, tmp_path, stages(src, EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "x.gpkg",
                                 layers=("kalla.delomraden", "", "")), "wrong", env=env)
    assert r.returncode == 4, r.stderr
    assert r.stderr.count("\n") == 1, r.stderr
    assert "districts:" in r.stderr and "password authentication failed" in r.stderr
    assert "fel-lösenord-123" not in r.stderr


def test_no_layer_lists_non_spatial_tables(loaded, tmp_path):
    r = run(loaded, tmp_path, stages(SERVICE, EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "x.gpkg",
                                     layers=("kalla.saknas", "", "")), "nolayer")
    assert r.returncode == 4, r.stderr
    assert "no layer 'kalla.saknas'" in r.stderr and "kalla.befolkning" in r.stderr, r.stderr


def test_rows_read_by_copy_keep_their_key_text_and_points(loaded, tmp_path):
    """Issue 20: a PostGIS point table is read by libpq COPY. Planted rows: text with a tab, a
    backslash and a line break (COPY escapes them), a NULL id, a NULL and an empty geometry; keys
    10..50, not from 1. Each row must come back as the table holds it, its key as
    the row number of its reject."""
    pg = loaded
    pg.sql("DROP TABLE IF EXISTS kalla.punkter")
    pg.sql("CREATE TABLE kalla.punkter (nr integer PRIMARY KEY, id text, brottsdatum date, brottskod text, "
           "geom geometry(Point, 3006))")
    inside = "(SELECT ST_PointOnSurface(geom) FROM kalla.delomraden ORDER BY kod LIMIT 1)"
    pg.sql(f"""INSERT INTO kalla.punkter VALUES
        (10, 'inne', '2023-02-01', '0355', {inside}),
        (20, E'flik\\there\\\\back\\nslash', '2023-02-02', '0355', ST_SetSRID(ST_MakePoint(1, 1), 3006)),
        (30, NULL, '2023-02-03', '0355', ST_SetSRID(ST_MakePoint(2, 2), 3006)),
        (40, 'utan', '2023-02-04', '0355', NULL),
        (50, 'tom', '2023-02-05', '0355', ST_GeomFromText('POINT EMPTY', 3006))""")
    s = stages(EX / "exempelstad.gpkg", EX / "befolkning.csv", SERVICE, tmp_path / "copy.gpkg",
               layers=("delomraden", "", "kalla.punkter"))
    s[2]["fields"] = {"id": "id", "time": "brottsdatum", "category": "brottskod"}
    s[3]["max_outside_share"] = 1.0
    r = run(pg, tmp_path, s, "copy", privacy="internal")
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(internal_file(tmp_path / "copy.gpkg")) as c:
        rejects = sorted(c.execute("select rad, id, utfall from rejects").fetchall())
    assert rejects == [(20, "flik\there\\back\nslash", "outside"), (30, "", "outside"),
                       (40, "utan", "not_located"), (50, "tom", "not_located")], rejects
    acc = manifest(tmp_path / "copy.gpkg")["accounting"]
    assert [(a["rows"], a["used"], a["outside"], a["not_located"]) for a in acc] == [(5, 1, 2, 2)], acc
