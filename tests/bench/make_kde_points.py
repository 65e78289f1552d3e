#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Writes the bench_grid KDE points for the QGIS side-by-side: python3 make_kde_points.py /tmp/points1m
# (→ points1m.csv and points1m.gpkg); see docs/hotspots.md "Benchmarks".
# 1,000,000 clustered points in EPSG:3006 over a 19 km square (same recipe as tests/bench/bench_grid.cpp).
import numpy as np, sys
from osgeo import ogr, osr
rng = np.random.default_rng(42)
n = 1_000_000
x0, y0, w = 580000.0, 6600000.0, 19000.0
k = 200
cx = x0 + rng.uniform(0, w, k); cy = y0 + rng.uniform(0, w, k); sd = rng.uniform(100, 1500, k)
comp = rng.integers(0, k, n)
bg = rng.random(n) < 0.3
x = np.where(bg, x0 + rng.uniform(0, w, n), cx[comp] + rng.normal(0, 1, n) * sd[comp])
y = np.where(bg, y0 + rng.uniform(0, w, n), cy[comp] + rng.normal(0, 1, n) * sd[comp])
x = np.clip(x, x0, x0 + w); y = np.clip(y, y0, y0 + w)
np.savetxt(sys.argv[1] + '.csv', np.column_stack([x, y]), fmt='%.2f', delimiter=',', header='x,y', comments='')
drv = ogr.GetDriverByName('GPKG')
ds = drv.CreateDataSource(sys.argv[1] + '.gpkg')
srs = osr.SpatialReference(); srs.ImportFromEPSG(3006)
lyr = ds.CreateLayer('points', srs, ogr.wkbPoint)
lyr.StartTransaction()
d = lyr.GetLayerDefn()
for xi, yi in zip(x, y):
    f = ogr.Feature(d); g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(float(xi), float(yi)); f.SetGeometry(g); lyr.CreateFeature(f)
lyr.CommitTransaction()
ds = None
