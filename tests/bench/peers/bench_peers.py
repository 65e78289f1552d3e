# SPDX-License-Identifier: MIT
"""Trygg side by side with the tools users would pick instead: PostGIS, QGIS, GeoPandas.

Run through scripts/bench-peers (which installs packages and builds Trygg). Directly:
  /usr/bin/python3 tests/bench/peers/bench_peers.py --trygg build/release/engine/trygg [--quick|--full]
Workloads and scratch files go to build/bench-peers/; the table to tests/bench/peers/RESULTS.md.
Every timed run records wall time, CPU time (user+sys), peak RSS and the 1-minute load average.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))

import workloads as wl  # noqa: E402
from report import write_report  # noqa: E402

QGIS_PROCESS = "/usr/bin/qgis_process.bin"
PY = "/usr/bin/python3"
TARGET_SPEEDUP = 10.0


def loadavg():
    return float(Path("/proc/loadavg").read_text().split()[0])


def timed(cmd, env=None, cwd=None, check=True):
    """Run cmd under /usr/bin/time -v: wall, cpu (user+sys), peak RSS (MB), load avg, stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        load = loadavg()
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + [str(c) for c in cmd], env=env, cwd=cwd,
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        info = {}
        for line in Path(tf.name).read_text().splitlines():
            if ":" in line:
                k, v = line.strip().rsplit(":", 1) if "Elapsed" not in line else (line.split(":")[0].strip(), "")
                info[k.strip()] = v.strip()
    if check and p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr.strip()[-800:]}")
    return {"wall": wall, "cpu": float(info.get("User time (seconds)", "nan")) + float(info.get("System time (seconds)", "nan")),
            "rss_mb": int(info.get("Maximum resident set size (kbytes)", "0")) / 1024, "load": load,
            "stdout": p.stdout, "rc": p.returncode, "stderr": p.stderr}


def median_of(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def summarize(runs, **extra):
    out = {k: median_of(runs, k) for k in ("wall", "cpu", "rss_mb", "load", "load_s", "compute_s", "load_cpu",
                                           "compute_cpu")}
    stages = [r["stages"] for r in runs if r.get("stages")]
    if stages:  # Trygg: median wall and CPU per stage, from the run manifests
        out["stages"] = {tag: {k: statistics.median(s[tag][k] for s in stages if tag in s) for k in ("wall_s", "cpu_s")}
                         for tag in stages[0]}
        for tag, v in out["stages"].items():
            v["type"] = stages[0][tag]["type"]
    out["rss_mb"] = max(r["rss_mb"] for r in runs)
    walls = [r["wall"] for r in runs if r.get("wall") is not None]
    if walls:  # the spread of the runs, shown beside the median
        out["wall_min"], out["wall_max"] = min(walls), max(walls)
    out["runs"] = len(runs)
    out.update(extra)
    return out


# ---------------------------------------------------------------- Trygg

def trygg_has_stage(trygg, name):
    p = subprocess.run([str(trygg), "stages"], capture_output=True, text=True)
    return any(line.strip() == name for line in p.stdout.splitlines())


def trygg_count_pipeline(districts, csv, out):
    return {"privacy": "publish", "seed": 1, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(districts), "code": "kod"},
        {"type": "read.incidents", "tag": "incidents", "path": str(csv),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"},
         "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"], "max_outside_share": 1.0},
        {"type": "aggregate", "inputs": ["assign"], "period": "year", "suppress_below": 0},
        {"type": "write.gpkg", "path": str(out)}]}


def trygg_counts(gpkg):
    from osgeo import ogr
    ds = ogr.Open(str(gpkg))
    lyr = ds.ExecuteSQL("SELECT kod, grupp, SUM(antal) FROM incident_counts WHERE kon = 'alla' AND "
                        "aldersgrupp = 'alla' AND kod <> 'totalt' GROUP BY kod, grupp")
    out = {(f.GetField(0), f.GetField(1)): f.GetField(2) for f in lyr}
    ds.ReleaseResultSet(lyr)
    return {k: v for k, v in out.items() if v}


def trygg_stage_times(run, manifest):
    """Adds Trygg's load/compute split from the run manifest's per-stage timings: load = the read.*
    stages (parsing the inputs; two in a row run side by side), compute = the rest of the process (assign, aggregate or kde,
    write.gpkg, start-up), as wall time and CPU time."""
    if not manifest.exists():
        return run
    timings = json.loads(manifest.read_text()).get("timings") or []
    if not timings:
        return run
    run["stages"] = {t["tag"]: {"type": t["type"], "wall_s": t["wall_s"], "cpu_s": t["cpu_s"]} for t in timings}
    reads = [t for t in timings if t["type"].startswith("read.")]
    if reads and all("start_s" in t for t in reads):
        # Reads run side by side ("beside"): their span, not the sum of their times; each one's
        # CPU time includes the other's while they overlapped, so the pair counts its larger.
        run["load_s"] = max(t["start_s"] + t["wall_s"] for t in reads) - min(t["start_s"] for t in reads)
        alone = sum(t["cpu_s"] for t in reads if "beside" not in t)
        run["load_cpu"] = alone + max([t["cpu_s"] for t in reads if "beside" in t], default=0.0)
    else:
        run["load_s"] = sum(t["wall_s"] for t in reads)
        run["load_cpu"] = sum(t["cpu_s"] for t in reads)
    run["compute_s"] = run["wall"] - run["load_s"]
    run["compute_cpu"] = run["cpu"] - run["load_cpu"]
    return run


def run_trygg(args, pipeline, work, name):
    pj = work / f"{name}.pipeline.json"
    pj.write_text(json.dumps(pipeline, indent=1))
    out = Path(pipeline["pipeline"][-1]["path"])
    manifest = out.with_name(out.stem + ".manifest.json")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # timings are omitted under it
    runs = []
    for _ in range(args.runs):
        manifest.unlink(missing_ok=True)
        runs.append(trygg_stage_times(timed([args.trygg, "run", "--quiet", pj], cwd=ROOT, env=env), manifest))
    return runs


# ---------------------------------------------------------------- peers

def qgis_env(work):
    home, xdg = work / "qgis-home", work / "qgis-xdg"
    home.mkdir(exist_ok=True)
    xdg.mkdir(mode=0o700, exist_ok=True)
    return dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(xdg))


def qgis_count(args, work, districts, vrt):
    """QGIS requests the points once per polygon by rectangle, so they must be in an indexed source:
    a CSV (even through a VRT) is rescanned for every polygon (hours at 1M points into 6,000
    polygons). Load = ogr2ogr of the CSV into a GeoPackage with its R-tree, as a QGIS user would."""
    out, pts = work / "qgis_count.gpkg", work / "qgis_points.gpkg"
    runs = []
    for _ in range(args.runs):
        out.unlink(missing_ok=True)
        pts.unlink(missing_ok=True)
        load = timed(["ogr2ogr", "-f", "GPKG", pts, vrt, "points", "-nln", "points", "-select", "brottskod",
                      "-gt", "65536"])
        r = timed([QGIS_PROCESS, "run", "native:countpointsinpolygon", "--", f"POLYGONS={districts}",
                   f"POINTS={pts}", "FIELD=NUMPOINTS", f"OUTPUT={out}"], env=qgis_env(work))
        r["load_s"], r["compute_s"] = load["wall"], r["wall"]
        r["wall"] += load["wall"]
        r["cpu"] += load["cpu"]
        r["rss_mb"] = max(r["rss_mb"], load["rss_mb"])
        runs.append(r)
        if r["wall"] > args.repeat_cutoff:
            break
    from osgeo import ogr
    ds = ogr.Open(str(out))
    counts = {f.GetField("kod"): f.GetField("NUMPOINTS") for f in ds.GetLayer(0)}
    return runs, {k: v for k, v in counts.items() if v}


def geopandas_count(args, work, districts, csv):
    out = work / "geopandas_counts.csv"
    runs = []
    for _ in range(args.runs):
        r = timed([PY, HERE / "geopandas_count.py", districts, csv, out], cwd=HERE)
        phases = json.loads(r["stdout"].strip().splitlines()[-1])
        r["load_s"], r["compute_s"] = phases["import"] + phases["read"], phases["compute"]
        runs.append(r)
        if r["wall"] > args.repeat_cutoff:
            break
    import csv as csvmod
    with open(out) as f:
        counts = {(row["kod"], row["grupp"]): int(row["antal"]) for row in csvmod.DictReader(f)}
    return runs, counts


POSTGIS_QUERY = """SELECT d.kod, c.grupp, count(*) FROM {d} d
  JOIN {p} p ON ST_Intersects(d.geom, p.geom) JOIN catalogue c ON c.code = p.brottskod
  GROUP BY d.kod, c.grupp"""

# As a DBA loads a CSV of points: COPY straight into a table whose point is a stored generated
# column (computed while copying, no second pass), then the GiST index and ANALYZE. The table is
# UNLOGGED (a scratch analysis table; the server runs with fsync off anyway).
POSTGIS_POINTS_TABLE = """CREATE UNLOGGED TABLE {p} (id text, brottsdatum text, brottskod text, x float8, y float8,
  geom geometry(Point, 3006) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(x, y), 3006)) STORED)"""


def postgis_count(args, pg, work, districts, vrt, key):
    dt, pt = f"d_{key}", f"p_{key}"
    csv = vrt.with_suffix(".csv")
    # Districts are loaded once (small); the points load is timed: COPY + GiST index + ANALYZE.
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg.ogr_dsn, str(districts), "districts", "-nln", dt,
                    "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST"], check=True)
    pg.sql(f"ANALYZE {dt}")
    runs = []
    for i in range(args.runs):
        pg.sql(f"DROP TABLE IF EXISTS {pt}")
        load = loadavg()
        cpu0, own0, t0 = pg.cpu_seconds(), time.process_time(), time.perf_counter()
        pg.sql(POSTGIS_POINTS_TABLE.format(p=pt))
        with open(csv) as f, pg.conn.cursor() as c:  # psql's \copy: the client streams the file
            c.copy_expert(f"COPY {pt} (id, brottsdatum, brottskod, x, y) FROM STDIN (FORMAT csv, HEADER)", f)
        pg.sql(f"CREATE INDEX ON {pt} USING gist (geom)")
        pg.sql(f"ANALYZE {pt}")
        load_wall = time.perf_counter() - t0
        load_cpu = pg.cpu_seconds() - cpu0 + time.process_time() - own0
        q_wall, q_cpu, q_peak, rows = pg.timed_query(POSTGIS_QUERY.format(d=dt, p=pt))
        runs.append({"load_s": load_wall, "compute_s": q_wall, "wall": load_wall + q_wall, "cpu": load_cpu + q_cpu,
                     "rss_mb": q_peak, "load": load})
        if runs[-1]["wall"] > args.repeat_cutoff:
            break
    counts = {(k, g): n for k, g, n in rows}
    pg.sql(f"DROP TABLE IF EXISTS {pt}")
    return runs, counts


# ---------------------------------------------------------------- comparison

def compare(ref, other):
    """Number of (district, group) cells that differ and the total absolute difference."""
    keys = set(ref) | set(other)
    diff = [k for k in keys if ref.get(k, 0) != other.get(k, 0)]
    return {"cells": len(keys), "differ": len(diff), "abs_diff": sum(abs(ref.get(k, 0) - other.get(k, 0)) for k in diff),
            "examples": [(list(k) if isinstance(k, tuple) else k, ref.get(k, 0), other.get(k, 0)) for k in diff[:3]]}


def totals_by_district(counts):
    out = {}
    for (kod, _), n in counts.items():
        out[kod] = out.get(kod, 0) + n
    return out


def assign_workload(args, work, pg, layer_name, districts, n, results):
    key = f"{districts.stem.split('_')[0]}_{n}"
    print(f"== assign+count: {layer_name}, {n:,} points", flush=True)
    csv = work / f"points_{key}.csv"
    vrt = wl.uniform_points(csv, n, wl.extent(districts), seed=n + len(layer_name))
    entry = {"workload": "assign+count", "layer": layer_name, "points": n, "tools": {}}
    out = work / f"trygg_{key}.gpkg"
    truns = run_trygg(args, trygg_count_pipeline(districts, csv, out), work, f"trygg_{key}")
    tc = trygg_counts(out)
    entry["tools"]["Trygg"] = summarize(truns, answers="reference", counted=sum(tc.values()))
    print(f"   Trygg {entry['tools']['Trygg']['wall']:.2f} s", flush=True)
    if "postgis" in args.tools and pg:
        runs, c = postgis_count(args, pg, work, districts, vrt, key)
        entry["tools"]["PostGIS"] = summarize(runs, answers=compare(tc, c))
        print(f"   PostGIS {entry['tools']['PostGIS']['wall']:.2f} s", flush=True)
    if "geopandas" in args.tools and n <= args.geopandas_max:
        runs, c = geopandas_count(args, work, districts, csv)
        entry["tools"]["GeoPandas"] = summarize(runs, answers=compare(tc, c))
        print(f"   GeoPandas {entry['tools']['GeoPandas']['wall']:.2f} s", flush=True)
    if "qgis" in args.tools and n <= args.qgis_max:
        runs, c = qgis_count(args, work, districts, vrt)
        entry["tools"]["QGIS"] = summarize(runs, answers=compare(totals_by_district(tc), c), totals_only=True)
        print(f"   QGIS {entry['tools']['QGIS']['wall']:.2f} s", flush=True)
    results["workloads"].append(entry)
    save(work, results)


# ---------------------------------------------------------------- KDE and Exempelstad

KDE_RADIUS, KDE_PIXEL = 500.0, 25.0


def kde_workload(args, work, n, results):
    print(f"== KDE: {n:,} points", flush=True)
    entry = {"workload": "kde", "points": n, "tools": {}}
    csv = work / f"kde_points_{n}.csv"
    vrt = wl.clustered_points(csv, n, seed=7)
    square = work / "kde_square.gpkg"
    wl.square_layer(square)
    results["workloads"].append(entry)
    if not trygg_has_stage(args.trygg, "kde"):
        entry["tools"]["Trygg"] = {"unavailable": "the kde stage is not in this build of trygg (branch grid not merged)"}
        print("   Trygg: kde stage not available", flush=True)
    else:
        outdir = work / "trygg_kde"
        outdir.mkdir(exist_ok=True)
        p = trygg_count_pipeline(square, csv, outdir / "kde.gpkg")
        p["pipeline"][3] = {"type": "kde", "inputs": ["assign"], "kernel": "quartic", "radius": KDE_RADIUS,
                            "pixel_size": KDE_PIXEL, "extent": "points", "output": "expected_count",
                            "groups": ["alla"], "period": "all"}
        runs = run_trygg(args, p, work, "trygg_kde")
        entry["tools"]["Trygg"] = summarize(runs, answers="reference")
        entry["trygg_raster"] = str(sorted(outdir.glob("kde_*.tif"))[0])
    if "qgis" in args.tools:
        out = work / "qgis_kde.tif"
        runs = []
        for _ in range(args.runs):
            out.unlink(missing_ok=True)
            runs.append(timed([QGIS_PROCESS, "run", "qgis:heatmapkerneldensityestimation", "--", f"INPUT={vrt}",
                               f"RADIUS={KDE_RADIUS}", f"PIXEL_SIZE={KDE_PIXEL}", "KERNEL=0", "DECAY=0",
                               "OUTPUT_VALUE=0", f"OUTPUT={out}"], env=qgis_env(work)))
            if runs[-1]["wall"] > args.repeat_cutoff:
                break
        answers = kde_correlation(entry.get("trygg_raster"), out)
        entry["tools"]["QGIS"] = summarize(runs, answers=answers)
        print(f"   QGIS {entry['tools']['QGIS']['wall']:.2f} s; {answers}", flush=True)
    save(work, results)


def kde_correlation(trygg_tif, qgis_tif):
    """Pearson r over the overlapping pixels (both use QGIS's extent convention)."""
    import numpy as np
    from osgeo import gdal
    q = gdal.Open(str(qgis_tif))
    qa, qg = q.ReadAsArray().astype(float), q.GetGeoTransform()
    info = {"qgis_size": f"{q.RasterXSize} x {q.RasterYSize}"}
    if not trygg_tif:
        return info
    t = gdal.Open(str(trygg_tif))
    ta, tg = t.ReadAsArray().astype(float), t.GetGeoTransform()
    info["trygg_size"] = f"{t.RasterXSize} x {t.RasterYSize}"
    dx, dy = round((tg[0] - qg[0]) / qg[1]), round((tg[3] - qg[3]) / qg[5])  # Trygg origin in QGIS pixels
    r0, c0 = max(0, dy), max(0, dx)
    r1, c1 = min(qa.shape[0], dy + ta.shape[0]), min(qa.shape[1], dx + ta.shape[1])
    a, b = qa[r0:r1, c0:c1], ta[r0 - dy:r1 - dy, c0 - dx:c1 - dx]
    ok = (a > -9000) & (b > -9000)
    info["pearson_r"] = float(np.corrcoef(a[ok], b[ok])[0, 1])
    info["ratio_of_sums"] = float(a[ok].sum() / b[ok].sum())
    return info


def exempelstad_workload(args, work, results):
    print("== Exempelstad pipeline", flush=True)
    p = json.loads((ROOT / "examples/exempelstad/pipeline.json").read_text())
    p["pipeline"][-1]["path"] = str(work / "exempelstad.gpkg")
    runs = run_trygg(args, p, work, "exempelstad")
    results["workloads"].append({"workload": "exempelstad", "tools": {"Trygg": summarize(runs)}})
    save(work, results)


# ---------------------------------------------------------------- machine

def versions(args, pg):
    v = {}
    v["trygg"] = subprocess.run([str(args.trygg), "info"], capture_output=True, text=True).stdout.strip().replace("\n", "; ")
    if pg:
        v["postgis"] = pg.version()
    q = subprocess.run([QGIS_PROCESS, "--version"], capture_output=True, text=True, env=qgis_env(Path(args.work)))
    v["qgis"] = "; ".join(line for line in q.stdout.splitlines() if line.startswith(("QGIS", "GDAL", "GEOS")))
    g = subprocess.run([PY, "-c", "import geopandas, shapely, pandas, rtree; print(f'GeoPandas {geopandas.__version__}, "
                        "shapely {shapely.__version__}, pandas {pandas.__version__}, rtree {rtree.__version__}')"],
                       capture_output=True, text=True)
    v["geopandas"] = g.stdout.strip() or g.stderr.strip()[-200:]
    return v


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem / 2**20, 1), "kernel": os.uname().release,
            "load_start": Path("/proc/loadavg").read_text().split()[:3], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def save(work, results):
    (work / "results.json").write_text(json.dumps(results, indent=1, default=str))


def main():
    # A terminated run still stops its PostgreSQL server (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--trygg", type=Path, default=ROOT / "build/release/engine/trygg")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="100k and 1M points (default)")
    mode.add_argument("--full", action="store_true", help="also 10M points")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat-cutoff", type=float, default=60.0,
                    help="a peer run longer than this many seconds is not repeated (the runs column says so)")
    ap.add_argument("--tools", default="postgis,qgis,geopandas")
    ap.add_argument("--layers", default="deso,lattice")
    ap.add_argument("--sizes", default="", help="comma-separated point counts (overrides --quick/--full)")
    ap.add_argument("--kde-points", type=int, default=1_000_000)
    ap.add_argument("--qgis-max", type=int, default=10_000_000, help="skip QGIS counting above this many points")
    ap.add_argument("--geopandas-max", type=int, default=10_000_000)
    ap.add_argument("--work", type=Path, default=ROOT / "build/bench-peers")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    args.trygg = args.trygg.resolve()
    args.tools = set(args.tools.split(",")) if args.tools else set()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else \
        ([100_000, 1_000_000, 10_000_000] if args.full else [100_000, 1_000_000])
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    args.work = work

    layers = {}
    if "deso" in args.layers:
        layers["DeSO Västerås (84)"] = work / "deso_3006.gpkg"
        shared = [Path(os.environ["TRYGG_SHARED_DATA"])] if os.environ.get("TRYGG_SHARED_DATA") else \
            [ROOT.parent / "shared/data", ROOT.parent.parent / "shared/data"]
        src = next((d / "vasteras/deso_2018.geojson" for d in shared if (d / "vasteras/deso_2018.geojson").exists()), None)
        if src is None:
            sys.exit("Västerås DeSO not found: set TRYGG_SHARED_DATA to the shared data folder (or --layers lattice)")
        wl.deso_layer(src, layers["DeSO Västerås (84)"])
    if "lattice" in args.layers:
        layers["lattice (6,000)"] = work / "lattice_6000.gpkg"
        wl.lattice_layer(layers["lattice (6,000)"])

    pg = None
    if "postgis" in args.tools:
        from postgis_server import PostGIS
        pg = PostGIS().start()
        pg.sql("DROP TABLE IF EXISTS catalogue")
        pg.sql("CREATE TABLE catalogue (code text PRIMARY KEY, grupp text)")
        for code, grp in wl.CODE_GROUP.items():
            pg.sql("INSERT INTO catalogue VALUES (%s, %s)", (code, grp))
    results = {"machine": machine(), "args": {"sizes": sizes, "runs": args.runs, "repeat_cutoff": args.repeat_cutoff, "tools": sorted(args.tools),
                                              "command": " ".join(a for i, a in enumerate(sys.argv[1:], 1) if not (
                   a == "--trygg" or (i > 1 and sys.argv[i - 1] == "--trygg")))}, "workloads": []}
    try:
        results["versions"] = versions(args, pg)
        exempelstad_workload(args, work, results)
        for n in sizes:
            for name, path in layers.items():
                assign_workload(args, work, pg, name, path, n, results)
        if args.kde_points:
            kde_workload(args, work, args.kde_points, results)
    finally:
        if pg:
            pg.stop()
        results["machine"]["load_end"] = Path("/proc/loadavg").read_text().split()[:3]
        save(work, results)
    write_report(results, args.out, HERE / "NOTES.md", TARGET_SPEEDUP)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str))
    print(f"wrote {args.out} and {args.out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
