# SPDX-License-Identifier: MIT
"""Share of withheld values per published table of one output folder (issue 14's closing
note: before/after). Usage: python3 tests/attack/withheld_share.py OUTPUT_FOLDER [...]"""
import sqlite3
import sys
from pathlib import Path

import numpy as np

HOURS = [f"h{h:02d}" for h in range(24)]
WEEKDAYS = ["mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"]


def _tables(db):
    return [r[0] for r in db.execute("select name from sqlite_master where type='table'")]


def _columns(db, table):
    return {r[1] for r in db.execute(f'pragma table_info("{table}")')}


def shares(folder):
    """{table: (withheld, total)} over the folder's published files (not *.internal.gpkg)."""
    folder = Path(folder)
    out = {}

    def add(name, withheld, total):
        w, t = out.get(name, (0, 0))
        out[name] = (w + int(withheld), t + int(total))

    for gpkg in sorted(p for p in folder.glob("*.gpkg") if not p.name.endswith(".internal.gpkg")):
        with sqlite3.connect(gpkg) as db:
            for t in _tables(db):
                cols = _columns(db, t)
                if {"kod", "period", "grupp", "kon", "aldersgrupp", "antal"} <= cols:
                    add(t, *db.execute(f'select sum(antal is null), count(*) from "{t}"').fetchone())
                elif {"rut_id", "grupp", "period", "antal"} <= cols:
                    add(t, *db.execute(f'select sum(antal is null), count(*) from "{t}"').fetchone())
                elif t == "motesplatser" and "h00" in cols:
                    for label, names in (("hours", HOURS), ("weekdays", WEEKDAYS)):
                        null = " + ".join(f"({c} is null)" for c in names)
                        add(f"motesplatser {label}",
                            *db.execute(f'select sum({null}), {len(names)} * count(*) from "{t}"').fetchone())
                    add("motesplatser antal", *db.execute(f'select sum(antal is null), count(*) from "{t}"').fetchone())
    stated = {}  # kde_rasters' own count of withheld pixels, per file
    for gpkg in sorted(p for p in folder.glob("*.gpkg") if not p.name.endswith(".internal.gpkg")):
        with sqlite3.connect(gpkg) as db:
            if "kde_rasters" in _tables(db) and "undertryckta_pixlar" in _columns(db, "kde_rasters"):
                stated.update(db.execute("select fil, undertryckta_pixlar from kde_rasters"))
    tifs = sorted(folder.glob("*.tif"))
    if tifs:
        from osgeo import gdal
        arrays = {}
        for tif in tifs:
            ds = gdal.Open(str(tif))  # keep the dataset alive while its band is read
            band = ds.GetRasterBand(1)
            a = band.ReadAsArray().astype(np.float64)
            nodata = band.GetNoDataValue()
            arrays[tif.name] = np.isnan(a) | ((a == nodata) if nodata is not None else False)
        # a pixel nodata in every raster of its grid is outside the study area, unless
        # kde_rasters counts it withheld
        shapes = {}
        for name, w in arrays.items():
            shapes.setdefault(w.shape, []).append(name)
        for names in shapes.values():
            outside = np.logical_and.reduce([arrays[n] for n in names])
            for n in names:
                if stated.get(n) is not None:
                    # pixels withheld in every raster (one shared mask) look like outside
                    # pixels; the stated count holds them
                    add("kde pixels", stated[n], (~arrays[n]).sum() + stated[n])
                else:
                    add("kde pixels", (arrays[n] & ~outside).sum(), (~outside).sum())
    return out


def main(folders):
    for folder in folders:
        print(folder)
        for name, (w, t) in shares(folder).items():
            print(f"  {name:28s} {w:8d} of {t:8d} withheld ({100.0 * w / t if t else 0:.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1:])
