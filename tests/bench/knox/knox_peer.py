#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A numpy/scipy baseline for the Knox benchmark (our own script: pointpats is not installed
# here and PyPI is not reachable). Same test as trygg's: pairs within delta by a cKDTree
# (query_pairs, distance <= r), times permuted over the locations, count of pairs with
# |dt| <= tau per permutation, p = (#perm >= observed + 1) / (R + 1).
#   python3 knox_peer.py points.csv [delta=200] [tau=14] [permutations=999]
import json
import sys
import time

import numpy as np
from scipy.spatial import cKDTree

path = sys.argv[1]
delta = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0
tau = float(sys.argv[3]) if len(sys.argv) > 3 else 14.0
perms = int(sys.argv[4]) if len(sys.argv) > 4 else 999
data = np.loadtxt(path, delimiter=',', skiprows=1)
x, y, t = data[:, 0], data[:, 1], data[:, 2]
start = time.perf_counter()
cpu = time.process_time()
pairs = cKDTree(np.column_stack([x, y])).query_pairs(delta, output_type='ndarray')
a, b = pairs[:, 0], pairs[:, 1]
found = time.perf_counter()
observed = int(np.sum(np.abs(t[a] - t[b]) <= tau))
rng = np.random.default_rng(1)
ge = 0
for _ in range(perms):
    tp = t[rng.permutation(len(t))]
    ge += int(np.sum(np.abs(tp[a] - tp[b]) <= tau)) >= observed
done = time.perf_counter()
print(json.dumps({"tool": "numpy+scipy cKDTree", "n": len(x), "close_pairs": len(a), "both": observed,
                  "permutations": perms, "p_sim": (ge + 1) / (perms + 1), "pair_search_s": round(found - start, 3),
                  "total_s": round(done - start, 3),
                  "cpu_s": round(time.process_time() - cpu, 3)}))
