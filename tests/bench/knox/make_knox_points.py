#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Points for the Knox benchmark: python3 make_knox_points.py /tmp/knox100k.csv [n]
# n (default 100,000) clustered incidents in EPSG:3006 over a 19 km square (the recipe of
# make_kde_points.py) with calendar days over four years; columns x, y, day.
import sys

import numpy as np

rng = np.random.default_rng(19)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
x0, y0, w = 580000.0, 6600000.0, 19000.0
k = 200
cx = x0 + rng.uniform(0, w, k)
cy = y0 + rng.uniform(0, w, k)
sd = rng.uniform(100, 1500, k)
comp = rng.integers(0, k, n)
bg = rng.random(n) < 0.3
x = np.where(bg, x0 + rng.uniform(0, w, n), cx[comp] + rng.normal(0, 1, n) * sd[comp])
y = np.where(bg, y0 + rng.uniform(0, w, n), cy[comp] + rng.normal(0, 1, n) * sd[comp])
x = np.clip(x, x0, x0 + w)
y = np.clip(y, y0, y0 + w)
day = rng.integers(0, 4 * 365, n)
np.savetxt(sys.argv[1], np.column_stack([x, y, day]), fmt=['%.2f', '%.2f', '%d'], delimiter=',', header='x,y,day',
           comments='')
