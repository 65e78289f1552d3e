#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Synthetic large-scale inputs for Trygg's scale benchmarks (issues 20 and 21).

Everything here is SYNTHETIC: no real district, population or incident is used.

- Districts: a jittered lattice of COLS × ROWS quadrilaterals (GeoPackage layer `districts`,
  EPSG:3006, code field `kod`, name field `namn`). Interior lattice vertices move by up to
  ±JITTER of a cell in x and y, so neighbouring districts share exact edges (queen/rook
  contiguity works) and no two cells are the same shape. The national workload is 80 × 75 =
  6,000 DeSO-like districts (Sweden has 5,984 DeSO); the many-districts workload is 224 × 224 =
  50,176 small districts.
- Population: `befolkning.csv` (kod, antal), lognormal around 1,700 (a DeSO holds 700–2,700).
- Incidents: `incidents.csv` with id, brottsdatum, brottskod, x, y, kon, alder. Each incident
  falls in a district drawn with probability proportional to a lognormal intensity (so some
  districts are hot, many quiet), at a uniform point of that cell's inner box [0.25, 0.75]²
  (always inside the jittered quadrilateral: every edge stays within 0.2 of its side), on a
  uniform day and minute of the years asked for. Codes are five crime codes, each in exactly
  one of the catalogue's groups (vald, tillgrepp, skadegorelse, narkotika, ovrigt); sex is
  M/K/blank (46/44/10 %), age 12–85 or blank (15 %).

Deterministic for a given seed. Usage:
  generate_national.py OUT_DIR --cols 80 --rows 75 --incidents 15000000 --years 2015-2024
  generate_national.py OUT_DIR --cols 224 --rows 224 --incidents 2000000 --years 2023-2024
"""
import argparse
import datetime as dt
from pathlib import Path

import numpy as np

CODES = np.array(["0355", "0824", "1201", "5010", "0501"])  # vald, tillgrepp, skadegorelse, narkotika, ovrigt
CODE_SHARE = np.array([0.22, 0.38, 0.18, 0.10, 0.12])
JITTER = 0.2
ORIGIN = (300000.0, 6150000.0)


def lattice_vertices(cols, rows, cell, seed):
    rng = np.random.default_rng(seed)
    jx = rng.uniform(-JITTER, JITTER, (cols + 1, rows + 1)) * cell
    jy = rng.uniform(-JITTER, JITTER, (cols + 1, rows + 1)) * cell
    jx[0, :] = jx[-1, :] = 0.0  # the outer boundary stays straight
    jy[:, 0] = jy[:, -1] = 0.0
    i, j = np.meshgrid(np.arange(cols + 1), np.arange(rows + 1), indexing="ij")
    return ORIGIN[0] + i * cell + jx, ORIGIN[1] + j * cell + jy


def code_of(i, j):
    return f"S{j:04d}{i:04d}"


def write_districts(path, cols, rows, cell, seed):
    from osgeo import ogr, osr
    vx, vy = lattice_vertices(cols, rows, cell, seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    tmp = path.with_name("tmp_" + path.name)
    tmp.unlink(missing_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
    layer = ds.CreateLayer("districts", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("kod", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("namn", ogr.OFTString))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for j in range(rows):
        for i in range(cols):
            ring = [(vx[i, j], vy[i, j]), (vx[i + 1, j], vy[i + 1, j]), (vx[i + 1, j + 1], vy[i + 1, j + 1]),
                    (vx[i, j + 1], vy[i, j + 1]), (vx[i, j], vy[i, j])]
            wkt = "MULTIPOLYGON(((" + ",".join(f"{x:.2f} {y:.2f}" for x, y in ring) + ")))"
            f = ogr.Feature(defn)
            f.SetField("kod", code_of(i, j))
            f.SetField("namn", f"Syntetiskt område {j + 1}:{i + 1}")
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    tmp.rename(path)


def intensities(n, seed):
    rng = np.random.default_rng(seed + 1)
    w = rng.lognormal(0.0, 1.0, n)
    return w / w.sum()


def write_population(path, cols, rows, seed):
    rng = np.random.default_rng(seed + 2)
    pop = np.clip(rng.lognormal(np.log(1700), 0.35, cols * rows), 300, 6000).astype(int)
    with open(path, "w") as out:
        out.write("kod,antal\n")
        k = 0
        for j in range(rows):
            for i in range(cols):
                out.write(f"{code_of(i, j)},{pop[k]}\n")
                k += 1


def write_incidents(path, cols, rows, cell, n, first_year, last_year, seed, chunk=1_000_000):
    start = dt.datetime(first_year, 1, 1)
    minutes = int((dt.datetime(last_year + 1, 1, 1) - start).total_seconds() // 60)
    prob = intensities(cols * rows, seed)
    rng = np.random.default_rng(seed + 3)
    ox, oy = ORIGIN
    with open(path, "w") as out:
        out.write("id,brottsdatum,brottskod,x,y,kon,alder\n")
        for first in range(0, n, chunk):
            m = min(chunk, n - first)
            d = rng.choice(cols * rows, size=m, p=prob)
            j, i = np.divmod(d, cols)
            x = ox + (i + rng.uniform(0.25, 0.75, m)) * cell
            y = oy + (j + rng.uniform(0.25, 0.75, m)) * cell
            t = rng.integers(0, minutes, m)
            when = (np.datetime64(start, "m") + t.astype("timedelta64[m]")).astype(str)
            code = CODES[rng.choice(len(CODES), size=m, p=CODE_SHARE)]
            sex = np.array(["M", "K", ""])[rng.choice(3, size=m, p=[0.46, 0.44, 0.10])]
            age = rng.integers(12, 86, m).astype(str)
            age[rng.random(m) < 0.15] = ""
            ids = np.arange(first + 1, first + m + 1)
            lines = [f"N{k:09d},{w[:10]} {w[11:16]},{c},{xx:.0f},{yy:.0f},{s},{a}\n"
                     for k, w, c, xx, yy, s, a in zip(ids.tolist(), when.tolist(), code.tolist(), x.tolist(),
                                                      y.tolist(), sex.tolist(), age.tolist())]
            out.writelines(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=75)
    ap.add_argument("--cell", type=float, default=1000.0, help="cell size in metres")
    ap.add_argument("--incidents", type=int, default=15_000_000)
    ap.add_argument("--years", default="2015-2024", help="first-last year, both included")
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    first, last = (int(v) for v in a.years.split("-"))
    if not (a.out / "districts.gpkg").exists():
        write_districts(a.out / "districts.gpkg", a.cols, a.rows, a.cell, a.seed)
    write_population(a.out / "befolkning.csv", a.cols, a.rows, a.seed)
    write_incidents(a.out / "incidents.csv", a.cols, a.rows, a.cell, a.incidents, first, last, a.seed)


if __name__ == "__main__":
    main()
