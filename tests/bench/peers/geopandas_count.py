# SPDX-License-Identifier: MIT
"""GeoPandas peer: count points per district and crime group, the way a GeoPandas user would.

/usr/bin/python3 geopandas_count.py DISTRICTS.gpkg POINTS.csv OUT.csv
Prints one JSON line with the phase times (read, sjoin+groupby) in seconds.
"""
import json
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402

from workloads import CODE_GROUP  # noqa: E402

t_import = time.perf_counter()
districts = gpd.read_file(sys.argv[1])[["kod", "geometry"]]
df = pd.read_csv(sys.argv[2], dtype={"brottskod": str})
points = gpd.GeoDataFrame(df[["brottskod"]], geometry=gpd.points_from_xy(df["x"], df["y"]), crs="EPSG:3006")
del df
t_read = time.perf_counter()
joined = gpd.sjoin(points, districts, how="inner", predicate="within")
joined["grupp"] = joined["brottskod"].map(CODE_GROUP)
counts = joined.groupby(["kod", "grupp"]).size().rename("antal").reset_index()
t_compute = time.perf_counter()
counts.to_csv(sys.argv[3], index=False)
print(json.dumps({"import": t_import - t0, "read": t_read - t_import, "compute": t_compute - t_read}))
