#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the synthetic sample municipality "Exempelstad" (kommunkod 9999).

Everything written by this script is SYNTHETIC: the town, its districts,
streets, addresses, people, survey answers and incidents are invented. Only
the crime codes (Brå brottskoder, see geodata/catalog/brottskoder.csv) and the
file formats imitate real sources.

Run with Debian's Python (it has the GDAL/OGR bindings):

    /usr/bin/python3 geodata/generator/generate_exempelstad.py

Output goes to geodata/exempelstad/ (next to this script's folder). The run is
deterministic: a single random.Random(20240101) drives every choice, so the CSV
files are byte-identical from run to run (the GeoPackage differs only in
timestamps that GDAL writes).

Standard library + osgeo only.
"""

import bisect
import csv
import datetime as dt
import math
import os
import random
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

SEED = 20240101
HERE = os.path.dirname(os.path.abspath(__file__))
GEODATA = os.path.dirname(HERE)
OUT = os.path.join(GEODATA, "exempelstad")
TRUTH = os.path.join(OUT, "truth")

KOMMUNKOD = "9999"
CX, CY = 590000.0, 6610000.0          # town centre (Stora torget), SWEREF 99 TM
START = dt.date(2022, 1, 1)
END = dt.date(2025, 12, 31)

GROUPS = ["vald", "tillgrepp", "skadegorelse", "narkotika", "ran", "ovrigt"]
# "ran" is an internal generator group: robbery, catalogue groups vald;tillgrepp.

# --------------------------------------------------------------------------
# Districts (delområden)
# --------------------------------------------------------------------------
# (kod, namn, typ, seed offset from centre in metres, planted risk)
# typ: C central town, B suburb, A rural periphery (SCB DeSO letters).
DISTRICTS = [
    ("9999C0010", "Centrum", "C", (0, 0), "normal"),
    ("9999C0020", "Norrmalm", "C", (30, 900), "normal"),
    ("9999C0030", "Kyrkbacken", "C", (650, 640), "low"),
    ("9999C0040", "Östermalm", "C", (920, -20), "normal"),
    ("9999C0050", "Stationsområdet", "C", (640, -660), "normal"),
    ("9999C0060", "Söder", "C", (-40, -930), "normal"),
    ("9999C0070", "Hamnen", "C", (-660, -620), "normal"),
    ("9999C0080", "Västermalm", "C", (-910, 30), "normal"),
    ("9999C0090", "Slottsstaden", "C", (-620, 680), "normal"),
    ("9999B0010", "Björkbacken", "B", (2350, 860), "normal"),
    ("9999B0020", "Råbylund", "B", (1750, 2050), "high"),
    ("9999B0030", "Ekbacken", "B", (-300, 2500), "low"),
    ("9999B0040", "Hagaberg", "B", (-2100, 1500), "normal"),
    ("9999B0050", "Vallby", "B", (-2650, -300), "high"),
    ("9999B0060", "Lillåudden", "B", (-1800, -2000), "low"),
    ("9999B0070", "Skogsäng", "B", (300, -2550), "high"),
    ("9999B0080", "Kungsängen", "B", (2200, -1600), "normal"),
    ("9999B0090", "Tallåsen", "B", (2800, -300), "high"),
    ("9999A0010", "Nordanby", "A", (900, 4300), "normal"),
    ("9999A0020", "Granhammar", "A", (-3300, 3500), "normal"),
    ("9999A0030", "Älvsta", "A", (-4900, 400), "normal"),
    ("9999A0040", "Sörby", "A", (-3000, -3400), "normal"),
    ("9999A0050", "Mossås", "A", (1800, -4300), "normal"),
    ("9999A0060", "Ängeby", "A", (4700, -2100), "low"),
    ("9999A0070", "Lövsätra", "A", (4400, 2500), "normal"),
]
# Population totals (inhabitants) per district; central districts dense.
POPULATION = {
    "Centrum": 3900, "Norrmalm": 3400, "Kyrkbacken": 2300, "Östermalm": 3600,
    "Stationsområdet": 2900, "Söder": 3700, "Hamnen": 2500, "Västermalm": 3300,
    "Slottsstaden": 2800,
    "Björkbacken": 2600, "Råbylund": 4400, "Ekbacken": 2100, "Hagaberg": 2700,
    "Vallby": 3900, "Lillåudden": 1900, "Skogsäng": 4100, "Kungsängen": 2400,
    "Tallåsen": 3600,
    "Nordanby": 1200, "Granhammar": 950, "Älvsta": 1350, "Sörby": 1000,
    "Mossås": 720, "Ängeby": 1050, "Lövsätra": 800,
}
VILLAGE_POSTORT = {"Älvsta", "Mossås"}      # addresses there have their own postort
POSTCODE_BASE = 799                          # fictional postcode area '799 NN'

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def wchoice(rng, items, weights):
    """Weighted choice with explicit cumulative weights (deterministic)."""
    cum = []
    s = 0.0
    for w in weights:
        s += w
        cum.append(s)
    return items[bisect.bisect_right(cum, rng.random() * s)]


class Cum:
    """Pre-computed cumulative weights for fast repeated weighted choice."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = []
        s = 0.0
        for w in weights:
            s += w
            self.cum.append(s)
        self.total = s

    def pick(self, rng):
        i = bisect.bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]


def ring_of(geom):
    """Exterior ring of an OGR polygon as a list of (x, y)."""
    r = geom.GetGeometryRef(0)
    return [(r.GetX(i), r.GetY(i)) for i in range(r.GetPointCount())]


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y):
            xint = xi + (y - yi) * (xj - xi) / (yj - yi)
            if x < xint:
                inside = not inside
        j = i
    return inside


def dist_to_ring(x, y, ring):
    best = 1e18
    for i in range(len(ring) - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        dx, dy = x2 - x1, y2 - y1
        L = dx * dx + dy * dy
        t = 0.0 if L == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / L))
        px, py = x1 + t * dx, y1 + t * dy
        d = (x - px) ** 2 + (y - py) ** 2
        if d < best:
            best = d
    return math.sqrt(best)


# --------------------------------------------------------------------------
# Geometry: boundary and districts
# --------------------------------------------------------------------------


def make_boundary(rng):
    n = 40
    ph = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    pts = []
    for i in range(n):
        a = 2 * math.pi * i / n
        r = (1 + 0.045 * math.sin(2 * a + ph[0]) + 0.035 * math.sin(3 * a + ph[1])
             + 0.02 * math.sin(5 * a + ph[2]) + rng.uniform(-0.012, 0.012))
        pts.append((round(CX + 5950 * r * math.cos(a)), round(CY + 4950 * r * math.sin(a))))
    pts.append(pts[0])
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    assert poly.IsValid()
    return poly


def polygon_from(pts):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        ring.AddPoint_2D(x, y)
    if pts[0] != pts[-1]:
        ring.AddPoint_2D(*pts[0])
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def voronoi_cells(seeds, boundary):
    """Voronoi cells by half-plane clipping, then vertices snapped so that
    neighbouring cells share bit-identical vertices (no slivers, no gaps).
    (GDAL 3.6's Python bindings do not expose OGR_G_VoronoiDiagram.)"""
    minx, maxx, miny, maxy = boundary.GetEnvelope()
    m = 3000.0
    box = polygon_from([(minx - m, miny - m), (maxx + m, miny - m), (maxx + m, maxy + m),
                        (minx - m, maxy + m)])
    F = 1.0e5
    raw = []
    for i in range(len(seeds)):
        poly = box.Clone()
        for j in range(len(seeds)):
            if i == j:
                continue
            a, b = (i, j) if i < j else (j, i)
            (xa, ya), (xb, yb) = seeds[a], seeds[b]
            mx, my = (xa + xb) / 2.0, (ya + yb) / 2.0
            L = math.hypot(xb - xa, yb - ya)
            ux, uy = (xb - xa) / L, (yb - ya) / L
            tx, ty = -uy, ux
            s = -1.0 if i == a else 1.0
            p1 = (mx + tx * F, my + ty * F)
            p2 = (mx - tx * F, my - ty * F)
            q2 = (p2[0] + s * ux * F, p2[1] + s * uy * F)
            q1 = (p1[0] + s * ux * F, p1[1] + s * uy * F)
            poly = poly.Intersection(polygon_from([p1, p2, q2, q1]))
        raw.append(ring_of(poly))
    # snap: vertices closer than 1 cm become the same (first seen, rounded to mm)
    reps = []
    cells = []
    for r in raw:
        out = []
        for (x, y) in r:
            hit = None
            for (qx, qy) in reps:
                if abs(qx - x) < 0.01 and abs(qy - y) < 0.01:
                    hit = (qx, qy)
                    break
            if hit is None:
                hit = (round(x, 3), round(y, 3))
                reps.append(hit)
            if not out or out[-1] != hit:
                out.append(hit)
        cells.append(polygon_from(out))
        if not cells[-1].IsValid():
            raise RuntimeError("invalid Voronoi cell")
    return cells


def make_districts(rng, boundary):
    seeds = []
    for kod, namn, typ, (dx, dy), risk in DISTRICTS:
        j = {"C": 60, "B": 150, "A": 250}[typ]
        seeds.append((CX + dx + (0 if namn == "Centrum" else rng.uniform(-j, j)),
                      CY + dy + (0 if namn == "Centrum" else rng.uniform(-j, j))))
    cells = voronoi_cells(seeds, boundary)
    polys = []
    for cell in cells:
        g = cell.Intersection(boundary)
        if g.GetGeometryType() != ogr.wkbPolygon:
            raise RuntimeError("district is not a single polygon: %s" % g.GetGeometryName())
        if not g.IsValid():
            raise RuntimeError("invalid district polygon")
        polys.append(g)
    return seeds, polys


class DistrictIndex:
    def __init__(self, polys):
        self.rings = [ring_of(p) for p in polys]
        self.boxes = []
        for r in self.rings:
            xs = [p[0] for p in r]
            ys = [p[1] for p in r]
            self.boxes.append((min(xs), min(ys), max(xs), max(ys)))

    def locate(self, x, y):
        for i, (a, b, c, d) in enumerate(self.boxes):
            if a <= x <= c and b <= y <= d and point_in_ring(x, y, self.rings[i]):
                return i
        return -1

    def edge_distance(self, i, x, y):
        return dist_to_ring(x, y, self.rings[i])


def random_point_in(rng, idx, di):
    a, b, c, d = idx.boxes[di]
    while True:
        x, y = rng.uniform(a, c), rng.uniform(b, d)
        if point_in_ring(x, y, idx.rings[di]):
            return x, y


# --------------------------------------------------------------------------
# Street names
# --------------------------------------------------------------------------
STEMS_NATURE = [
    "Björk", "Tall", "Gran", "Ek", "Lind", "Asp", "Rönn", "Hassel", "Al", "Lönn",
    "Sälg", "Ljung", "Blåbärs", "Lingon", "Smultron", "Kastanje", "Syren", "Fläder",
    "Humle", "Vallmo", "Klöver", "Blåklints", "Vitsippe", "Gullvive", "Ene",
    "Körsbärs", "Äppel", "Päron", "Plommon", "Hägg", "Oxel", "Vide", "Ask", "Alm",
    "Poppel", "Tulpan", "Ros", "Liljekonvalj", "Kaprifol", "Mossa", "Ljusnes",
    "Hjort", "Räv", "Uggle", "Hök", "Orre", "Tjäder", "Trast", "Lärk", "Svale",
    "Fink", "Domherre", "Mås", "Svan", "Trane", "Duv", "Ekorr", "Bäver", "Lo",
    "Vessle", "Grävling", "Älg", "Björn", "Varg", "Falk", "Korp", "Kråk", "Skata",
]
STEMS_PLACE = [
    "Kvarn", "Smedje", "Kyrko", "Skol", "Bruks", "Hamn", "Tegel", "Gruv", "Mästar",
    "Gesäll", "Prost", "Klockar", "Fält", "Tings", "Sjö", "Å", "Berg", "Hag", "Ängs",
    "Skogs", "Mosse", "Bäck", "Källar", "Vagn", "Post", "Tull", "Rådhus", "Mölle",
    "Såg", "Bro", "Kung", "Drottning", "Prins", "Slotts", "Borg", "Mur", "Port",
    "Torn", "Kors", "Lång", "Kort", "Bred", "Trång", "Hantverkar", "Skomakar",
    "Garvar", "Färgar", "Bagar", "Krukmakar", "Glasmästar", "Väver", "Snickar",
    "Fiskar", "Skeppar", "Lots", "Båtsmans", "Ryttar", "Dragon", "Skytte", "Parad",
    "Exercis", "Kaserns", "Sparbanks", "Telegraf", "Elverks", "Vattenverks", "Gas",
    "Ånghus", "Malm", "Koppar", "Järn", "Silver", "Guld", "Stål", "Hytt",
]
STEMS_RURAL = [
    "Nordanby", "Sörby", "Älvsta", "Granhammar", "Mossås", "Ängeby", "Lövsätra",
    "Kolbotten", "Rödtorp", "Lilltorp", "Backgårds", "Storgårds", "Mellangårds",
    "Kvarnbo", "Hästhage", "Stensätter", "Tjärnbacke", "Myrbacka", "Källbo",
    "Rösängs", "Ulvsbo", "Hultsta", "Grindstu", "Sandbo", "Ölsta", "Frösåker",
    "Hammarby", "Tuna", "Vreta", "Fläckebo", "Sätra", "Målhammar",
]
MODIFIERS = ["Norra", "Södra", "Östra", "Västra", "Stora", "Lilla", "Gamla"]
SUFFIX = {
    "C": (["gatan", "gränd", "platsen", "torget", "backen", "vägen"], [8, 2.5, 0.8, 0.5, 0.8, 1]),
    "B": (["vägen", "stigen", "gången", "slingan", "backen", "gränd", "gatan"], [7, 2.5, 1, 1, 1, 0.5, 1]),
    "A": (["vägen", "stigen", "backen"], [9, 1, 0.5]),
}
SPECIAL_GENITIVE = [
    "Sankt Olofs gata", "Sankt Eriks gata", "Sankt Görans gata", "Karl Johans gata",
    "Drottning Kristinas väg", "Gustav Adolfs torg", "Engelbrekts gata",
    "Sankt Pers gränd", "Magnus Ladulås väg", "Birger Jarls gata",
]


class NameGen:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.special = list(SPECIAL_GENITIVE)

    def reserve(self, name):
        self.used.add(name)

    def new(self, typ):
        rng = self.rng
        for _ in range(1000):
            if typ == "C" and self.special and rng.random() < 0.05:
                name = self.special.pop(0)
                if name in self.used:
                    continue
                self.used.add(name)
                return name
            if typ == "A" and rng.random() < 0.45:
                stem = rng.choice(STEMS_RURAL)
            elif typ == "C":
                stem = rng.choice(STEMS_PLACE) if rng.random() < 0.7 else rng.choice(STEMS_NATURE)
            else:
                stem = rng.choice(STEMS_NATURE) if rng.random() < 0.7 else rng.choice(STEMS_PLACE)
            sfx = wchoice(rng, *SUFFIX[typ])
            name = stem + sfx
            if name in self.used or rng.random() < 0.13:
                name = rng.choice(MODIFIERS) + " " + name
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of street names")


# --------------------------------------------------------------------------
# Streets and addresses
# --------------------------------------------------------------------------
SPACING = {"C": (20, 32), "B": (25, 42), "A": (40, 60)}   # metres between consecutive numbers on one side
OFFSET = {"C": 9, "B": 12, "A": 18}                      # address point distance from centreline
LETTER_P = {"C": 0.09, "B": 0.06, "A": 0.01}
LENGTH = {"C": (180, 520), "B": (220, 800), "A": (300, 1500)}


def polyline_points(pl, step_fn):
    """Yield (x, y, ux, uy) at successive arc distances given by step_fn()."""
    seglens = [math.hypot(pl[i + 1][0] - pl[i][0], pl[i + 1][1] - pl[i][1]) for i in range(len(pl) - 1)]
    total = sum(seglens)
    s = step_fn() * 0.5
    out = []
    while s < total:
        acc = 0.0
        for i, L in enumerate(seglens):
            if s <= acc + L or i == len(seglens) - 1:
                t = (s - acc) / L if L > 0 else 0
                x1, y1 = pl[i]
                x2, y2 = pl[i + 1]
                out.append((x1 + t * (x2 - x1), y1 + t * (y2 - y1), (x2 - x1) / L, (y2 - y1) / L))
                break
            acc += L
        s += step_fn()
    return out


def make_polyline(rng, x0, y0, heading, length, typ, grid_angle):
    nseg = rng.randint(1, 3) if typ != "A" else rng.randint(2, 4)
    pts = [(x0, y0)]
    h = heading
    for k in range(nseg):
        L = length / nseg
        if k > 0:
            if typ == "C":
                h += rng.choice([0, 0, math.pi / 2, -math.pi / 2]) + rng.uniform(-0.08, 0.08)
            else:
                h += rng.uniform(-0.6, 0.6)
        x, y = pts[-1]
        pts.append((x + L * math.cos(h), y + L * math.sin(h)))
    return pts


def build_streets(rng, idx, boundary_ring, seeds):
    names = NameGen(rng)
    streets = []   # dict(name, pl, typ)
    # Main roads through and around the centre (fixed names other code/tests may rely on).
    mains = [
        ("Storgatan", [(CX - 1500, CY + 40), (CX - 300, CY + 20), (CX + 1600, CY - 30)], "C"),
        ("Kungsgatan", [(CX + 40, CY - 1400), (CX + 30, CY + 1500)], "C"),
        ("Sankt Olofs gata", [(CX - 700, CY + 350), (CX + 600, CY + 330)], "C"),
        ("Lilla Torggränd", [(CX - 160, CY - 120), (CX + 150, CY - 130)], "C"),
        ("Stationsgatan", [(CX + 200, CY - 420), (CX + 900, CY - 820)], "C"),
        ("Östra Långgatan", [(CX + 500, CY - 700), (CX + 520, CY + 700)], "C"),
        ("Västra Kyrkogatan", [(CX - 480, CY - 650), (CX - 520, CY + 800)], "C"),
        ("Norra Ringvägen", [(CX - 2400, CY + 600), (CX - 1500, CY + 1600), (CX, CY + 1900),
                             (CX + 1500, CY + 1600), (CX + 2400, CY + 600)], "B"),
        ("Södra Ringvägen", [(CX - 2400, CY - 700), (CX - 1400, CY - 1700), (CX, CY - 1950),
                             (CX + 1400, CY - 1700), (CX + 2300, CY - 800)], "B"),
        ("Kopparbergsvägen", [(CX - 1000, CY + 600), (CX - 2600, CY + 2000), (CX - 4200, CY + 3300)], "B"),
        ("Gamla Tingsvägen", [(CX + 1600, CY - 1000), (CX + 3200, CY - 2000), (CX + 4800, CY - 2600)], "A"),
        ("Björkvägen", [(CX + 1900, CY + 600), (CX + 2700, CY + 1100)], "B"),
        ("Råbylundsvägen", [(CX + 900, CY + 1300), (CX + 1800, CY + 2200), (CX + 2300, CY + 3000)], "B"),
        ("Skogsängsvägen", [(CX + 100, CY - 1700), (CX + 350, CY - 2700), (CX + 800, CY - 3400)], "B"),
    ]
    for name, pl, typ in mains:
        names.reserve(name)
        streets.append({"name": name, "pl": pl, "typ": typ})
    # Local streets, seeded per district until the address target is met.
    addr_factor = {"C": 0.118, "B": 0.2, "A": 0.34}
    targets = [int(POPULATION[d[1]] * addr_factor[d[2]]) for d in DISTRICTS]
    counts = [0] * len(DISTRICTS)
    # count main-road contribution roughly later; generate local streets round-robin
    grid_angle = rng.uniform(0.1, 0.3)
    active = True
    rounds = 0
    while active and rounds < 400:
        active = False
        rounds += 1
        for di, (kod, namn, typ, _, _) in enumerate(DISTRICTS):
            if counts[di] >= targets[di]:
                continue
            active = True
            x0, y0 = random_point_in(rng, idx, di)
            if typ == "C":
                heading = grid_angle + rng.choice([0, math.pi / 2, math.pi, -math.pi / 2])
            else:
                heading = rng.uniform(0, 2 * math.pi)
            L = rng.uniform(*LENGTH[typ])
            pl = make_polyline(rng, x0, y0, heading, L, typ, grid_angle)
            st = {"name": names.new(typ), "pl": pl, "typ": typ}
            streets.append(st)
            sp = sum(SPACING[typ]) / 2.0
            counts[di] += int(2 * L / sp * 0.85)
    return streets


def build_addresses(rng, streets, idx, boundary_ring, postcodes):
    addrs = []
    for si, st in enumerate(streets):
        typ = st["typ"]
        lo, hi = SPACING[typ]
        pts = polyline_points(st["pl"], lambda: rng.uniform(lo, hi))
        off = OFFSET[typ]
        one_sided = rng.random() < 0.12
        k = 0
        for (x, y, ux, uy) in pts:
            k += 1
            if rng.random() < 0.04:          # a gap in the numbering (park, plot merged)
                continue
            for side in (1, -1):
                if one_sided and side == -1:
                    continue
                nummer = 2 * k - 1 if side == 1 else 2 * k
                # left normal is (-uy, ux): odd numbers on the left-hand side
                px = x + side * (-uy) * (off + rng.uniform(-2, 2)) + ux * rng.uniform(-3, 3)
                py = y + side * ux * (off + rng.uniform(-2, 2)) + uy * rng.uniform(-3, 3)
                letters = [""]
                r = rng.random()
                if r < LETTER_P[typ]:
                    letters = ["A", "B"] if rng.random() < 0.8 else ["A", "B", "C"]
                elif r < LETTER_P[typ] * 1.25:
                    letters = ["A"]
                for li, b in enumerate(letters):
                    qx = round(px + ux * 7 * li)
                    qy = round(py + uy * 7 * li)
                    if not point_in_ring(qx, qy, boundary_ring):
                        continue
                    di = idx.locate(qx, qy)
                    if di < 0:
                        continue
                    namn = DISTRICTS[di][1]
                    addrs.append({
                        "gatunamn": st["name"], "nummer": nummer, "bokstav": b,
                        "postnummer": postcodes[di],
                        "postort": namn if namn in VILLAGE_POSTORT else "Exempelstad",
                        "adress": "%s %d%s" % (st["name"], nummer, b),
                        "di": di, "x": qx, "y": qy, "street": si,
                    })
    # de-duplicate identical address strings (two streets cannot share a name, but
    # a street crossing the boundary twice could restart): keep the first occurrence
    seen = set()
    out = []
    for a in addrs:
        if a["adress"] in seen:
            continue
        seen.add(a["adress"])
        out.append(a)
    return out


class AddressGrid:
    def __init__(self, addrs, cell=100.0):
        self.cell = cell
        self.addrs = addrs
        self.grid = {}
        for i, a in enumerate(addrs):
            self.grid.setdefault((int(a["x"] // cell), int(a["y"] // cell)), []).append(i)

    def nearest(self, x, y, max_ring=40):
        cx, cy = int(x // self.cell), int(y // self.cell)
        best, bi = 1e18, -1
        for r in range(max_ring):
            for gx in range(cx - r, cx + r + 1):
                for gy in range(cy - r, cy + r + 1):
                    if max(abs(gx - cx), abs(gy - cy)) != r:
                        continue
                    for i in self.grid.get((gx, gy), ()):
                        a = self.addrs[i]
                        d = (a["x"] - x) ** 2 + (a["y"] - y) ** 2
                        if d < best or (d == best and i < bi):
                            best, bi = d, i
            if bi >= 0 and math.sqrt(best) <= r * self.cell:
                break
        return bi


# --------------------------------------------------------------------------
# Meeting places and point factors
# --------------------------------------------------------------------------


def nearest_in_district(grid, addrs, x, y, di, rng=None):
    """Nearest address to (x, y) that lies in district di."""
    best, bi = 1e18, -1
    cx, cy = int(x // grid.cell), int(y // grid.cell)
    for r in range(60):
        for gx in range(cx - r, cx + r + 1):
            for gy in range(cy - r, cy + r + 1):
                if max(abs(gx - cx), abs(gy - cy)) != r:
                    continue
                for i in grid.grid.get((gx, gy), ()):
                    a = addrs[i]
                    if a["di"] != di:
                        continue
                    d = (a["x"] - x) ** 2 + (a["y"] - y) ** 2
                    if d < best:
                        best, bi = d, i
        if bi >= 0 and math.sqrt(best) <= r * grid.cell:
            break
    return bi


def genitive(name):
    return name if name.endswith("s") else name + "s"


def build_meeting_places(rng, idx, addrs, grid, by_district, seeds):
    mps = []
    dindex = {d[1]: i for i, d in enumerate(DISTRICTS)}

    def at_address(namn, kat, di, x=None, y=None, with_addr=True):
        if x is None:
            a = addrs[rng.choice(by_district[di])]
        else:
            a = addrs[nearest_in_district(grid, addrs, x, y, di)]
        px, py = a["x"] + rng.uniform(-6, 6), a["y"] + rng.uniform(-6, 6)
        if idx.locate(px, py) != di:
            px, py = a["x"], a["y"]
        mps.append({"namn": namn, "kategori": kat, "adress": a["adress"] if with_addr else "",
                    "x": round(px, 1), "y": round(py, 1), "di": di})

    def free_point(namn, kat, di, x=None, y=None):
        if x is None or idx.locate(x, y) != di:
            x, y = random_point_in(rng, idx, di)
        mps.append({"namn": namn, "kategori": kat, "adress": "", "x": round(x, 1), "y": round(y, 1), "di": di})

    c = dindex["Centrum"]
    free_point("Stora torget", "torg", c, CX + 20, CY + 10)
    at_address("Stadsbiblioteket", "bibliotek", c, CX + 160, CY + 140)
    free_point("Lilla torget", "torg", c, CX - 230, CY - 160)
    free_point("Stadsparken", "park", c, CX - 260, CY + 240)
    at_address("Kulturhusets ungdomsverksamhet", "fritidsgard", c, CX + 260, CY - 210)
    at_address("Centralskolan", "skola", c, CX - 120, CY + 330)
    # Fixed, hotspot-relevant places
    rl = dindex["Råbylund"]
    sx, sy = seeds[rl]
    at_address("Råbylunds fritidsgård", "fritidsgard", rl, sx + 120, sy - 90)
    free_point("Råbylunds torg", "torg", rl, sx - 60, sy + 40)
    sk = dindex["Skogsäng"]
    sx, sy = seeds[sk]
    free_point("Skogsängs torg", "torg", sk, sx, sy)
    hb = dindex["Hagaberg"]
    free_point("Hagabergsparken", "park", hb, seeds[hb][0] + 150, seeds[hb][1] + 100)

    plan = []   # (district, category, name)
    for di, (kod, namn, typ, _, risk) in enumerate(DISTRICTS):
        g = genitive(namn)
        if typ == "B":
            if namn != "Råbylund":
                plan.append((di, "fritidsgard", "%s fritidsgård" % g))
            plan.append((di, "skola", "%sskolan" % namn))
            if namn not in ("Ekbacken", "Lillåudden", "Tallåsen"):
                plan.append((di, "idrottsplats", "%s IP" % g))
            if namn != "Hagaberg":
                plan.append((di, "park", "%sparken" % namn))
            if namn not in ("Råbylund", "Skogsäng"):
                plan.append((di, "torg", "%s torg" % g))
            if namn in ("Råbylund", "Vallby", "Skogsäng", "Björkbacken"):
                plan.append((di, "bibliotek", "%s bibliotek" % g))
        elif typ == "C" and namn != "Centrum":
            if namn not in ("Stationsområdet", "Hamnen"):
                plan.append((di, "park", "%sparken" % namn))
            if namn in ("Norrmalm", "Söder", "Västermalm", "Östermalm"):
                plan.append((di, "skola", "%sskolan" % namn))
            if namn in ("Söder", "Hamnen"):
                plan.append((di, "fritidsgard", "%s fritidsgård" % g))
            if namn in ("Östermalm", "Västermalm"):
                plan.append((di, "idrottsplats", "%s idrottsplats" % g))
            if namn == "Hamnen":
                plan.append((di, "torg", "Hamntorget"))
        elif typ == "A":
            plan.append((di, "skola", "%s skola" % g))
            if namn in ("Älvsta", "Nordanby", "Sörby"):
                plan.append((di, "idrottsplats", "%s IP" % g))
            if namn in ("Älvsta", "Nordanby", "Sörby"):
                plan.append((di, "fritidsgard", "%s bygdegård och fritidsgård" % g))
            if namn == "Älvsta":
                plan.append((di, "bibliotek", "Älvsta bibliotek"))
    for di, kat, namn in plan:
        if kat in ("park", "torg"):
            free_point(namn, kat, di)
        else:
            at_address(namn, kat, di)
    # a few extra parks to reach ~80
    extra = ["Folkparken", "Strandparken", "Åparken"]
    for k, namn in enumerate(extra):
        di = dindex[["Centrum", "Slottsstaden", "Hamnen", "Söder", "Ekbacken", "Tallåsen", "Kyrkbacken"][k]]
        free_point(namn, "park", di)
    return mps


RESTAURANTS = [
    "Restaurang Kopparn", "Pub Ankaret", "Pizzeria Roma", "Bar Ritz", "Nattklubb Tegel",
    "Hotell Stadt", "Krogen Tre Kronor", "Sushi Kaito", "Kebabhuset", "Café Torget",
    "Bistro Lilla Gränd", "Restaurang Bryggan", "Pub Gamla Rådhuset", "Wine bar Vinkällaren",
    "Restaurang Sjöboden", "Pizzeria Napoli", "Thai Garden", "Steakhouse Oxen",
    "Brasserie Storgatan", "Nattklubb Kolibri", "Karaokebaren", "Sportbaren Hörnan",
    "Ölstugan", "Restaurang Gästis", "Hamnkrogen", "Tapasbaren", "Burgerbaren",
    "Grillen Stationen", "Indisk restaurang Taj", "Restaurang Kung Oskar",
]


def build_point_factors(rng, idx, addrs, grid, by_district, streets, mps, seeds):
    pf = []
    dindex = {d[1]: i for i, d in enumerate(DISTRICTS)}

    def add(typ, namn, besk, x, y):
        pf.append({"typ": typ, "namn": namn, "beskrivning": besk, "x": round(x, 1), "y": round(y, 1)})

    # --- bus stops: candidate positions along streets every ~420 m, min 180 m apart
    cands = []
    for si, st in enumerate(streets):
        pts = polyline_points(st["pl"], lambda: 420.0)
        for (x, y, ux, uy) in pts:
            side = 1 if rng.random() < 0.5 else -1
            px, py = x + side * (-uy) * 6, y + side * ux * 6
            if idx.locate(px, py) >= 0:
                cands.append((px, py, st["name"]))
    rng.shuffle(cands)
    # fixed stops first
    st_i = dindex["Stationsområdet"]
    station = (seeds[st_i][0] + 80, seeds[st_i][1] - 60)
    ku = dindex["Kungsängen"]
    mall = (seeds[ku][0], seeds[ku][1])
    fixed = [(station[0] + 25, station[1] + 15, "Resecentrum"),
             (CX + 60, CY - 40, "Stora torget"),
             (mall[0] + 70, mall[1] + 40, "Kungsängens köpcentrum")]
    for m in mps:
        if m["kategori"] == "torg" and m["namn"] != "Stora torget":
            fixed.append((m["x"] + 30, m["y"] - 20, m["namn"].replace(" torg", " centrum")))
    chosen = []
    cell = 180.0
    occ = {}

    def ok(x, y):
        gx, gy = int(x // cell), int(y // cell)
        for ax in (gx - 1, gx, gx + 1):
            for ay in (gy - 1, gy, gy + 1):
                for (qx, qy) in occ.get((ax, ay), ()):
                    if (qx - x) ** 2 + (qy - y) ** 2 < cell * cell:
                        return False
        return True

    def take(x, y, name):
        occ.setdefault((int(x // cell), int(y // cell)), []).append((x, y))
        chosen.append((x, y, name))

    for x, y, name in fixed:
        take(x, y, name)
    for x, y, name in cands:
        if len(chosen) >= 250:
            break
        if ok(x, y):
            take(x, y, name)
    used = {}
    for x, y, name in chosen:
        used[name] = used.get(name, 0) + 1
        nm = name if used[name] == 1 else "%s %d" % (name, used[name])
        lines = sorted(rng.sample(range(1, 13), rng.randint(1, 3)))
        add("busshallplats", nm, "Busshållplats, linje %s" % ", ".join(str(v) for v in lines), x, y)

    # --- licensed premises (serveringstillstånd): concentrated in the centre
    alloc = [("Centrum", 34), ("Östermalm", 4), ("Stationsområdet", 4), ("Söder", 3), ("Hamnen", 3),
             ("Norrmalm", 2), ("Västermalm", 1), ("Kungsängen", 4), ("Råbylund", 1), ("Vallby", 1),
             ("Skogsäng", 1), ("Björkbacken", 1), ("Älvsta", 1)]
    names_pool = list(RESTAURANTS)
    n = 0
    for namn, k in alloc:
        di = dindex[namn]
        for _ in range(k):
            n += 1
            if namn == "Centrum":
                # within ~350 m of Stora torget: nightlife around the square
                a = addrs[nearest_in_district(grid, addrs, CX + rng.uniform(-350, 350),
                                              CY + rng.uniform(-300, 300), di)]
            else:
                a = addrs[rng.choice(by_district[di])]
            nm = names_pool[(n - 1) % len(names_pool)]
            if n > len(names_pool):
                nm = "%s %s" % (nm, genitive(namn))
            late = rng.random()
            if namn == "Centrum" and late < 0.3:
                besk = "Serveringstillstånd året runt, serveringstid till 03:00 (nattklubb), %s" % a["adress"]
            elif late < 0.7:
                besk = "Serveringstillstånd året runt, serveringstid till 01:00, %s" % a["adress"]
            else:
                besk = "Serveringstillstånd året runt, serveringstid till 23:00, %s" % a["adress"]
            add("serveringstillstand", nm, besk, a["x"] + rng.uniform(-4, 4), a["y"] + rng.uniform(-4, 4))

    # --- poorly lit places flagged on safety walks: concentrated in high-risk districts
    alloc = []
    for di, d in enumerate(DISTRICTS):
        if d[4] == "high":
            alloc.append((di, 11))
    normal = [di for di, d in enumerate(DISTRICTS) if d[4] == "normal"]
    lows = [di for di, d in enumerate(DISTRICTS) if d[4] == "low"]
    k = 0
    for i in range(22):
        alloc.append((normal[(i * 7) % len(normal)], 1))
    for di in lows:
        alloc.append((di, 1))
    kinds = [("Gångväg vid %s", "trasig belysning längs gångvägen"),
             ("Gångtunnel under %s", "mörk gångtunnel, två armaturer ur funktion"),
             ("Cykelväg längs %s", "lång sträcka utan belysning"),
             ("Parkering vid %s", "parkeringen saknar belysning, buskage skymmer sikten"),
             ("Genväg bakom %s", "otrygg genväg, ingen belysning")]
    walk_dates = ["2022-10-18", "2023-03-21", "2023-10-10", "2024-04-16", "2024-10-08", "2025-03-25"]
    for di, cnt in alloc:
        for _ in range(cnt):
            k += 1
            a = addrs[rng.choice(by_district[di])]
            kind = kinds[k % len(kinds)]
            ang = rng.uniform(0, 2 * math.pi)
            x, y = a["x"] + 15 * math.cos(ang), a["y"] + 15 * math.sin(ang)
            if idx.locate(x, y) < 0:
                x, y = a["x"], a["y"]
            add("dalig_belysning", kind[0] % a["gatunamn"],
                "Trygghetsvandring %s i %s: %s" % (rng.choice(walk_dates), DISTRICTS[di][1], kind[1]), x, y)
    return pf, station, mall


# --------------------------------------------------------------------------
# Tables: population, SCB labour market, survey, school
# --------------------------------------------------------------------------
AGE_GROUPS = ["0-17", "18-24", "25-44", "45-64", "65-"]
AGE_PROFILE = {
    "C": [0.15, 0.14, 0.33, 0.21, 0.17],
    "B": [0.23, 0.09, 0.29, 0.23, 0.16],
    "Bhigh": [0.30, 0.11, 0.31, 0.19, 0.09],
    "A": [0.19, 0.06, 0.22, 0.29, 0.24],
}


def split_int(total, shares):
    raw = [total * s for s in shares]
    out = [int(math.floor(v)) for v in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def build_population(rng):
    rows = []
    totals = {}
    detail = {}
    for kod, namn, typ, _, risk in DISTRICTS:
        prof = AGE_PROFILE["Bhigh" if (typ == "B" and risk == "high") else typ]
        prof = [max(0.02, p * rng.uniform(0.92, 1.08)) for p in prof]
        s = sum(prof)
        prof = [p / s for p in prof]
        tot = POPULATION[namn]
        per_age = split_int(tot, prof)
        d = {}
        for ag, n in zip(AGE_GROUPS, per_age):
            male_share = {"0-17": 0.513, "18-24": 0.52, "25-44": 0.51, "45-64": 0.505, "65-": 0.45}[ag]
            male_share += rng.uniform(-0.02, 0.02)
            m = int(round(n * male_share))
            d[("man", ag)] = m
            d[("kvinna", ag)] = n - m
        detail[kod] = d
        totals[kod] = tot
        for kon in ("man", "kvinna"):
            for ag in AGE_GROUPS:
                rows.append((kod, kon, ag, d[(kon, ag)]))
    return rows, totals, detail


def build_labour(rng, detail):
    out = []
    for kod, namn, typ, _, risk in DISTRICTS:
        d = detail[kod]
        kids = d[("man", "0-17")] + d[("kvinna", "0-17")]
        n16_64 = int(round(kids * 2 / 18.0))
        for ag in ("18-24", "25-44", "45-64"):
            n16_64 += d[("man", ag)] + d[("kvinna", ag)]
        if risk == "high":
            er, ur = rng.uniform(0.53, 0.60), rng.uniform(0.09, 0.12)
        elif risk == "low":
            er, ur = rng.uniform(0.86, 0.90), rng.uniform(0.010, 0.016)
        else:
            er, ur = rng.uniform(0.77, 0.84), rng.uniform(0.022, 0.040)
        if typ == "C" and risk == "normal":
            er -= 0.02    # students in the centre
        emp = int(round(n16_64 * er))
        une = int(round(n16_64 * ur))
        lab = emp + une
        outside = n16_64 - lab
        out.append((kod, emp, une, lab, outside, n16_64))
    return out


def build_survey(rng, detail):
    rows = []
    for kod, namn, typ, _, risk in DISTRICTS:
        d = detail[kod]
        base = {"high": (46, 61, 39, 47), "low": (79, 89, 73, 71), "normal": (66, 80, 58, 61)}[risk]
        for kon in ("man", "kvinna"):
            adults = sum(d[(kon, ag)] for ag in AGE_GROUPS[1:])
            tillit = base[0] + rng.uniform(-3, 3) + (0 if kon == "man" else -1.5)
            kvall = (base[1] if kon == "man" else base[2]) + rng.uniform(-3, 3)
            framtid = base[3] + rng.uniform(-3, 3) + (1 if kon == "man" else 0)
            svar = int(round(adults * rng.uniform(0.035, 0.06)))
            rows.append((kod, kon, "%.1f" % tillit, "%.1f" % kvall, "%.1f" % framtid, svar))
    return rows


def build_school(rng, detail):
    rows = []
    for kod, namn, typ, _, risk in DISTRICTS:
        d = detail[kod]
        kids = d[("man", "0-17")] + d[("kvinna", "0-17")]
        base = {"high": (65, 87.5, 75), "low": (94, 95.5, 93.5), "normal": (84.5, 93, 87.5)}[risk]
        vals = ["%.1f" % (b + rng.uniform(-2.5, 2.5)) for b in base]
        vals[1] = "%.1f" % min(99.0, float(vals[1]))
        if kids < 175:
            vals = ["", "", ""]          # too few pupils: suppressed / missing
        elif kids < 215:
            vals[0] = ""                 # eligibility suppressed, the rest reported
        rows.append((kod,) + tuple(vals))
    return rows


# --------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------
# (code, weight, victim profile)
CODES = {
    "vald": [
        ("0357", 24, "M18"), ("0355", 8, "K18"), ("0367", 6, "M18"), ("0365", 5, "K18"),
        ("9362", 8, "M18"), ("9358", 5, "K18"), ("9365", 12, "K18"), ("9369", 3, "M18"),
        ("0377", 4, "M18"), ("0375", 1, "K18"), ("0387", 1, "M18"), ("9319", 6, "P15"),
        ("9317", 2, "F15"), ("9311", 2, "P7"), ("1701", 3, "POL"), ("1702", 0.6, "POL"),
        ("1703", 1, "POL"), ("1704", 1, "ANY"), ("1706", 1, "POL"), ("0412", 1, "K18"),
        ("9396", 0.2, "K18"), ("0329", 0.3, "M18"), ("1311", 0.3, "NONE"),
    ],
    "tillgrepp": [
        ("0880", 20, "ANY"), ("0853", 18, "NONE"), ("9830", 14, "ANY"), ("9829", 3, "ANY"),
        ("9828", 8, "ANY"), ("9827", 3, "ANY"), ("0802", 2, "ANY"), ("0801", 1, "ANY"),
        ("9801", 3, "ANY"), ("9802", 2, "ANY"), ("0857", 1, "ANY"), ("0874", 1, "ANY"),
        ("0825", 6, "ANY"), ("9817", 4, "ANY"), ("9819", 1, "K18"), ("0818", 2, "NONE"),
        ("0811", 1, "NONE"), ("9833", 2, "ANY"), ("0841", 1, "ANY"),
    ],
    "ran": [("9810", 50, "ADULT"), ("9806", 30, "U18"), ("0870", 10, "NONE"), ("0855", 10, "ADULT")],
    "skadegorelse": [
        ("1209", 30, "NONE"), ("1208", 8, "NONE"), ("1201", 20, "ANY"), ("1212", 15, "NONE"),
        ("1203", 5, "NONE"), ("1205", 12, "NONE"), ("1211", 4, "ANY"), ("1210", 3, "NONE"),
    ],
    "narkotika": [
        ("5010", 35, "NONE"), ("5011", 40, "NONE"), ("5005", 10, "NONE"), ("5004", 1, "NONE"),
        ("5043", 4, "NONE"), ("4046", 1, "NONE"), ("5015", 1, "NONE"),
    ],
    "ovrigt": [
        ("9447", 8, "M18"), ("9443", 5, "K18"), ("0451", 1.5, "F15"), ("0453", 1.5, "P15"),
        ("9463", 5, "M18"), ("9459", 6, "K18"), ("0906", 4, "ANY"), ("0995", 6, "ANY"),
        ("0981", 4, "ANY"), ("3005", 8, "NONE"), ("3002", 7, "NONE"), ("3070", 5, "NONE"),
        ("3008", 3, "NONE"), ("4023", 3, "NONE"), ("9471", 2, "ANY"), ("9472", 3, "NONE"),
        ("1705", 2, "POL"), ("1615", 0.5, "NONE"), ("9694", 3, "K18"), ("0930", 1, "NONE"),
        ("8008", 1, "NONE"), ("4081", 1, "NONE"), ("0407", 1, "M18"), ("0408", 1, "K18"),
    ],
}
GROUP_SHARE = {"tillgrepp": 0.312, "skadegorelse": 0.186, "vald": 0.142, "narkotika": 0.072,
               "ran": 0.011, "ovrigt": 0.277}
HOURS = {
    "vald": [6, 5, 5, 4, 2, 1, 1, 1, 1, 1, 1, 1.5, 2, 2, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 7],
    "tillgrepp": [0.5, 0.4, 0.3, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 5.5, 5, 4, 3, 2, 1.5, 1],
    "skadegorelse": [4, 4, 3, 2, 1, 0.5, 0.5, 0.5, 0.7, 1, 1, 1, 1, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 6, 5],
    "narkotika": [3, 2.5, 2, 1.5, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 5.5, 6, 6, 6, 5.5, 5, 4],
    "ran": [4, 3.5, 3, 2, 1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 1, 1.5, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 5.5, 5],
    "ovrigt": [1.5, 1.2, 1, 0.8, 0.6, 0.6, 1, 2, 3, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4, 3.5, 3, 2.5, 2.5, 2, 1.8],
}
DOW = {   # Monday..Sunday
    "vald": [0.8, 0.8, 0.85, 0.9, 1.1, 1.4, 1.2],
    "tillgrepp": [1.05, 1.05, 1.05, 1.05, 1.1, 1.0, 0.7],
    "skadegorelse": [0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 1.0],
    "narkotika": [1.0, 1.0, 1.0, 1.0, 1.2, 1.3, 0.9],
    "ran": [0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 1.1],
    "ovrigt": [1.0, 1.0, 1.0, 1.0, 1.1, 1.1, 0.9],
}
NIGHT_BOOST = {"vald": 3.0, "skadegorelse": 1.5, "ran": 1.6, "narkotika": 1.2, "tillgrepp": 1.0, "ovrigt": 1.3}
TREND = {"vald": [1.0, 1.02, 0.98, 0.95], "tillgrepp": [1.05, 1.0, 0.97, 0.95],
         "skadegorelse": [0.95, 1.0, 1.05, 1.08], "narkotika": [0.9, 1.0, 1.1, 1.15],
         "ran": [1.0, 1.0, 1.0, 1.0], "ovrigt": [1.0, 1.0, 1.0, 1.0]}
MP_ANCHOR = {"vald": 0.25, "skadegorelse": 0.35, "narkotika": 0.35, "ran": 0.2, "tillgrepp": 0.1, "ovrigt": 0.1}
RISK_MULT = {
    "high": {"vald": 2.2, "narkotika": 3.0, "skadegorelse": 1.8, "ran": 2.0, "tillgrepp": 1.0, "ovrigt": 1.3},
    "low": {"vald": 0.45, "narkotika": 0.4, "skadegorelse": 0.5, "ran": 0.4, "tillgrepp": 0.7, "ovrigt": 0.7},
    "normal": {g: 1.0 for g in GROUPS},
}
PLACE_MULT = {
    "Centrum": {"tillgrepp": 3.0, "vald": 2.0, "ran": 1.5, "ovrigt": 1.5, "narkotika": 1.3},
    "Stationsområdet": {"tillgrepp": 1.5, "narkotika": 1.5},
    "Kungsängen": {"tillgrepp": 2.5},
}
TYPE_MULT = {"A": {"vald": 0.6, "tillgrepp": 0.8, "skadegorelse": 0.7, "narkotika": 0.5, "ran": 0.3, "ovrigt": 0.9},
             "B": {}, "C": {}}


def season(group, month):
    if group == "tillgrepp":
        return 1.25 if 5 <= month <= 9 else 1.0
    if group == "vald":
        return 1.15 if 6 <= month <= 8 else 1.0
    if group == "skadegorelse":
        return 1.2 if 4 <= month <= 10 else 1.0
    return 1.0


def night(dow, h):
    return (dow in (4, 5) and h >= 21) or (dow in (5, 6) and h <= 4)


def build_time_tables(days):
    tables = {}
    for g in GROUPS:
        items, weights = [], []
        for di, day in enumerate(days):
            base = season(g, day.month) * TREND[g][day.year - 2022] * DOW[g][day.weekday()]
            for h in range(24):
                w = base * HOURS[g][h] * (NIGHT_BOOST[g] if night(day.weekday(), h) else 1.0)
                items.append((di, h))
                weights.append(w)
        tables[g] = Cum(items, weights)
    return tables


def victim(rng, prof):
    if prof == "NONE":
        return "", ""
    if prof == "M18":
        kon, age = "M", int(min(90, 18 + rng.expovariate(1 / 14.0)))
    elif prof == "K18":
        kon, age = "K", int(min(92, 18 + rng.expovariate(1 / 16.0)))
    elif prof == "ADULT":
        kon, age = ("M" if rng.random() < 0.7 else "K"), int(min(90, 18 + rng.expovariate(1 / 15.0)))
    elif prof == "P15":
        kon, age = "M", rng.randint(15, 17)
    elif prof == "F15":
        kon, age = "K", rng.randint(15, 17)
    elif prof == "P7":
        kon, age = "M", rng.randint(7, 14)
    elif prof == "U18":
        kon, age = ("M" if rng.random() < 0.75 else "K"), rng.randint(12, 17)
    elif prof == "POL":
        kon, age = ("M" if rng.random() < 0.7 else "K"), rng.randint(23, 58)
    else:   # ANY
        kon = "M" if rng.random() < 0.55 else "K"
        age = int(min(95, max(8, rng.gauss(42, 18))))
    if rng.random() < 0.05:
        age = ""
    if rng.random() < 0.025:
        kon = ""
    return kon, age


ABBREV = [("gatan", ["g.", "g", "gat."]), ("vägen", ["v.", "v", "väg."]),
          ("gränd", ["gr."]), ("platsen", ["pl."]), ("torget", ["torg"])]
PREFIX_ABBREV = {"Sankt": ["S:t", "St.", "S:T"], "Norra": ["N.", "N"], "Södra": ["S.", "S"],
                 "Östra": ["Ö.", "Ö"], "Västra": ["V.", "V"], "Stora": ["St.", "St"],
                 "Lilla": ["L.", "Lill"], "Gamla": ["G:la", "G."]}
STRIP = str.maketrans("åäöÅÄÖé", "aaoAAOe")


def noisy_address(rng, a, strength):
    """Realistic noise on an address string: the kind a geocoder must survive."""
    street = a["gatunamn"]
    num = str(a["nummer"])
    letter = a["bokstav"]
    ops = rng.sample(["abbr", "typo", "letter", "diacritics", "case", "extra", "space", "post"],
                     strength)
    if "abbr" in ops:
        words = street.split(" ")
        if words[0] in PREFIX_ABBREV and rng.random() < 0.6:
            words[0] = rng.choice(PREFIX_ABBREV[words[0]])
        last = words[-1]
        if last in ("gata", "väg") and rng.random() < 0.7:
            words[-1] = last[0]
        else:
            for full, abbs in ABBREV:
                if last.endswith(full):
                    words[-1] = last[: -len(full)] + rng.choice(abbs)
                    break
        street = " ".join(words)
    if "typo" in ops and len(street) > 5:
        i = rng.randint(1, len(street) - 3)
        kind = rng.random()
        if kind < 0.4:
            street = street[:i] + street[i + 1] + street[i] + street[i + 2:]
        elif kind < 0.7:
            street = street[:i] + street[i + 1:]
        else:
            street = street[:i] + street[i] + street[i:]
    if "letter" in ops:
        letter = ""
    if "space" in ops and letter:
        letter = " " + letter
    if "diacritics" in ops:
        street = street.translate(STRIP)
    s = "%s %s%s" % (street, num, letter)
    if "case" in ops:
        s = s.upper() if rng.random() < 0.6 else s.lower()
    if "extra" in ops:
        form = rng.randint(0, 5)
        if form == 0:
            s = "utanför " + s
        elif form == 1:
            s = s + ", lgh %d%02d" % (rng.randint(10, 14), rng.randint(1, 8))
        elif form == 2:
            s = "vid " + s
        elif form == 3:
            s = s + " (på gården)"
        elif form == 4:
            s = "i trapphuset " + s
        else:
            s = s + " uppgång " + (rng.choice("ABC"))
    if "post" in ops:
        s = s + ", " + a["postnummer"] + " " + a["postort"]
    return s


def sweref_to_wgs84():
    src = osr.SpatialReference()
    src.ImportFromEPSG(3006)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def fmt_time(rng, group, code, day, h, minute):
    r = rng.random()
    date_only_p = {"skadegorelse": 0.22}.get(group, 0.06)
    if code in ("9801", "9802", "0857", "0874", "0825", "0818", "0811", "9830", "9829", "9833"):
        date_only_p = 0.18
    if r < date_only_p:
        return day.isoformat()
    if r > 0.955:
        return "%sT%02d:%02d:00" % (day.isoformat(), h, minute)
    return "%s %02d:%02d" % (day.isoformat(), h, minute)


def draw_minute(rng):
    r = rng.random()
    if r < 0.2:
        return rng.choice([0, 30])
    if r < 0.35:
        return rng.choice([0, 15, 30, 45])
    if r < 0.45:
        return rng.randrange(0, 60, 5)
    return rng.randint(0, 59)


def half(day):
    return "%dH%d" % (day.year, 1 if day.month <= 6 else 2)


def build_incidents(rng, idx, addrs, grid, by_district, mps, totals, hotspots, days):
    tables = build_time_tables(days)
    codes = {g: Cum([c for c in CODES[g]], [c[1] for c in CODES[g]]) for g in GROUPS}
    mps_by_d = {}
    for i, m in enumerate(mps):
        mps_by_d.setdefault(m["di"], []).append(i)
    dist_w = {}
    for g in GROUPS:
        w = []
        for di, (kod, namn, typ, _, risk) in enumerate(DISTRICTS):
            m = totals[kod] * RISK_MULT[risk][g] * PLACE_MULT.get(namn, {}).get(g, 1.0) \
                * TYPE_MULT[typ].get(g, 1.0)
            w.append(m)
        dist_w[g] = Cum(list(range(len(DISTRICTS))), w)
    gsel = Cum(GROUPS, [GROUP_SHARE[g] for g in GROUPS])

    def place_true(x0, y0, radius):
        for _ in range(50):
            r = radius * math.sqrt(rng.random())
            a = rng.uniform(0, 2 * math.pi)
            x, y = round(x0 + r * math.cos(a)), round(y0 + r * math.sin(a))
            di = idx.locate(x, y)
            if di < 0:
                continue
            if idx.edge_distance(di, x, y) < 2.0:
                continue
            return x, y, di
        return None

    incidents = []
    n_background = 37150
    for _ in range(n_background):
        g = gsel.pick(rng)
        dsel = dist_w[g].pick(rng)
        dayi, h = tables[g].pick(rng)
        day = days[dayi]
        code, _, prof = codes[g].pick(rng)
        res = None
        while res is None:
            if dsel in mps_by_d and rng.random() < MP_ANCHOR[g]:
                m = mps[rng.choice(mps_by_d[dsel])]
                ax, ay = m["x"], m["y"]
            else:
                a = addrs[rng.choice(by_district[dsel])]
                ax, ay = a["x"], a["y"]
            res = place_true(ax, ay, 30.0)
        x, y, di = res
        kon, alder = victim(rng, prof)
        incidents.append({"group": g, "code": code, "day": day, "h": h, "min": draw_minute(rng),
                          "x": x, "y": y, "di": di, "hotspot": "", "kon": kon, "alder": alder})

    # planted hotspots
    for hs in hotspots:
        lst = Cum([c[0] for c in hs["codes"]], [c[1] for c in hs["codes"]])
        profs = {c[0]: c[2] for c in hs["codes"]}
        d0, d1 = hs["from"], hs["to"]
        cand = [i for i, d in enumerate(days) if d0 <= d <= d1]
        k = 0
        while k < hs["n"]:
            day = days[rng.choice(cand)]
            h = wchoice(rng, list(range(24)), hs["hours"])
            if hs.get("weekend_nights") and not night(day.weekday(), h):
                continue
            if hs.get("weekdays_sat") and day.weekday() == 6:
                continue
            res = place_true(hs["x"], hs["y"], hs["r"])
            if res is None:
                continue
            x, y, di = res
            code = lst.pick(rng)
            kon, alder = victim(rng, profs[code])
            g = hs["grupp"] if code not in ("9806", "9810") else "ran"
            incidents.append({"group": g, "code": code, "day": day, "h": h, "min": draw_minute(rng),
                              "x": x, "y": y, "di": di, "hotspot": hs["id"], "kon": kon, "alder": alder})
            k += 1
    return incidents


ADDRESS_MAX_DISTANCE_M = 30.0


def encode_incidents(rng, incidents, addrs, grid, tr):
    """Choose exactly one location representation per row and format fields."""
    for inc in incidents:
        u = rng.random()
        inc.update({"ox": "", "oy": "", "lon": "", "lat": "", "deso": "", "adress": ""})
        if u < 0.55:
            inc["ox"], inc["oy"] = str(inc["x"]), str(inc["y"])
        elif u < 0.70:
            lon, lat, _ = tr.TransformPoint(float(inc["x"]), float(inc["y"]))
            inc["lon"], inc["lat"] = "%.6f" % lon, "%.6f" % lat
        elif u < 0.80:
            inc["deso"] = DISTRICTS[inc["di"]][0]
        else:
            a = addrs[grid.nearest(inc["x"], inc["y"])]
            if rng.random() < 0.6:
                text = noisy_address(rng, a, 1 if rng.random() < 0.7 else 2)
            else:
                text = a["adress"]
            # A register names an address only when the incident happened at it; one in a park or
            # on a square far from any address point is given by coordinates instead. (The random
            # draws above are made either way, so every other row stays as it was.)
            if math.hypot(a["x"] - inc["x"], a["y"] - inc["y"]) <= ADDRESS_MAX_DISTANCE_M:
                inc["adress"] = text
            else:
                inc["ox"], inc["oy"] = str(inc["x"]), str(inc["y"])
        inc["brottsdatum"] = fmt_time(rng, inc["group"], inc["code"], inc["day"], inc["h"], inc["min"])
        inc["bad"] = ""


BAD_ROWS = [
    ("impossible_date", "brottsdatum '2023-02-30 21:15' (30 februari finns inte)"),
    ("impossible_date", "brottsdatum '2024-04-31 13:05' (31 april finns inte)"),
    ("impossible_date", "brottsdatum '2022-13-05 10:00' (månad 13)"),
    ("impossible_time", "brottsdatum '2023-06-10 25:30' (timme 25)"),
    ("empty_date", "brottsdatum saknas (tom cell)"),
    ("empty_date", "brottsdatum saknas (tom cell)"),
    ("empty_date", "brottsdatum saknas (tom cell)"),
    ("date_out_of_range", "brottsdatum '2019-05-01 12:00' (före 2022, troligen felskrivet år)"),
    ("date_out_of_range", "brottsdatum '2026-03-14 18:20' (efter 2025-12-31)"),
    ("unknown_code", "brottskod '9999' finns inte i katalogen"),
    ("unknown_code", "brottskod '0000' finns inte i katalogen"),
    ("unknown_code", "brottskod '123' (tre siffror, inledande nolla tappad av kalkylblad?)"),
    ("unknown_code", "brottskod '35700' (fem siffror)"),
    ("empty_code", "brottskod saknas (tom cell)"),
    ("swapped_xy", "x och y omkastade (x≈6,6 miljoner, y≈590 000): utanför kommunen"),
    ("swapped_xy", "x och y omkastade: utanför kommunen"),
    ("swapped_xy", "x och y omkastade: utanför kommunen"),
    ("outside_municipality", "x förskjutet 25 km österut: utanför kommunen"),
    ("wrong_crs", "koordinater i RT 90 2.5 gon V i stället för SWEREF 99 TM (x≈1,5 miljoner): utanför kommunen"),
    ("swapped_lonlat", "lon och lat omkastade (lon≈59,6, lat≈16,6)"),
    ("lonlat_zero", "lon=0, lat=0 (nollpunkt från ett GPS-fel)"),
    ("unknown_deso", "deso '9999C0990' finns inte"),
    ("unknown_deso", "deso '1980C1550' (Västerås-kod, inte Exempelstad)"),
    ("unknown_deso", "deso '9999A001' (8 tecken)"),
    ("unknown_address", "adress 'Påhittade gatan 999' finns inte i adressregistret"),
    ("unknown_address", "adress 'Okänd adress' går inte att geokoda"),
    ("no_location", "ingen lägesuppgift alls (alla lägeskolumner tomma)"),
    ("conflicting_location", "både x,y och deso ifyllda och de motsäger varandra (deso anger ett annat delområde)"),
    ("invalid_age", "alder '130'"),
    ("invalid_sex", "kon 'X' och alder '-1'"),
]


def corrupt(rng, inc, kind, tr, totals_codes):
    x, y = inc["x"], inc["y"]
    clear = {"ox": "", "oy": "", "lon": "", "lat": "", "deso": "", "adress": ""}
    if kind == "impossible_date":
        inc["brottsdatum"] = {0: "2023-02-30 21:15", 1: "2024-04-31 13:05", 2: "2022-13-05 10:00"}[inc["_k"]]
    elif kind == "impossible_time":
        inc["brottsdatum"] = "2023-06-10 25:30"
    elif kind == "empty_date":
        inc["brottsdatum"] = ""
    elif kind == "date_out_of_range":
        inc["brottsdatum"] = {0: "2019-05-01 12:00", 1: "2026-03-14 18:20"}[inc["_k"]]
    elif kind == "unknown_code":
        inc["code"] = ["9999", "0000", "123", "35700"][inc["_k"]]
    elif kind == "empty_code":
        inc["code"] = ""
    elif kind == "swapped_xy":
        inc.update(clear)
        inc["ox"], inc["oy"] = str(y), str(x)
    elif kind == "outside_municipality":
        inc.update(clear)
        inc["ox"], inc["oy"] = str(x + 25000), str(y)
    elif kind == "wrong_crs":
        src = osr.SpatialReference()
        src.ImportFromEPSG(3006)
        dst = osr.SpatialReference()
        dst.ImportFromEPSG(3021)   # RT 90 2.5 gon V
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        e, n, _ = osr.CoordinateTransformation(src, dst).TransformPoint(float(x), float(y))
        inc.update(clear)
        inc["ox"], inc["oy"] = str(round(e)), str(round(n))
    elif kind == "swapped_lonlat":
        lon, lat, _ = tr.TransformPoint(float(x), float(y))
        inc.update(clear)
        inc["lon"], inc["lat"] = "%.6f" % lat, "%.6f" % lon
    elif kind == "lonlat_zero":
        inc.update(clear)
        inc["lon"], inc["lat"] = "0.000000", "0.000000"
    elif kind == "unknown_deso":
        inc.update(clear)
        inc["deso"] = ["9999C0990", "1980C1550", "9999A001"][inc["_k"]]
    elif kind == "unknown_address":
        inc.update(clear)
        inc["adress"] = ["Påhittade gatan 999", "Okänd adress"][inc["_k"]]
    elif kind == "no_location":
        inc.update(clear)
    elif kind == "conflicting_location":
        inc.update(clear)
        inc["ox"], inc["oy"] = str(x), str(y)
        other = (inc["di"] + 12) % len(DISTRICTS)
        inc["deso"] = DISTRICTS[other][0]
    elif kind == "invalid_age":
        inc["alder"] = "130"
        if not inc["kon"]:
            inc["kon"] = "M"
    elif kind == "invalid_sex":
        inc["kon"] = "X"
        inc["alder"] = "-1"
    inc["bad"] = kind


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


def write_csv(path, header, rows, crlf=False):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def write_gpkg(path, boundary, polys, addrs, mps, pf):
    if os.path.exists(path):
        os.remove(path)
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)

    def layer(name, gtype, fields):
        lyr = ds.CreateLayer(name, srs, gtype, options=["SPATIAL_INDEX=YES", "FID=fid"])
        for fname, ftype, width in fields:
            fd = ogr.FieldDefn(fname, ftype)
            if width:
                fd.SetWidth(width)
            lyr.CreateField(fd)
        return lyr

    def point(x, y):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(float(x), float(y))
        return p

    lyr = layer("kommungrans", ogr.wkbPolygon, [("kommunkod", ogr.OFTString, 4), ("namn", ogr.OFTString, 0)])
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("kommunkod", KOMMUNKOD)
    f.SetField("namn", "Exempelstad")
    f.SetGeometry(boundary)
    lyr.CreateFeature(f)

    lyr = layer("delomraden", ogr.wkbPolygon, [("kod", ogr.OFTString, 9), ("namn", ogr.OFTString, 0)])
    ds.StartTransaction()
    for (kod, namn, *_), g in zip(DISTRICTS, polys):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("kod", kod)
        f.SetField("namn", namn)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds.CommitTransaction()

    lyr = layer("adresser", ogr.wkbPoint, [
        ("gatunamn", ogr.OFTString, 0), ("nummer", ogr.OFTInteger, 0), ("bokstav", ogr.OFTString, 2),
        ("postnummer", ogr.OFTString, 6), ("postort", ogr.OFTString, 0), ("adress", ogr.OFTString, 0),
        ("kod", ogr.OFTString, 9)])
    ds.StartTransaction()
    defn = lyr.GetLayerDefn()
    for a in addrs:
        f = ogr.Feature(defn)
        f.SetField("gatunamn", a["gatunamn"])
        f.SetField("nummer", a["nummer"])
        f.SetField("bokstav", a["bokstav"])
        f.SetField("postnummer", a["postnummer"])
        f.SetField("postort", a["postort"])
        f.SetField("adress", a["adress"])
        f.SetField("kod", DISTRICTS[a["di"]][0])
        f.SetGeometry(point(a["x"], a["y"]))
        lyr.CreateFeature(f)
    ds.CommitTransaction()

    lyr = layer("motesplatser", ogr.wkbPoint, [("namn", ogr.OFTString, 0), ("kategori", ogr.OFTString, 0),
                                               ("adress", ogr.OFTString, 0)])
    ds.StartTransaction()
    for m in mps:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("namn", m["namn"])
        f.SetField("kategori", m["kategori"])
        f.SetField("adress", m["adress"])
        f.SetGeometry(point(m["x"], m["y"]))
        lyr.CreateFeature(f)
    ds.CommitTransaction()

    lyr = layer("punktfaktorer", ogr.wkbPoint, [("typ", ogr.OFTString, 0), ("namn", ogr.OFTString, 0),
                                                ("beskrivning", ogr.OFTString, 0)])
    ds.StartTransaction()
    for p in pf:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("typ", p["typ"])
        f.SetField("namn", p["namn"])
        f.SetField("beskrivning", p["beskrivning"])
        f.SetGeometry(point(p["x"], p["y"]))
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    ds = None


SCB_TITLE = "Arbetsmarknadsstatus. Årligt register efter region, tabellinnehåll, kön, ålder och år"
SCB_YEAR = "2023"


def write_scb(path, labour):
    lines = ['"%s"' % SCB_TITLE,
             ",antal sysselsatta,antal arbetslösa,antal sysselsatta och arbetslösa (arbetskraften),"
             "antal personer utanför arbetskraften,antal totalt",
             ",totalt,totalt,totalt,totalt,totalt",
             ",16-64 år,16-64 år,16-64 år,16-64 år,16-64 år",
             "," + ",".join([SCB_YEAR] * 5)]
    for row in labour:
        lines.append(",".join(str(v) for v in row))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main():
    rng = random.Random(SEED)
    os.makedirs(TRUTH, exist_ok=True)

    boundary = make_boundary(rng)
    bring = ring_of(boundary)
    seeds, polys = make_districts(rng, boundary)
    idx = DistrictIndex(polys)
    postcodes = []
    for di, (kod, namn, typ, _, _) in enumerate(DISTRICTS):
        base = {"C": 30, "B": 40, "A": 50}[typ]
        num = base + int(kod[-3:-1]) - 1
        postcodes.append("%d %02d" % (POSTCODE_BASE, num))

    streets = build_streets(rng, idx, bring, seeds)
    addrs = build_addresses(rng, streets, idx, bring, postcodes)
    grid = AddressGrid(addrs)
    by_district = {}
    for i, a in enumerate(addrs):
        by_district.setdefault(a["di"], []).append(i)
    for di in range(len(DISTRICTS)):
        if di not in by_district:
            raise RuntimeError("district %s has no addresses" % DISTRICTS[di][1])

    mps = build_meeting_places(rng, idx, addrs, grid, by_district, seeds)
    pf, station, mall = build_point_factors(rng, idx, addrs, grid, by_district, streets, mps, seeds)

    pop_rows, totals, detail = build_population(rng)
    labour = build_labour(rng, detail)
    survey = build_survey(rng, detail)
    school = build_school(rng, detail)

    # hotspots
    mp_by_name = {m["namn"]: m for m in mps}
    hotspots = [
        {"id": "H1", "x": mp_by_name["Stora torget"]["x"], "y": mp_by_name["Stora torget"]["y"], "r": 250,
         "grupp": "vald", "from": dt.date(2022, 1, 1), "to": dt.date(2025, 12, 31), "n": 600,
         "hours": [6, 6, 5, 4, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 6],
         "weekend_nights": True,
         "codes": [("0357", 55, "M18"), ("0355", 15, "K18"), ("0377", 10, "M18"), ("9362", 10, "M18"),
                   ("1701", 5, "POL"), ("1703", 5, "POL")],
         "beskrivning": "Våld (misshandel, våld mot polis/ordningsvakt) kring Stora torget fredags- och "
                        "lördagsnätter 21-05, hela perioden; krogar med sena serveringstillstånd runt torget"},
        {"id": "H2", "x": mp_by_name["Råbylunds fritidsgård"]["x"], "y": mp_by_name["Råbylunds fritidsgård"]["y"],
         "r": 300, "grupp": "skadegorelse", "from": dt.date(2024, 1, 1), "to": dt.date(2025, 12, 31), "n": 650,
         "hours": [3, 2, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 2, 3, 4, 5, 6, 6, 6, 5, 4],
         "codes": [("1209", 50, "NONE"), ("1205", 25, "NONE"), ("1212", 15, "NONE"), ("1208", 10, "NONE")],
         "beskrivning": "Skadegörelse och klotter kring Råbylunds fritidsgård (högriskområde) från 2024H1, "
                        "kvällar och nätter"},
        {"id": "H3", "x": round(station[0], 1), "y": round(station[1], 1), "r": 200,
         "grupp": "narkotika", "from": dt.date(2022, 1, 1), "to": dt.date(2025, 12, 31), "n": 450,
         "hours": [3, 2, 1, 0.5, 0.2, 0, 0, 0, 0, 0.2, 0.5, 1, 2, 3, 3, 4, 5, 6, 6, 6, 6, 5, 4, 4],
         "codes": [("5010", 40, "NONE"), ("5011", 35, "NONE"), ("5005", 25, "NONE")],
         "beskrivning": "Narkotikabrott (innehav, bruk, överlåtelse) vid resecentrum/järnvägsstationen, "
                        "hela perioden, eftermiddag till natt"},
        {"id": "H4", "x": round(mall[0], 1), "y": round(mall[1], 1), "r": 350,
         "grupp": "tillgrepp", "from": dt.date(2022, 1, 1), "to": dt.date(2025, 12, 31), "n": 900,
         "hours": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 6, 6, 6, 6, 6, 6, 6, 5, 4, 2, 0.5, 0, 0],
         "weekdays_sat": True,
         "codes": [("0853", 60, "NONE"), ("9828", 15, "ANY"), ("0880", 15, "ANY"), ("9830", 10, "ANY")],
         "beskrivning": "Stöld och snatteri i Kungsängens köpcentrum (butiksstöld, stöld ur bil på "
                        "parkeringen, cykelstöld), öppettider måndag-lördag, hela perioden"},
        {"id": "H5", "x": mp_by_name["Skogsängs torg"]["x"], "y": mp_by_name["Skogsängs torg"]["y"], "r": 200,
         "grupp": "vald", "from": dt.date(2025, 7, 1), "to": dt.date(2025, 12, 31), "n": 220,
         "hours": [4, 3, 2, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 2, 3, 4, 5, 6, 6, 6, 6, 5, 5],
         "codes": [("0357", 40, "M18"), ("9319", 20, "P15"), ("0355", 10, "K18"), ("0377", 10, "M18"),
                   ("9806", 12, "U18"), ("9810", 8, "ADULT")],
         "beskrivning": "Nytt hotspot som börjar först 2025H2: våld och personrån bland unga vid Skogsängs "
                        "torg (högriskområde), kvällar"},
    ]

    days = []
    d = START
    while d <= END:
        days.append(d)
        d += dt.timedelta(days=1)
    incidents = build_incidents(rng, idx, addrs, grid, by_district, mps, totals, hotspots, days)
    tr = sweref_to_wgs84()
    encode_incidents(rng, incidents, addrs, grid, tr)

    # deliberately bad rows: corrupt 30 background incidents chosen at random
    bg = [i for i, inc in enumerate(incidents) if not inc["hotspot"]]
    victims = rng.sample(bg, len(BAD_ROWS))
    counters = {}
    for (kind, desc), i in zip(BAD_ROWS, victims):
        inc = incidents[i]
        inc["_k"] = counters.get(kind, 0)
        counters[kind] = inc["_k"] + 1
        inc["bad_desc"] = desc
        corrupt(rng, inc, kind, tr, None)

    # sort like a register extract: by true time, stable
    order = sorted(range(len(incidents)),
                   key=lambda i: (incidents[i]["day"], incidents[i]["h"], incidents[i]["min"], i))
    inc_rows, truth_rows, bad_rows = [], [], []
    for n, i in enumerate(order, start=1):
        inc = incidents[i]
        iid = "E%06d" % n
        inc_rows.append((iid, inc["brottsdatum"], inc["code"], inc["ox"], inc["oy"], inc["lon"], inc["lat"],
                         inc["deso"], inc["adress"], inc["kon"], inc["alder"]))
        truth_rows.append((iid, inc["x"], inc["y"], DISTRICTS[inc["di"]][0], inc["hotspot"]))
        if inc["bad"]:
            bad_rows.append((iid, inc["bad"], inc["bad_desc"]))

    # ------------------------------------------------------------- write
    write_gpkg(os.path.join(OUT, "exempelstad.gpkg"), boundary, polys, addrs, mps, pf)
    write_csv(os.path.join(OUT, "befolkning.csv"), ["kod", "kon", "aldersgrupp", "antal"], pop_rows)
    write_csv(os.path.join(OUT, "befolkning_total.csv"), ["kod", "namn", "befolkning"],
              [(kod, namn, totals[kod]) for kod, namn, *_ in DISTRICTS])
    write_scb(os.path.join(OUT, "sysselsattning_scb.csv"), labour)
    write_csv(os.path.join(OUT, "trygghetsundersokning.csv"),
              ["kod", "kon", "andel_tillit", "andel_trygg_kvall", "andel_framtidstro", "antal_svarande"], survey)
    write_csv(os.path.join(OUT, "skola.csv"), ["kod", "gymnasiebehorighet", "narvaro", "trygg_i_skolan"], school)
    write_csv(os.path.join(OUT, "incidents.csv"),
              ["id", "brottsdatum", "brottskod", "x", "y", "lon", "lat", "deso", "adress", "kon", "alder"],
              inc_rows)
    write_csv(os.path.join(TRUTH, "incidents_truth.csv"), ["id", "true_x", "true_y", "kod", "hotspot"], truth_rows)
    # issue 19 (emerging): the planted measure, in files of its own (measure_process.py)
    from measure_process import write_measure
    write_measure(os.path.join(OUT, "atgard_incidents.csv"), os.path.join(TRUTH, "atgard.csv"),
                  ["id", "brottsdatum", "brottskod", "x", "y", "lon", "lat", "deso", "adress", "kon", "alder"],
                  inc_rows, truth_rows, polys, [d[0] for d in DISTRICTS])
    write_csv(os.path.join(TRUTH, "bad_rows.csv"), ["id", "fel", "beskrivning"], bad_rows)
    write_csv(os.path.join(TRUTH, "hotspots.csv"),
              ["hotspot", "center_x", "center_y", "radius_m", "grupp", "fran_period", "till_period", "beskrivning"],
              [(h["id"], "%.1f" % h["x"], "%.1f" % h["y"], h["r"], h["grupp"], half(h["from"]), half(h["to"]),
                h["beskrivning"]) for h in hotspots])
    goals = {
        "high": ("1;2;3;5", "Byggt som högriskområde: låg sysselsättning i sysselsattning_scb.csv, låg tillit och "
                            "trygghet i trygghetsundersokning.csv, låg gymnasiebehörighet i skola.csv, fler "
                            "dalig_belysning-punkter, förhöjd våld- (x2,2), narkotika- (x3), skadegörelse- (x1,8) "
                            "och rånfrekvens per invånare"),
        "low": ("1;2;3;4;5", "Byggt som lågriskområde: hög sysselsättning, hög tillit och trygghet, hög "
                             "gymnasiebehörighet, få dalig_belysning-punkter, låg våld-, narkotika- och "
                             "skadegörelsefrekvens (x0,4-0,5)"),
        "normal": ("", "Ingen planterad riskstruktur (Centrum, Stationsområdet och Kungsängen har dock fler "
                       "tillgreppsbrott per invånare: handel och resecentrum)"),
    }
    write_csv(os.path.join(TRUTH, "risk_structure.csv"), ["kod", "planted_risk", "mal", "namn", "beskrivning"],
              [(kod, risk, goals[risk][0], namn, goals[risk][1]) for kod, namn, typ, _, risk in DISTRICTS])

    # issue 19 (part knox): a planted near-repeat burglary process in its own file (own random
    # generator, so nothing above changes); see near_repeat_process.py.
    from near_repeat_process import write_near_repeat
    write_near_repeat(write_csv, os.path.join(OUT, "inbrott.csv"), os.path.join(TRUTH, "near_repeat.csv"),
                      SEED + 19, addrs, START, END)

    # ------------------------------------------------------------- summary
    print("boundary area %.0f m2, %d districts, %d streets, %d addresses, %d meeting places, "
          "%d point factors, %d incidents (%d bad), population %d" % (
              boundary.GetArea(), len(polys), len(streets), len(addrs), len(mps), len(pf),
              len(inc_rows), len(bad_rows), sum(totals.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
