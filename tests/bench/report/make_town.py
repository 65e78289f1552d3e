#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes a synthetic town for the Lägesrapport benchmark (issue 17: a report of 100 districts ×
8 periods × 5 groups in under 10 s): N square districts of 1 km² in a grid (EPSG:3006), a
population table by sex and age band, an incident register over 2022–2025 (eight half-years)
with codes of all five crime groups, sex and age, and a pipeline that aggregates it and writes
the GeoPackage and the report.

    /usr/bin/python3 tests/bench/report/make_town.py OUTDIR [--districts 100] [--incidents 60000]

then `build/release/engine/trygg report OUTDIR/pipeline.json` (paths in it are absolute).
Deterministic (seeded); intensities vary by district and group so some cells are withheld."""
import argparse
import csv
import json
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CODES = {"vald": "0357", "skadegorelse": "1210", "tillgrepp": "0830", "narkotika": "5010", "ovrigt": "0315"}
BANDS = [(0, 17, "0-17"), (18, 24, "18-24"), (25, 44, "25-44"), (45, 64, "45-64"), (65, 95, "65-")]
X0, Y0, SIDE = 580000, 6600000, 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--districts", type=int, default=100)
    ap.add_argument("--incidents", type=int, default=60000)
    args = ap.parse_args()
    out = Path(args.outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    cols = math.ceil(math.sqrt(args.districts))
    districts = []
    for i in range(args.districts):
        x, y = X0 + (i % cols) * SIDE, Y0 + (i // cols) * SIDE
        districts.append((f"9998B{i + 1:04d}", f"Område {i + 1}", x, y))
    features = [{"type": "Feature", "properties": {"kod": k, "namn": n},
                 "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + SIDE, y], [x + SIDE, y + SIDE],
                                                                  [x, y + SIDE], [x, y]]]}}
                for k, n, x, y in districts]
    (out / "districts.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
        "features": features}), encoding="utf-8")
    with open(out / "population.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kod", "kon", "aldersgrupp", "antal"])
        for k, *_ in districts:
            for sex in ("man", "kvinna"):
                for _, _, band in BANDS:
                    w.writerow([k, sex, band, rng.randint(80, 600)])
    # Intensity: a district weight (a few hot centres) times a group weight.
    weight = [math.exp(-((x - X0 - 3000) ** 2 + (y - Y0 - 4000) ** 2) / 8e6) * 6 + rng.uniform(0.1, 1.2)
              for _, _, x, y in districts]
    groups = list(CODES)
    group_weight = [5, 4, 6, 1, 2]
    start, days = datetime(2022, 1, 1), (datetime(2026, 1, 1) - datetime(2022, 1, 1)).days
    with open(out / "incidents.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "brottsdatum", "brottskod", "x", "y", "kon", "alder"])
        for n in range(args.incidents):
            d = rng.choices(range(len(districts)), weight)[0]
            g = rng.choices(range(len(groups)), group_weight)[0]
            _, _, x, y = districts[d]
            when = start + timedelta(days=rng.randrange(days), minutes=rng.randrange(1440))
            w.writerow([f"B{n:07d}", when.strftime("%Y-%m-%d %H:%M"), CODES[groups[g]],
                        f"{x + rng.uniform(1, SIDE - 1):.1f}", f"{y + rng.uniform(1, SIDE - 1):.1f}",
                        rng.choice(["M", "K", "M", "K", ""]), rng.choice([str(rng.randint(10, 90)), ""])])
    pipeline = {"privacy": "publish", "seed": 1, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(out / "districts.geojson"), "code": "kod",
         "name": "namn"},
        {"type": "read.table", "tag": "population", "path": str(out / "population.csv"), "key": "kod"},
        {"type": "read.incidents", "tag": "incidents", "path": str(out / "incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y", "sex": "kon",
                    "age": "alder"},
         "crs": "EPSG:3006", "from": "2022-01-01", "to": "2025-12-31",
         "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "period": "half-year",
         "population": {"value": "antal", "sex": "kon", "age": "aldersgrupp"}},
        {"type": "weights", "inputs": ["districts"], "method": "queen"},
        {"type": "gistar", "group": "vald", "period": "latest", "measure": "rate", "permutations": 99},
        {"type": "local_moran", "group": "vald", "period": "latest", "measure": "rate", "permutations": 99},
        {"type": "write.gpkg", "tag": "write", "path": str(out / "town.gpkg")},
        {"type": "write.report", "inputs": ["write"], "path": str(out / "town.html"), "area_name": "Bänkstad"}]}
    (out / "pipeline.json").write_text(json.dumps(pipeline, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
