# SPDX-License-Identifier: MIT
"""Workloads for the peer benchmark (tests/bench/peers/bench_peers.py).

Districts: the 84 Västerås DeSO reprojected to EPSG:3006, and a jittered lattice of 6,000
irregular polygons built exactly like tests/bench/bench_assign.cpp (80 × 75 cells of 5 km whose
shared edges are wiggly polylines). Both as GeoPackage layer `districts` with code field `kod`.
Points: uniform in the layer's extent, as CSV id,brottsdatum,brottskod,x,y (EPSG:3006), with
an OGR VRT beside it so GDAL-based tools (QGIS, ogr2ogr) read the same file as points.
Categories are five crime codes, each in exactly one crime group of Trygg's catalogue; the
peers get that mapping as a five-row lookup (CODE_GROUP) while Trygg resolves the codes
against its full catalogue, so equal per-group counts also check the catalogue.
"""
import subprocess
from pathlib import Path

import numpy as np
from osgeo import ogr, osr

# Codes and the group the catalogue (geodata/catalog/brottskoder.csv) puts them in:
# 03 prefix → vald, 08 prefix → tillgrepp, 12 prefix → skadegorelse, 5010 → narkotika, 05 → ovrigt.
CODE_GROUP = {"0355": "vald", "0824": "tillgrepp", "1201": "skadegorelse", "5010": "narkotika", "0501": "ovrigt"}
CODES = list(CODE_GROUP)
DATE = "2024-03-15 12:00"

COLS, ROWS, CELL, WIGGLES = 80, 75, 5000.0, 12


def _srs():
    s = osr.SpatialReference()
    s.ImportFromEPSG(3006)
    return s


def deso_layer(src: Path, out: Path):
    if out.exists():
        return
    src_ds = ogr.Open(str(src))  # keep the dataset alive while its layer is used
    name = src_ds.GetLayer(0).GetName()
    src_ds = None
    tmp = out.with_name("tmp_" + out.name)
    tmp.unlink(missing_ok=True)
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(tmp), str(src), "-t_srs", "EPSG:3006", "-nln", "districts",
                    "-nlt", "MULTIPOLYGON", "-sql", f'SELECT deso AS kod FROM "{name}"'], check=True)
    tmp.rename(out)


def _vertex(i, j):
    # Deterministic jitter per lattice vertex (not the same RNG as the C++ bench: same design,
    # not bit-identical coordinates).
    rng = np.random.default_rng(i * 1000003 + j)
    dx, dy = rng.uniform(-0.3, 0.3, 2) * CELL
    if i in (0, COLS):
        dx = 0.0
    if j in (0, ROWS):
        dy = 0.0
    return (500000 + i * CELL + dx, 6200000 + j * CELL + dy)


def _edge(i0, j0, i1, j1, cache={}):
    key = (i0, j0, i1, j1)
    if key in cache:
        return cache[key]
    rev = (i0, j0) > (i1, j1)
    a0, b0 = ((i1, j1), (i0, j0)) if rev else ((i0, j0), (i1, j1))
    a, b = _vertex(*a0), _vertex(*b0)
    rng = np.random.default_rng(a0[0] * 7919 + a0[1] * 104729 + b0[0] * 31 + b0[1])
    boundary = (a0[0] == b0[0] and a0[0] in (0, COLS)) or (a0[1] == b0[1] and a0[1] in (0, ROWS))
    pts = [a]
    offs = rng.uniform(-0.04, 0.04, WIGGLES) * CELL
    for k in range(1, WIGGLES):
        t = k / WIGGLES
        off = 0.0 if boundary else offs[k]
        pts.append((a[0] + (b[0] - a[0]) * t - (b[1] - a[1]) / CELL * off,
                    a[1] + (b[1] - a[1]) * t + (b[0] - a[0]) / CELL * off))
    pts.append(b)
    if rev:
        pts.reverse()
    cache[key] = pts
    return pts


def lattice_layer(out: Path):
    if out.exists():
        return
    tmp = out.with_name("tmp_" + out.name)
    tmp.unlink(missing_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
    lyr = ds.CreateLayer("districts", _srs(), ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("kod", ogr.OFTString))
    lyr.StartTransaction()
    for j in range(ROWS):
        for i in range(COLS):
            ring_pts = []
            for e in (_edge(i, j, i + 1, j), _edge(i + 1, j, i + 1, j + 1), _edge(i + 1, j + 1, i, j + 1),
                      _edge(i, j + 1, i, j)):
                ring_pts.extend(e[:-1])
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ring_pts + [ring_pts[0]]:
                ring.AddPoint_2D(x, y)
            poly = ogr.Geometry(ogr.wkbPolygon)
            poly.AddGeometry(ring)
            multi = ogr.Geometry(ogr.wkbMultiPolygon)
            multi.AddGeometry(poly)
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("kod", f"L{j:02d}_{i:02d}")
            f.SetGeometry(multi)
            lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    tmp.rename(out)


def extent(gpkg: Path):
    ds = ogr.Open(str(gpkg))
    minx, maxx, miny, maxy = ds.GetLayer(0).GetExtent()
    return minx, miny, maxx, maxy


def write_vrt(csv: Path):
    vrt = csv.with_suffix(".vrt")
    vrt.write_text(f"""<OGRVRTDataSource>
  <OGRVRTLayer name="points">
    <SrcDataSource>{csv}</SrcDataSource>
    <SrcLayer>{csv.stem}</SrcLayer>
    <GeometryType>wkbPoint</GeometryType>
    <LayerSRS>EPSG:3006</LayerSRS>
    <GeometryField encoding="PointFromColumns" x="x" y="y"/>
  </OGRVRTLayer>
</OGRVRTDataSource>
""")
    return vrt


def _write_csv(out: Path, x, y, codes_idx):
    """id,brottsdatum,brottskod,x,y with coordinates to the centimetre, written in chunks."""
    code_arr = np.array(CODES)
    tmp = out.with_name("tmp_" + out.name)
    with open(tmp, "w") as f:
        f.write("id,brottsdatum,brottskod,x,y\n")
        step = 500_000
        for s in range(0, len(x), step):
            e = min(len(x), s + step)
            ids = np.arange(s + 1, e + 1)
            xs = np.char.mod("%.2f", x[s:e])
            ys = np.char.mod("%.2f", y[s:e])
            lines = np.char.add(np.char.add(np.char.add(np.char.mod("P%d", ids), f",{DATE},"), code_arr[codes_idx[s:e]]),
                                np.char.add(np.char.add(",", xs), np.char.add(",", ys)))
            f.write("\n".join(lines.tolist()))
            f.write("\n")
    tmp.rename(out)


def uniform_points(out: Path, n: int, box, seed: int):
    if not out.exists():
        rng = np.random.default_rng(seed)
        minx, miny, maxx, maxy = box
        x = np.round(rng.uniform(minx, maxx, n), 2)
        y = np.round(rng.uniform(miny, maxy, n), 2)
        _write_csv(out, x, y, rng.integers(0, len(CODES), n))
    return write_vrt(out)


def clustered_points(out: Path, n: int, seed: int, origin=(560000.0, 6580000.0), size=49000.0):
    """KDE workload: 30 Gaussian hotspots plus a uniform background in a size × size box."""
    if not out.exists():
        rng = np.random.default_rng(seed)
        k = 30
        centres = rng.uniform(5000, size - 5000, (k, 2))
        spread = rng.uniform(300, 2500, k)
        n_bg = n // 4
        c = rng.integers(0, k, n - n_bg)
        xy = centres[c] + rng.normal(0, 1, (n - n_bg, 2)) * spread[c, None]
        xy = np.vstack([xy, rng.uniform(0, size, (n_bg, 2))])
        xy = np.clip(xy, 0, size) + np.array(origin)
        xy = np.round(xy, 2)
        _write_csv(out, xy[:, 0], xy[:, 1], rng.integers(0, len(CODES), n))
    return write_vrt(out)


def square_layer(out: Path, origin=(560000.0, 6580000.0), size=49000.0, margin=2000.0):
    """One square district around the KDE points (Trygg's kde needs a study area)."""
    if out.exists():
        return
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(out))
    lyr = ds.CreateLayer("districts", _srs(), ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("kod", ogr.OFTString))
    x0, y0 = origin[0] - margin, origin[1] - margin
    x1, y1 = origin[0] + size + margin, origin[1] + size + margin
    g = ogr.CreateGeometryFromWkt(f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))")
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("kod", "ALL")
    f.SetGeometry(g)
    lyr.CreateFeature(f)
    ds = None
