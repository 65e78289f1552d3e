#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Consistency checks for the generated Exempelstad sample data.

    /usr/bin/python3 geodata/generator/check_exempelstad.py

Exits non-zero on the first failed check. Standard library + osgeo only.
"""

import collections
import csv
import math
import os
import re
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
GEODATA = os.path.dirname(HERE)
OUT = os.path.join(GEODATA, "exempelstad")
CATALOG = os.path.join(GEODATA, "catalog", "brottskoder.csv")

failures = 0


def check(cond, msg):
    global failures
    print(("ok    " if cond else "FAIL  ") + msg)
    if not cond:
        failures += 1


def read(name):
    with open(os.path.join(OUT, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_catalog():
    codes, prefixes, texts = {}, {}, {}
    with open(CATALOG, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            g = r["groups"].split(";")
            if r["kind"] == "code":
                codes[r["pattern"]] = g
            elif r["kind"] == "prefix":
                prefixes[r["pattern"]] = g
            else:
                texts[r["pattern"].strip().lower()] = g
    return codes, prefixes, texts


def classify(value, cat):
    codes, prefixes, texts = cat
    v = value.strip()
    if re.fullmatch(r"\d{4}", v):
        if v in codes:
            return codes[v]
        for n in range(3, 0, -1):
            if v[:n] in prefixes:
                return prefixes[v[:n]]
        return None
    return texts.get(" ".join(v.lower().split()))


def main():
    gpkg = os.path.join(OUT, "exempelstad.gpkg")
    ds = ogr.Open(gpkg)
    layers = {ds.GetLayer(i).GetName(): ds.GetLayer(i) for i in range(ds.GetLayerCount())}
    for name in ("kommungrans", "delomraden", "adresser", "motesplatser", "punktfaktorer"):
        check(name in layers, "layer %s present" % name)
        srs = layers[name].GetSpatialRef()
        check(srs is not None and srs.GetAuthorityCode(None) == "3006", "layer %s is EPSG:3006" % name)
    counts = {n: l.GetFeatureCount() for n, l in layers.items()}
    print("      feature counts:", counts)

    bnd = layers["kommungrans"].GetNextFeature()
    boundary = bnd.GetGeometryRef().Clone()
    check(bnd.GetField("kommunkod") == "9999" and bnd.GetField("namn") == "Exempelstad", "kommungrans fields")
    check(boundary.IsValid(), "boundary valid")
    minx, maxx, miny, maxy = boundary.GetEnvelope()
    print("      extent %.0f x %.0f m" % (maxx - minx, maxy - miny))

    dl = layers["delomraden"]
    dists = []
    dl.ResetReading()
    for f in dl:
        dists.append((f.GetField("kod"), f.GetField("namn"), f.GetGeometryRef().Clone()))
    check(len(dists) == 25, "25 districts")
    check(all(g.IsValid() for _, _, g in dists), "all district polygons valid")
    check(all(g.GetGeometryType() == ogr.wkbPolygon for _, _, g in dists), "all districts single Polygons")
    check(all(re.fullmatch(r"9999[ABC]\d{4}", k) for k, _, _ in dists), "district codes 9999[ABC]NNNN")
    area_sum = sum(g.GetArea() for _, _, g in dists)
    check(abs(area_sum - boundary.GetArea()) < 1.0,
          "sum of district areas = boundary area (diff %.6f m2)" % (area_sum - boundary.GetArea()))
    overlap = 0.0
    for i in range(len(dists)):
        for j in range(i + 1, len(dists)):
            gi, gj = dists[i][2], dists[j][2]
            if gi.Intersects(gj):
                inter = gi.Intersection(gj)
                overlap += inter.GetArea()
    check(overlap < 1e-3, "no overlaps between districts (total overlap %.9f m2)" % overlap)
    union = dists[0][2].Clone()
    for _, _, g in dists[1:]:
        union = union.Union(g)
    gap = boundary.SymDifference(union).GetArea()
    check(gap < 1e-3, "union of districts equals boundary (sym. diff %.9f m2)" % gap)
    areas = {k: g.GetArea() / 1e6 for k, _, g in dists}
    print("      district areas km2: C %.2f-%.2f, B %.2f-%.2f, A %.2f-%.2f" % tuple(
        v for t in "CBA" for v in (min(a for k, a in areas.items() if k[4] == t),
                                   max(a for k, a in areas.items() if k[4] == t))))
    kod_geom = {k: g for k, _, g in dists}

    # address register
    al = layers["adresser"]
    addr_text = set()
    bad_addr_kod = 0
    n = 0
    al.ResetReading()
    for f in al:
        n += 1
        addr_text.add(f.GetField("adress"))
        g = f.GetGeometryRef()
        if not kod_geom[f.GetField("kod")].Contains(g):
            bad_addr_kod += 1
        pn = f.GetField("postnummer")
        if not re.fullmatch(r"\d{3} \d{2}", pn):
            bad_addr_kod += 1
        expect = "%s %d%s" % (f.GetField("gatunamn"), f.GetField("nummer"), f.GetField("bokstav") or "")
        if expect != f.GetField("adress"):
            bad_addr_kod += 1
    check(bad_addr_kod == 0, "addresses: kod contains point, postnummer 'NNN NN', adress = gatunamn nummer bokstav")
    check(len(addr_text) == n, "address strings unique (%d)" % n)
    kat = collections.Counter(f.GetField("kategori") for f in layers["motesplatser"])
    print("      motesplatser:", dict(kat))
    check(set(kat) <= {"fritidsgard", "bibliotek", "park", "torg", "idrottsplats", "skola"}, "meeting place categories")
    typ = collections.Counter(f.GetField("typ") for f in layers["punktfaktorer"])
    print("      punktfaktorer:", dict(typ))
    check(set(typ) == {"busshallplats", "serveringstillstand", "dalig_belysning"}, "point factor types")
    for lname in ("motesplatser", "punktfaktorer"):
        lyr = layers[lname]
        lyr.ResetReading()
        check(all(boundary.Contains(f.GetGeometryRef()) for f in lyr), "%s inside municipality" % lname)

    # population
    pop = read("befolkning.csv")
    tot = read("befolkning_total.csv")
    sums = collections.Counter()
    for r in pop:
        sums[r["kod"]] += int(r["antal"])
    check(len(pop) == 25 * 2 * 5, "befolkning.csv has 250 rows")
    check({r["kon"] for r in pop} == {"man", "kvinna"}, "kon values")
    check({r["aldersgrupp"] for r in pop} == {"0-17", "18-24", "25-44", "45-64", "65-"}, "age groups")
    check(all(sums[r["kod"]] == int(r["befolkning"]) for r in tot), "befolkning_total equals sum of befolkning")
    check(all(700 <= int(r["befolkning"]) <= 4500 for r in tot), "district totals within 700-4500")
    print("      total population", sum(int(r["befolkning"]) for r in tot))

    # SCB export format
    raw = open(os.path.join(OUT, "sysselsattning_scb.csv"), "rb").read()
    ref = "/work/shared/data/vasteras/scb/labour_market_status_2022.csv"
    lines = raw.decode("utf-8").split("\r\n")
    check(raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "SCB file uses CRLF only")
    check(lines[0].startswith('"') and lines[0].endswith('"'), "SCB title line quoted")
    check(all(l.startswith(",") for l in lines[1:5]), "SCB header rows start with empty cell")
    check(len([l for l in lines[5:] if l]) == 25, "SCB 25 data rows")
    if os.path.exists(ref):
        rl = open(ref, "rb").read().decode("utf-8").split("\r\n")
        check(rl[1:4] == lines[1:4], "SCB header rows identical to the Västerås export")
    for l in lines[5:]:
        if not l:
            continue
        c = l.split(",")
        e, u, lab, o, t = (int(v) for v in c[1:])
        if e + u != lab or lab + o != t:
            check(False, "SCB row arithmetic %s" % l)

    # incidents vs truth
    inc = read("incidents.csv")
    truth = {r["id"]: r for r in read(os.path.join("truth", "incidents_truth.csv"))}
    bad = {r["id"]: r for r in read(os.path.join("truth", "bad_rows.csv"))}
    hs = {r["hotspot"]: r for r in read(os.path.join("truth", "hotspots.csv"))}
    print("      incidents %d, bad rows %d, hotspots %d" % (len(inc), len(bad), len(hs)))
    check(len({r["id"] for r in inc}) == len(inc), "incident ids unique")
    check(set(truth) == {r["id"] for r in inc}, "truth covers every incident")
    wrong = 0
    far_hs = 0
    for t in truth.values():
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(float(t["true_x"]), float(t["true_y"]))
        if not kod_geom[t["kod"]].Contains(p):
            wrong += 1
        if t["hotspot"]:
            h = hs[t["hotspot"]]
            if math.hypot(float(t["true_x"]) - float(h["center_x"]),
                          float(t["true_y"]) - float(h["center_y"])) > float(h["radius_m"]) + 1:
                far_hs += 1
    check(wrong == 0, "every true location lies in its truth district (%d wrong)" % wrong)
    check(far_hs == 0, "hotspot incidents lie within their hotspot radius")

    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(3006)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, dst)
    kinds = collections.Counter()
    problems = collections.Counter()
    fmt = collections.Counter()
    cat = load_catalog()
    groups = collections.Counter()
    unmatched = []
    for r in inc:
        t = truth[r["id"]]
        isbad = r["id"] in bad
        given = [k for k, cols in (("xy", ("x", "y")), ("lonlat", ("lon", "lat")), ("deso", ("deso",)),
                                   ("adress", ("adress",))) if any(r[c] for c in cols)]
        if not isbad:
            if len(given) != 1:
                problems["not exactly one location"] += 1
                continue
            kinds[given[0]] += 1
            if given[0] == "xy" and (r["x"], r["y"]) != (t["true_x"], t["true_y"]):
                problems["xy != truth"] += 1
            if given[0] == "lonlat":
                x, y, _ = tr.TransformPoint(float(r["lon"]), float(r["lat"]))
                if math.hypot(x - float(t["true_x"]), y - float(t["true_y"])) > 0.5:
                    problems["lonlat off"] += 1
            if given[0] == "deso" and r["deso"] != t["kod"]:
                problems["deso != truth"] += 1
            d = r["brottsdatum"]
            if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", d):
                fmt["YYYY-MM-DD HH:MM"] += 1
            elif re.fullmatch(r"\d{4}-\d\d-\d\d", d):
                fmt["YYYY-MM-DD"] += 1
            elif re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", d):
                fmt["YYYY-MM-DDTHH:MM:SS"] += 1
            else:
                problems["bad date format " + d] += 1
            if not ("2022-01-01" <= d[:10] <= "2025-12-31"):
                problems["date out of range"] += 1
            if r["kon"] not in ("M", "K", ""):
                problems["kon"] += 1
            if r["alder"] and not (0 <= int(r["alder"]) <= 95):
                problems["alder"] += 1
        g = classify(r["brottskod"], cat)
        if g is None:
            unmatched.append((r["id"], r["brottskod"]))
        else:
            groups[";".join(g)] += 1
    check(not problems, "valid rows: one location each, xy/lonlat/deso agree with truth, formats (%s)"
          % dict(problems))
    n = sum(kinds.values())
    print("      location kinds:", {k: "%d (%.1f%%)" % (v, 100.0 * v / n) for k, v in kinds.items()})
    print("      date formats:", dict(fmt))
    print("      groups:", {k: "%d (%.1f%%)" % (v, 100.0 * v / len(inc)) for k, v in groups.most_common()})
    print("      unmatched codes:", unmatched)
    check(len(unmatched) == 5, "exactly the 5 planted bad codes are unmatched")
    check(len(bad) == 30, "30 planted bad rows listed in truth/bad_rows.csv")
    print("      bad rows:", dict(collections.Counter(r["fel"] for r in bad.values())))

    adr_rows = [r for r in inc if r["adress"] and r["id"] not in bad]
    exact = sum(1 for r in adr_rows if r["adress"] in addr_text)
    print("      address rows: %d, exact register matches %d (%.0f%%)" % (
        len(adr_rows), exact, 100.0 * exact / max(1, len(adr_rows))))

    print("FAILED: %d" % failures if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
