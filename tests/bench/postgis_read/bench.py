#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Issue 20: reading incidents from PostGIS — GDAL's PG driver against
libpq COPY of the same rows, and the file pipeline as the baseline.

Starts a throw-away PostgreSQL + PostGIS server (tests/bench/peers/postgis_server.py), loads the
peers' DeSO points (tests/bench/peers/workloads.py makes them) into a table with a point geometry,
then times, interleaved, RUNS times each:
- `trygg run` of read.districts (file) -> read.incidents (PG:, the table) -> assign -> aggregate -> write.gpkg;
- the same pipeline reading the CSV file;
- the bare transfer through GDAL's PG driver: `ogr2ogr -f CSV /vsistdout/ PG:... table` into /dev/null;
- the bare transfer through libpq COPY: `COPY (SELECT id, brottsdatum, brottskod, ST_X(geom), ST_Y(geom)
  FROM table) TO STDOUT` read by psql into /dev/null.
Prints medians (wall, and CPU of the client plus the whole server cluster). Usage:
  tests/bench/postgis_read/bench.py POINTS_CSV DISTRICTS_GPKG [--runs 3] [--trygg build/release/engine/trygg]
"""
import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "peers"))
from postgis_server import PostGIS  # noqa: E402

TABLE = "brott"


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(pg, cmd, env=None):
    cpu0, srv0, t0 = children_cpu(), pg.cpu_seconds(), time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t0, children_cpu() - cpu0 + pg.cpu_seconds() - srv0


def pipeline(incidents, districts, out, layer=None):
    read = {"type": "read.incidents", "tag": "incidents", "path": incidents,
            "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod"},
            "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")}
    if layer:
        read["layer"] = layer
    else:
        read["fields"].update({"x": "x", "y": "y"})
    return {"privacy": "publish", "seed": 1, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(districts), "code": "kod"},
        read,
        {"type": "assign", "inputs": ["incidents", "districts"], "max_outside_share": 1.0},
        {"type": "aggregate", "inputs": ["assign"], "period": "year", "suppress_below": 0},
        {"type": "write.gpkg", "path": str(out)}]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("points", type=Path)
    ap.add_argument("districts", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--trygg", type=Path, default=ROOT / "build/release/engine/trygg")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="trygg-pgread-"))
    pg = PostGIS().start()
    try:
        pg.sql(f"CREATE TABLE {TABLE} (id text, brottsdatum text, brottskod text, x float8, y float8)")
        with open(args.points) as f, pg.conn.cursor() as c:
            c.copy_expert(f"COPY {TABLE} FROM STDIN (FORMAT csv, HEADER)", f)
        pg.sql(f"ALTER TABLE {TABLE} ADD COLUMN fid serial PRIMARY KEY, "
               f"ADD COLUMN geom geometry(Point, 3006)")
        pg.sql(f"UPDATE {TABLE} SET geom = ST_SetSRID(ST_MakePoint(x, y), 3006)")
        pg.sql(f"ALTER TABLE {TABLE} DROP COLUMN x, DROP COLUMN y")
        pg.sql(f"VACUUM ANALYZE {TABLE}")
        rows = pg.sql(f"SELECT count(*) FROM {TABLE}")[0][0]
        dsn = pg.ogr_dsn
        (work / "pg.json").write_text(json.dumps(pipeline(dsn, args.districts, work / "pg.gpkg", TABLE)))
        (work / "file.json").write_text(json.dumps(pipeline(str(args.points), args.districts, work / "file.gpkg")))
        psql = ["/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
                "-d", "postgres", "-q", "-c",
                f"\\copy (SELECT id, brottsdatum, brottskod, ST_X(geom), ST_Y(geom) FROM {TABLE}) TO '/dev/null' "
                "(FORMAT csv)"]
        ogr = ["ogr2ogr", "-f", "CSV", "/vsistdout/", dsn, TABLE, "-lco", "GEOMETRY=AS_XY"]
        cases = {
            "trygg, incidents from PostGIS (read by COPY)": [str(args.trygg), "run", "--quiet", str(work / "pg.json")],
            "trygg, incidents from the CSV file": [str(args.trygg), "run", "--quiet", str(work / "file.json")],
            "transfer only: GDAL PG driver (ogr2ogr to CSV, /dev/null)": ogr,
            "transfer only: libpq COPY (psql \\copy, /dev/null)": psql,
        }
        results = {k: [] for k in cases}
        for _ in range(args.runs):  # interleaved, so a change in load hits every case alike
            for name, cmd in cases.items():
                results[name].append(timed(pg, cmd))
        load = os.getloadavg()
        print(f"{rows:,} rows; {args.runs} runs each, interleaved; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print("| case | wall s (median, min–max) | CPU s client + server (median) |")
        print("|---|---|---|")
        for name, runs in results.items():
            walls = [w for w, _ in runs]
            print(f"| {name} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) | "
                  f"{statistics.median(c for _, c in runs):.2f} |")
        for name in ("pg", "file"):  # the last run's read.incidents stage, from its manifest
            m = json.loads((work / f"{name}.manifest.json").read_text())
            t = next(t for t in m["timings"] if t["tag"] == "incidents")
            print(f"read.incidents ({'PostGIS' if name == 'pg' else 'CSV file'}), last run: "
                  f"wall {t['wall_s']:.2f} s, CPU {t['cpu_s']:.2f} s")
        def counts(gpkg):  # Python's sqlite3 module: the sqlite3 program is not a dependency
            with sqlite3.connect(gpkg) as db:
                return db.execute("SELECT * FROM incident_counts ORDER BY 1,2,3,4,5").fetchall()
        a, b = counts(work / "pg.gpkg"), counts(work / "file.gpkg")
        print("incident_counts equal between the database and file runs:", a == b and bool(a))
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
